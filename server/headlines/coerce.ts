import type { Change, ChangeType, Headline } from '../protocol.js';
import { headlineDirection, textDirection } from './language.js';
import { checkUrl, HEADLINE_ID_PATTERN, MAX_BYLINE_LENGTH, MAX_TEXT_LENGTH } from './schema.js';
import { cleanReaderText } from './text.js';

const CHANGE_TYPES = new Set<ChangeType>(['publish', 'update', 'retract', 'expire', 'evict']);
const isIso = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/**
 * Turns a stored headline (possibly written by another system) into a safe Headline, stripping
 * what the API would have refused; undefined when it cannot be made one.
 */
export function coerceHeadline(json: string): Headline | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  if (typeof raw.id !== 'string' || !HEADLINE_ID_PATTERN.test(raw.id) || typeof raw.text !== 'string') return undefined;
  const text = cleanReaderText(raw.text, MAX_TEXT_LENGTH);
  if (!text || !isIso(raw.publishedAt)) return undefined;
  const lang = typeof raw.lang === 'string' && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/.test(raw.lang) ? raw.lang : 'und';
  const stated = raw.dir === 'rtl' || raw.dir === 'ltr' ? raw.dir : undefined;
  const headline: Headline = {
    id: raw.id,
    text,
    urgent: raw.urgent === true,
    lang,
    dir: stated && (textDirection(text) ?? stated) === stated ? stated : headlineDirection(text, lang),
    publishedAt: raw.publishedAt,
    updatedAt: isIso(raw.updatedAt) ? raw.updatedAt : raw.publishedAt,
    rev: Number.isSafeInteger(raw.rev) && (raw.rev as number) > 0 ? (raw.rev as number) : 1,
  };
  const byline = typeof raw.byline === 'string' ? cleanReaderText(raw.byline, MAX_BYLINE_LENGTH) : '';
  if (byline) headline.byline = byline;
  if (typeof raw.url === 'string') {
    const checked = checkUrl(raw.url);
    if ('url' in checked) headline.url = checked.url;
  }
  if (isIso(raw.expiresAt)) headline.expiresAt = raw.expiresAt;
  return headline;
}

/** Builds a Change from a change-log entry's fields; undefined for an entry that makes no sense. */
export function coerceChange(channel: string, cursor: string, fields: Record<string, string>): Change | undefined {
  const type = fields.type as ChangeType;
  if (!CHANGE_TYPES.has(type) || !fields.id || !HEADLINE_ID_PATTERN.test(fields.id)) return undefined;
  const change: Change = {
    cursor,
    channel,
    type,
    id: fields.id,
    at: isIso(fields.at) ? fields.at : new Date(Number(cursor.split('-')[0])).toISOString(),
  };
  if (type === 'publish' || type === 'update') {
    const headline = fields.headline === undefined ? undefined : coerceHeadline(fields.headline);
    if (!headline || headline.id !== fields.id) return undefined;
    change.headline = headline;
  }
  return change;
}
