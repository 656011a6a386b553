// The language and direction of a headline published without them. Kept free of dependencies:
// the editor console previews drafts with these same functions.
import type { Direction } from '../protocol.js';

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

/** The script with the most letters decides the language when none is given. */
export function guessLanguage(text: string): string {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const arabic = count(/\p{Script=Arabic}/gu);
  const hebrew = count(/\p{Script=Hebrew}/gu);
  const other = count(/\p{L}/gu) - arabic - hebrew;
  if (arabic + hebrew + other === 0) return 'und';
  if (arabic >= hebrew && arabic >= other) return 'ar';
  return hebrew > other ? 'he' : 'en';
}

export function directionOf(lang: string): Direction {
  return RTL_LANGUAGES.has(lang.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr';
}

/** Letters of the scripts written right to left (their Unicode bidi class is R or AL). */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;

/**
 * The direction most of the text's letters are written in; undefined when it has no letters or as
 * many of each (digits, symbols and punctuation take the direction of what surrounds them).
 */
export function textDirection(text: string): Direction | undefined {
  let rtl = 0;
  let ltr = 0;
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    if (RTL_LETTER.test(char)) rtl++;
    else ltr++;
  }
  return rtl > ltr ? 'rtl' : ltr > rtl ? 'ltr' : undefined;
}

/** The direction of a headline given without one: its text's, else its language's. */
export function headlineDirection(text: string, lang: string): Direction {
  return textDirection(text) ?? directionOf(lang);
}
