import { createHash } from 'node:crypto';
import { checkUrl, InputError, parseInput, publishSchema, type PublishInput } from '../headlines/schema.js';
import type { FeedItem } from './parse.js';
import type { Source } from './source.js';

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;
/** Something a browser would take for a tag: titles are plain text, and one that carries markup is not published. */
const MARKUP = /<\/?[A-Za-z!?][^>]*>/;

/** A feed's `ar_EG` or `EN-us` as a tag the API takes, or undefined. */
function languageOf(value: string | undefined): string | undefined {
  const tag = value?.trim().replace(/_/g, '-');
  return tag && LANGUAGE_TAG.test(tag) ? tag : undefined;
}

export const digestOf = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/** What identifies an item's title from one poll to the next: a change of it is a correction. */
export const titleDigest = (item: FeedItem) => digestOf(item.title?.normalize('NFC').trim() ?? '');

/**
 * The headline an item becomes under its source's mapping rules, validated and cleaned as an
 * editor's would be (`publishSchema`); an InputError says why it cannot be published.
 */
export function headlineInput(item: FeedItem, source: Source, feedLang: string | undefined, channelLang: string): PublishInput {
  let text = item.title?.normalize('NFC').trim() ?? '';
  if (text === '') throw new InputError('the item has no title', 'title', 'empty');
  if (MARKUP.test(text)) throw new InputError('title: must be plain text, not markup', 'title', 'markup');
  const { urgentPrefix, keepPrefix, urgentCategories } = source.mapping;
  let urgent = item.urgent === true;
  if (urgentPrefix && text.startsWith(urgentPrefix)) {
    urgent = true;
    if (!keepPrefix) text = text.slice(urgentPrefix.length).trim();
  }
  const wanted = new Set(urgentCategories.map((category) => category.toLowerCase()));
  if (item.categories.some((category) => wanted.has(category.trim().toLowerCase()))) urgent = true;
  const lang = languageOf(item.lang) ?? languageOf(feedLang) ?? source.mapping.lang ?? channelLang;
  const link = item.link?.trim();
  const url = link && 'url' in checkUrl(link) ? link : undefined;
  return parseInput(publishSchema, { text, urgent, lang, ...(url ? { url } : {}) });
}
