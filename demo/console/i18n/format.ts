import type { Lang } from './strings.js';

/** Wall-clock time of an ISO date, e.g. "14:05". */
export function clockTime(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** Date and time to the minute, e.g. "12 May 2026, 14:05". */
export function dateTime(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
}

/** A count in the interface's digits: "1,204" / "١٬٢٠٤". */
export function count(lang: Lang, value: number): string {
  return new Intl.NumberFormat(lang).format(value);
}

/** Date and time, for titles. */
export function fullTime(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

/** "in 12 min" / "خلال 12 دقيقة", rounded to the largest sensible unit. */
export function relativeTime(lang: Lang, iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/** A name set into a sentence, kept whole whatever its direction (U+2068 FIRST STRONG ISOLATE … U+2069). */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** Whether a URL is safe to link to (http or https); anything else is shown as text. */
export function webUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The value a datetime-local input shows for an ISO date, in the device's time zone: "2026-12-05T09:00". */
export function localInputValue(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO date of a datetime-local input's value, which is in the device's time zone; undefined when it holds no date. */
export function isoOfLocalInput(value: string): string | undefined {
  const time = value ? new Date(value).getTime() : Number.NaN;
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

