// The languages a draft will be shown in: its own, as the server will guess it, and its channel's.

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * The language the server gives a headline published without one (`guessLanguage` in
 * server/headlines/schema.ts, mirrored here without its dependencies): the script with the most letters.
 */
export function guessLanguage(text: string): 'ar' | 'he' | 'en' | 'und' {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const arabic = count(/\p{Script=Arabic}/gu);
  const hebrew = count(/\p{Script=Hebrew}/gu);
  const other = count(/\p{L}/gu) - arabic - hebrew;
  if (arabic + hebrew + other === 0) return 'und';
  if (arabic >= hebrew && arabic >= other) return 'ar';
  return hebrew > other ? 'he' : 'en';
}

export function directionOf(lang: ReturnType<typeof guessLanguage>): 'rtl' | 'ltr' {
  return lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr';
}

/**
 * The language a channel is published in when its slug starts with one (`ar-main` → `ar`,
 * `en-world` → `en`), as the channels are named; undefined when it does not (`desk-1`).
 */
export function channelLanguage(channel: string): string | undefined {
  const prefix = /^([a-z]{2})-/.exec(channel)?.[1];
  return prefix && LANGUAGE_NAMES.of(prefix) ? prefix : undefined;
}
