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
