// The languages a draft will be shown in: its own, guessed by the server's own rule, and its channel's.
export { guessLanguage, headlineDirection } from '../../../server/headlines/language.js';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * The language a channel is published in when its slug starts with one (`ar-main` → `ar`,
 * `en-world` → `en`), as the channels are named; undefined when it does not (`desk-1`).
 */
export function channelLanguage(channel: string): string | undefined {
  const prefix = /^([a-z]{2})-/.exec(channel)?.[1];
  return prefix && LANGUAGE_NAMES.of(prefix) ? prefix : undefined;
}
