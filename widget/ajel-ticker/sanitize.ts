// The server refuses unsafe text and URLs; the widget checks again before rendering, because what
// it renders may also come from localStorage, which any script of the host page can write.

// Controls, bidi marks, embeddings, overrides and isolates, and invisible characters. Zero-width
// (non-)joiners stay: Persian and emoji sequences need them, and they cannot reorder text.
const UNSAFE_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/gu;

const MAX_TEXT_LENGTH = 400;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,8}$/;

/** Plain single-line text, without anything that could make it display differently from what it says. */
export function cleanText(text: string): string {
  const clean = text.replace(UNSAFE_CHARACTERS, '').replace(/\s+/gu, ' ').trim();
  return clean.length > MAX_TEXT_LENGTH ? `${clean.slice(0, MAX_TEXT_LENGTH)}…` : clean;
}

/** The URL if it is an absolute http(s) URL without credentials; anything else is not rendered as a link. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > 2048 || raw !== cleanText(raw)) return undefined;
  try {
    const url = new URL(raw);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

export function safeLanguageTag(tag: string | null | undefined): string | undefined {
  if (!tag || !LANGUAGE_TAG.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

export function safeDirection(dir: string | undefined): 'rtl' | 'ltr' | 'auto' {
  return dir === 'rtl' || dir === 'ltr' ? dir : 'auto';
}

const TARGET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A browsing-context name or keyword for links; anything else falls back to `_self`. */
export function safeTarget(target: string): string {
  return TARGET_NAME.test(target) ? target : '_self';
}
