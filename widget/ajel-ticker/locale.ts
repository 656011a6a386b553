import type { ConnectionStatus } from './controllers/live-channel.js';
import { lastResult } from './last-result.js';
import { safeLanguageTag } from './sanitize.js';

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
// Arabic-speaking regions whose default numbering is Latin digits; elsewhere Arabic is written with
// Arabic-Indic digits, as on the publishers' sites.
const LATIN_DIGIT_REGIONS = new Set(['MA', 'DZ', 'TN', 'LY', 'EH', 'MR']);

export interface Strings {
  label: string;
  region: string;
  pause: string;
  play: string;
  urgent: string;
  urgentAnnouncement: string;
  newTab: string;
  status: Record<ConnectionStatus, string>;
  /** The bell's label: what pressing it does, or that it can do nothing (notifications blocked, push off). */
  push: Record<'off' | 'on' | 'unavailable', string>;
}

const STRINGS: Record<'ar' | 'en', Strings> = {
  ar: {
    label: 'عاجل',
    region: 'شريط الأخبار العاجلة',
    pause: 'إيقاف الشريط مؤقتًا',
    play: 'تشغيل الشريط',
    urgent: 'تنبيه',
    urgentAnnouncement: 'تنبيه عاجل',
    newTab: '(يفتح في علامة تبويب جديدة)',
    status: { connecting: 'جارٍ الاتصال…', live: 'مباشر', reconnecting: 'إعادة الاتصال…', offline: 'غير متصل' },
    push: { off: 'نبّهني بالأخبار العاجلة', on: 'إيقاف تنبيهات الأخبار العاجلة', unavailable: 'التنبيهات غير متاحة' },
  },
  en: {
    label: 'Breaking',
    region: 'Breaking news ticker',
    pause: 'Pause the ticker',
    play: 'Play the ticker',
    urgent: 'Alert',
    urgentAnnouncement: 'Urgent alert',
    newTab: '(opens in a new tab)',
    status: { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' },
    push: { off: 'Alert me to breaking news', on: 'Stop breaking news alerts', unavailable: 'Alerts are not available' },
  },
};

export function languageOf(locale: string): string {
  return locale.split('-')[0].toLowerCase();
}

export function isRtlLanguage(locale: string): boolean {
  return RTL_LANGUAGES.has(languageOf(locale));
}

/** The widget's own words: Arabic for Arabic locales, English otherwise. */
export function stringsFor(locale: string): Strings {
  return languageOf(locale) === 'ar' ? STRINGS.ar : STRINGS.en;
}

/**
 * The locale to format with: the `locale` attribute, else the nearest `lang` of the page, else
 * Arabic for a right-to-left ticker and English for a left-to-right one.
 */
export const resolveLocale = lastResult((explicit: string, pageLang: string | null | undefined, dir: string): string => {
  const tag = safeLanguageTag(explicit) ?? safeLanguageTag(pageLang) ?? (dir === 'ltr' ? 'en' : 'ar');
  const locale = new Intl.Locale(tag);
  if (locale.language === 'ar' && !locale.numberingSystem && !(locale.region && LATIN_DIGIT_REGIONS.has(locale.region))) {
    return new Intl.Locale(tag, { numberingSystem: 'arab' }).toString();
  }
  return tag;
});

const timeFormats = new Map<string, { time: Intl.DateTimeFormat; dayAndTime: Intl.DateTimeFormat }>();

/** The time of day for today's headlines, day and time for older ones, in the locale's own digits. */
export function formatTime(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  let formats = timeFormats.get(locale);
  if (!formats) {
    formats = {
      time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }),
      dayAndTime: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }),
    };
    timeFormats.set(locale, formats);
  }
  return (date.toDateString() === now.toDateString() ? formats.time : formats.dayAndTime).format(date);
}
