// What text may reach readers (headline text, bylines): plain, single-line, and showing what it
// says. Invisible characters cannot pad, hide or disguise it, and it cannot look empty.

export interface TextProblem {
  /** The API error code: `control_characters`, `noncharacters`, `bidi_controls`, ... */
  code: string;
  message: string;
}

/** Zero-width non-joiner and joiner: Persian and Urdu words, Indic conjuncts and emoji sequences need them. */
const JOINERS = new Set([0x200c, 0x200d]);
/** Arabic letter mark, left-to-right and right-to-left marks: they place punctuation and numbers next to mixed-direction text. */
const DIRECTION_MARKS = new Set([0x061c, 0x200e, 0x200f]);
const WAVING_BLACK_FLAG = 0x1f3f4;

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
/**
 * Invisible characters refused besides the format controls (category Cf): Mongolian free variation
 * selectors, the combining grapheme joiner, Hangul fillers and Khmer inherent vowels. The Cf ranges
 * listed (soft hyphen, deprecated format characters, musical and hieroglyph format controls) are
 * refused also where an older Unicode version would not call them Cf.
 */
const INVISIBLE = /[\p{Cf}\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u206a-\u206f\u3164\uffa0\u{1d173}-\u{1d17a}\u{13430}-\u{1343f}]/u;
/** Characters that look like nothing: they do not make a headline visible. */
const BLANK = /[\u2800\u3164\u115f\u1160\uffa0]/u;
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;
/** What a joiner or a direction mark may stand next to: something drawn (a letter, a mark on one, a digit, a symbol, punctuation). */
const DRAWN = /[\p{L}\p{M}\p{N}\p{S}\p{P}]/u;
const WHITE_SPACE_RUN = /\p{White_Space}+/gu;

const isNoncharacter = (cp: number) => (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
const isTag = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Which characters of `chars` are tags of an emoji flag sequence (🏴 followed by tag characters, such as Scotland's flag). */
function flagTags(chars: number[]): Set<number> {
  const positions = new Set<number>();
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== WAVING_BLACK_FLAG) continue;
    while (i + 1 < chars.length && isTag(chars[i + 1])) positions.add(++i);
  }
  return positions;
}

/** The first character refused wherever it stands, with why; undefined when there is none. */
function forbiddenCharacter(text: string): TextProblem | undefined {
  if (!text.isWellFormed()) return { code: 'invalid_unicode', message: 'must be well-formed Unicode' };
  const chars = [...text].map((char) => char.codePointAt(0)!);
  const flags = flagTags(chars);
  for (let i = 0; i < chars.length; i++) {
    const cp = chars[i];
    const char = String.fromCodePoint(cp);
    if (CONTROL.test(char)) return { code: 'control_characters', message: 'must not contain control characters or line breaks' };
    if (isNoncharacter(cp)) return { code: 'noncharacters', message: `must not contain Unicode noncharacters (${hex(cp)})` };
    if (BIDI_CONTROL.test(char)) {
      return { code: 'bidi_controls', message: 'must not contain bidirectional embedding, override or isolate controls' };
    }
    if (JOINERS.has(cp) || DIRECTION_MARKS.has(cp) || flags.has(i)) continue;
    if (INVISIBLE.test(char)) return { code: 'invisible_characters', message: `must not contain invisible characters (${hex(cp)})` };
  }
  return undefined;
}

/**
 * Where a joiner or direction mark stands in normalised text, when it stands where it cannot do its
 * job: a joiner needs a drawn character on both sides; a mark needs one on at least one side, and
 * neither may be first, last, or next to another invisible character.
 */
function misplacedFormatCharacter(chars: string[]): number | undefined {
  const drawn = (index: number) => index >= 0 && index < chars.length && DRAWN.test(chars[index]) && !BLANK.test(chars[index]);
  for (let i = 0; i < chars.length; i++) {
    const cp = chars[i].codePointAt(0)!;
    if (JOINERS.has(cp) && !(drawn(i - 1) && drawn(i + 1))) return i;
    if (DIRECTION_MARKS.has(cp)) {
      const invisibleNeighbour = [i - 1, i + 1].some((j) => j >= 0 && j < chars.length && INVISIBLE.test(chars[j]));
      if (i === 0 || i === chars.length - 1 || invisibleNeighbour || !(drawn(i - 1) || drawn(i + 1))) return i;
    }
  }
  return undefined;
}

/** NFC, white space collapsed to single spaces and trimmed (U+FEFF is not white space: it is refused, never trimmed away). */
export function normaliseText(raw: string): string {
  return raw.normalize('NFC').replace(WHITE_SPACE_RUN, ' ').replace(/^ | $/g, '');
}

export function hasVisibleCharacter(text: string): boolean {
  for (const char of text) if (VISIBLE.test(char) && !BLANK.test(char)) return true;
  return false;
}

/**
 * The normalised text, or why it cannot reach readers. `maxLength` counts code points after
 * normalising; empty text is a problem of its own (`empty`), left to the caller to word.
 */
export function checkReaderText(raw: string, maxLength: number): { text: string } | { problem: TextProblem } {
  const forbidden = forbiddenCharacter(raw);
  if (forbidden) return { problem: forbidden };
  const text = normaliseText(raw);
  const chars = [...text];
  if (chars.length === 0) return { problem: { code: 'empty', message: 'must not be empty' } };
  if (chars.length > maxLength) return { problem: { code: 'too_long', message: `must be at most ${maxLength} characters (got ${chars.length})` } };
  if (!hasVisibleCharacter(text)) {
    return { problem: { code: 'no_visible_text', message: 'must contain at least one visible letter, digit, symbol or punctuation mark' } };
  }
  const misplaced = misplacedFormatCharacter(chars);
  if (misplaced !== undefined) {
    const cp = hex(chars[misplaced].codePointAt(0)!);
    return {
      problem: {
        code: 'misplaced_invisible_character',
        message: `${cp} may only stand between visible characters (a joiner inside a word or emoji, a direction mark next to a letter, digit or punctuation), not at the start, the end or in a run`,
      },
    };
  }
  return { text };
}

/** True when a URL as typed holds anything invisible, any control or any white space. */
export function hasInvisibleOrControl(raw: string): boolean {
  if (!raw.isWellFormed()) return true;
  for (const char of raw) {
    const cp = char.codePointAt(0)!;
    if (CONTROL.test(char) || INVISIBLE.test(char) || /\p{White_Space}/u.test(char) || isNoncharacter(cp) || BLANK.test(char)) return true;
  }
  return false;
}

/**
 * Text written by another system, made what the API would have accepted: refused characters and
 * misplaced joiners and marks are removed. Empty when nothing visible is left.
 */
export function cleanReaderText(raw: string, maxLength: number): string {
  const all = [...raw.toWellFormed()];
  const flags = flagTags(all.map((char) => char.codePointAt(0)!));
  const kept = all.filter((char, i) => {
    const cp = char.codePointAt(0)!;
    if (CONTROL.test(char) || isNoncharacter(cp) || BIDI_CONTROL.test(char)) return false;
    return JOINERS.has(cp) || DIRECTION_MARKS.has(cp) || flags.has(i) || !INVISIBLE.test(char);
  });
  const chars = [...normaliseText(kept.join(''))].slice(0, maxLength);
  for (let misplaced = misplacedFormatCharacter(chars); misplaced !== undefined; misplaced = misplacedFormatCharacter(chars)) {
    chars.splice(misplaced, 1);
  }
  const text = normaliseText(chars.join(''));
  return hasVisibleCharacter(text) ? text : '';
}
