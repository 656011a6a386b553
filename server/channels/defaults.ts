// What a channel nobody has described reads as. Derived from its slug and the configuration only,
// never from its headlines, so a feed's language cannot flip with the last headline published.
import { directionOf } from '../headlines/language.js';
import type { StoredChannel } from './record.js';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** The language a slug starts with (`ar-main` → `ar`, `en-world` → `en`); undefined for `desk-1`. */
export function slugLanguage(channel: string): string | undefined {
  const prefix = /^([a-z]{2,3})-/.exec(channel)?.[1];
  return prefix && LANGUAGE_NAMES.of(prefix) ? prefix : undefined;
}

/** Default texts, in Arabic for Arabic channels and in English for every other language. */
function textsFor(channel: string, lang: string): Pick<StoredChannel, 'title' | 'description' | 'label'> {
  if (lang.split('-')[0].toLowerCase() === 'ar') {
    return { title: `عاجل: ${channel}`, description: `آخر الأخبار العاجلة في ${channel}`, label: 'عاجل' };
  }
  return { title: `Breaking: ${channel}`, description: `The latest breaking news on ${channel}`, label: 'Breaking' };
}

/**
 * The record of a channel without a stored one: its language from the slug's prefix, else
 * `fallbackLang` (AJEL_CHANNEL_LANGUAGE); `lang` overrides both (a new channel added with one).
 */
export function defaultChannel(channel: string, fallbackLang: string, lang?: string): StoredChannel {
  const language = lang ?? slugLanguage(channel) ?? fallbackLang;
  return { channel, ...textsFor(channel, language), lang: language, dir: directionOf(language), rev: 0 };
}

