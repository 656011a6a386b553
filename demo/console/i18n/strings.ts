import type { AuditAction } from '../../../server/protocol.js';

export type Lang = 'ar' | 'en';

/** Expiry choices of the composer, in seconds; `auto` leaves it to the server (urgent alerts expire, others stay). */
export const EXPIRY_CHOICES = ['auto', '900', '3600', '10800', '21600', '86400', '259200'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** How far the "extend" action can push an expiry, in seconds. */
export const EXTEND_CHOICES = [900, 3600, 21600, 86400] as const;

export interface Strings {
  lang: Lang;
  dir: 'rtl' | 'ltr';
  otherLanguage: { lang: Lang; label: string };
  product: string;
  consoleName: string;
  signIn: {
    title: string;
    intro: string;
    key: string;
    keyHint: string;
    submit: string;
    checking: string;
    keyRequired: string;
    partnerKey: string;
  };
  header: { channel: string; signedInAs: string; signOut: string; language: string };
  feedStatus: Record<'connecting' | 'live' | 'reconnecting' | 'failed', string>;
  composer: {
    title: string;
    target: string;
    text: string;
    textPlaceholder: string;
    url: string;
    /** Followed by "https://". */
    urlHint: string;
    urgent: string;
    urgentHint: string;
    expiry: string;
    expiryAuto: string;
    expiryAutoHint: string;
    preview: string;
    previewEmpty: string;
    publish: string;
    publishUrgent: string;
    publishing: string;
    shortcut: string;
    clear: string;
    published: string;
    replayed: string;
    /** A failure worth retrying (no answer, server error, too busy). */
    failed: string;
    /** A refusal that retrying would not change (no such channel, a key without the right). */
    refused: string;
    /** The server refused a field: shown with the reason at that field. */
    fixFields: string;
    unknownOutcome: string;
    retry: string;
    textRequired: string;
    textTooLong: (max: number) => string;
    characters: (count: number, max: number) => string;
  };
  list: {
    title: string;
    empty: string;
    urgent: string;
    corrected: string;
    by: (name: string) => string;
    expires: (relative: string) => string;
    noExpiry: string;
    link: string;
    correct: string;
    extend: string;
    retract: string;
    save: string;
    saving: string;
    cancel: string;
    confirmRetract: string;
    confirmRetractAction: string;
    retracting: string;
    /** The labels of the extend buttons (EXTEND_CHOICES), as newsrooms say them. */
    extendBy: Record<(typeof EXTEND_CHOICES)[number], string>;
    extendTitle: string;
    removeExpiry: string;
    text: string;
    url: string;
    actionsFor: (text: string) => string;
  };
  audit: {
    title: string;
    empty: string;
    actions: Record<AuditAction, string>;
    refresh: string;
  };
  /** A refused field's message, at the field. */
  fixField: (reason: string) => string;
  errors: Record<string, string> & { generic: string };
  /** Our wording for the server's own reasons (in English) for refusing a field, tried in order. */
  fieldReasons: Array<[RegExp, string]>;
}

const ar: Strings = {
  lang: 'ar',
  dir: 'rtl',
  otherLanguage: { lang: 'en', label: 'English' },
  product: 'عاجل',
  consoleName: 'غرفة الأخبار',
  signIn: {
    title: 'دخول المحررين',
    intro: 'انشر العناوين العاجلة وصحّحها واسحبها من شاشات القراء فوراً.',
    key: 'مفتاح المحرر',
    keyHint: 'يبقى المفتاح في هذه الجلسة فقط ويُمحى عند إغلاق المتصفح.',
    submit: 'دخول',
    checking: 'جارٍ التحقق…',
    keyRequired: 'أدخل مفتاح المحرر.',
    partnerKey: 'هذا مفتاح شريك للقراءة فقط؛ يلزم مفتاح محرر.',
  },
  header: { channel: 'القناة', signedInAs: 'المحرر', signOut: 'خروج', language: 'لغة الواجهة' },
  feedStatus: { connecting: 'جارٍ الاتصال…', live: 'مباشر', reconnecting: 'انقطع الاتصال، تجري إعادة المحاولة…', failed: 'تعذّر فتح القناة' },
  composer: {
    title: 'عنوان جديد',
    target: 'النشر في',
    text: 'نص العنوان',
    textPlaceholder: 'اكتب العنوان كما سيظهر للقراء',
    url: 'الرابط',
    urlHint: 'اختياري، يبدأ بـ',
    urgent: 'عاجل',
    urgentHint: 'يبرز بلون التنبيه في شريط القراء',
    expiry: 'مدة الظهور',
    expiryAuto: 'تلقائية',
    expiryAutoHint: 'العاجل ينتهي تلقائياً، والعادي يبقى حتى يُسحب أو يُزاح.',
    preview: 'معاينة في الشريط',
    previewEmpty: 'اكتب نص العنوان لترى معاينته هنا',
    publish: 'نشر',
    publishUrgent: 'نشر عاجل',
    publishing: 'جارٍ النشر…',
    shortcut: 'Ctrl+Enter للنشر',
    clear: 'مسح المسودة',
    published: 'نُشر العنوان ويظهر الآن للقراء.',
    replayed: 'سبق نشر هذه المسودة في محاولة سابقة، فلم تُنشر مرة ثانية.',
    failed: 'لم يُنشر العنوان. المسودة محفوظة ويمكنك إعادة المحاولة.',
    refused: 'لم يُنشر العنوان. المسودة محفوظة.',
    fixFields: 'لم يُنشر العنوان. المسودة محفوظة: صحّح الحقل المشار إليه ثم انشر.',
    unknownOutcome: 'لم يصل ردّ الخادم. أعد المحاولة بأمان: لن يُنشر العنوان مرتين.',
    retry: 'إعادة المحاولة',
    textRequired: 'اكتب نص العنوان أولاً.',
    textTooLong: (max) => `النص أطول من ${max} حرفاً.`,
    characters: (count, max) => `${count} / ${max}`,
  },
  list: {
    title: 'العناوين المباشرة',
    empty: 'لا عناوين في هذه القناة الآن.',
    urgent: 'عاجل',
    corrected: 'مُصحَّح',
    by: (name) => `بواسطة ${name}`,
    expires: (relative) => `ينتهي ${relative}`,
    noExpiry: 'بلا انتهاء',
    link: 'رابط',
    correct: 'تصحيح',
    extend: 'تمديد',
    retract: 'سحب',
    save: 'حفظ التصحيح',
    saving: 'جارٍ الحفظ…',
    cancel: 'إلغاء',
    confirmRetract: 'سحب هذا العنوان من شاشات جميع القراء؟',
    confirmRetractAction: 'نعم، اسحبه',
    retracting: 'جارٍ السحب…',
    extendBy: { 900: '+15 دقيقة', 3600: '+ساعة', 21600: '+6 ساعات', 86400: '+يوم' },
    extendTitle: 'تمديد الظهور',
    removeExpiry: 'بلا انتهاء',
    text: 'النص المصحَّح',
    url: 'الرابط',
    actionsFor: (text) => `إجراءات: ${text}`,
  },
  audit: {
    title: 'سجل التعديلات',
    empty: 'لا تعديلات بعد.',
    actions: { publish: 'نشر', update: 'تصحيح', retract: 'سحب', expire: 'انتهى', evict: 'أُزيح' },
    refresh: 'تحديث',
  },
  fixField: (reason) => `صحّح هذا الحقل: ${reason}`,
  errors: {
    generic: 'حدث خطأ غير متوقع.',
    control_characters: 'يحتوي على محارف تحكم أو فواصل أسطر غير مسموح بها.',
    bidi_controls: 'يحتوي على محارف خفية للتحكم في اتجاه النص، وقد تُستعمل لتضليل القارئ.',
    invisible_characters: 'يحتوي على محارف خفية غير مسموح بها (مثل الشرطة اللينة أو المسافة الصفرية).',
    noncharacters: 'يحتوي على رموز ليست محارف (مثل U+FFFF).',
    invalid_unicode: 'يحتوي على محارف تالفة.',
    misplaced_invisible_character: 'علامة الاتجاه أو محرف الوصل/الفصل في غير موضعه: يوضع بين محرفين ظاهرين فقط.',
    no_visible_text: 'لا يحتوي على أي حرف أو رقم أو رمز ظاهر.',
    dir_contradicts_text: 'اتجاه الكتابة المطلوب يخالف حروف النص.',
    invalid_utf8: 'وصل النص تالفاً (ترميز غير صالح)؛ لم يُحفظ شيء.',
    network: 'تعذّر الوصول إلى الخادم.',
    timeout: 'انتهت مهلة انتظار الخادم.',
    unauthorized: 'المفتاح غير صالح.',
    forbidden: 'لا يملك هذا المفتاح صلاحية هذه العملية.',
    origin_not_allowed: 'هذا الموقع غير مسموح له بالكتابة.',
    rate_limited: 'عمليات كثيرة في وقت قصير؛ انتظر قليلاً ثم أعد المحاولة.',
    store_unavailable: 'مخزن الأخبار غير متاح مؤقتاً؛ لم يتغير شيء.',
    not_found: 'العنوان لم يعد موجوداً (ربما انتهى أو سُحب).',
    unknown_channel: 'لا توجد قناة بهذا الاسم.',
    conflict: 'يعدّل محرر آخر هذا العنوان الآن؛ أعد المحاولة.',
    server_error: 'خطأ في الخادم.',
    internal: 'خطأ في الخادم.',
  },
  fieldReasons: [
    [/^must not be empty$/, 'لا يمكن أن يكون فارغاً.'],
    [/^must be at most (\d+) characters.*$/, 'يجب ألا يتجاوز $1 حرفاً.'],
    [/^must not contain control characters or line breaks$/, 'يحتوي على محارف تحكم أو فواصل أسطر غير مسموح بها.'],
    [/^must not contain bidirectional/, 'يحتوي على محارف خفية للتحكم في اتجاه النص، وقد تُستعمل لتضليل القارئ.'],
    [/^must not contain invisible/, 'يحتوي على محارف خفية غير مسموح بها.'],
    [/^must not contain spaces, control or invisible characters$/, 'يجب ألا يحتوي الرابط على مسافات أو محارف خفية.'],
    [/^must be an absolute http or https URL$/, 'يجب أن يكون رابطاً كاملاً يبدأ بـ http أو https.'],
    [/^must use http or https$/, 'يُقبل فقط رابط يبدأ بـ http أو https.'],
    [/^must not contain credentials$/, 'يجب ألا يحتوي الرابط على اسم مستخدم أو كلمة مرور.'],
    [/^must be within 30 days$/, 'يجب أن يكون خلال 30 يوماً.'],
    [/^must be in the future$/, 'يجب أن يكون في المستقبل.'],
  ],
};

const en: Strings = {
  lang: 'en',
  dir: 'ltr',
  otherLanguage: { lang: 'ar', label: 'العربية' },
  product: 'Ajel',
  consoleName: 'Newsroom',
  signIn: {
    title: 'Editor sign-in',
    intro: 'Publish, correct and retract breaking headlines on every reader’s screen at once.',
    key: 'Editor key',
    keyHint: 'Kept for this browser session only; closing the browser forgets it.',
    submit: 'Sign in',
    checking: 'Checking…',
    keyRequired: 'Enter your editor key.',
    partnerKey: 'This is a read-only partner key; an editor key is needed.',
  },
  header: { channel: 'Channel', signedInAs: 'Editor', signOut: 'Sign out', language: 'Interface language' },
  feedStatus: { connecting: 'Connecting…', live: 'Live', reconnecting: 'Connection lost, reconnecting…', failed: 'Cannot open the channel' },
  composer: {
    title: 'New headline',
    target: 'Publishing to',
    text: 'Headline',
    textPlaceholder: 'Write the headline as readers will see it',
    url: 'Link',
    urlHint: 'Optional, starting with',
    urgent: 'Urgent',
    urgentHint: 'Stands out in the alert colour on readers’ tickers',
    expiry: 'Show for',
    expiryAuto: 'Automatic',
    expiryAutoHint: 'Urgent alerts expire on their own; others stay until retracted or pushed out.',
    preview: 'Ticker preview',
    previewEmpty: 'Write a headline to preview it here',
    publish: 'Publish',
    publishUrgent: 'Publish urgent',
    publishing: 'Publishing…',
    shortcut: 'Ctrl+Enter to publish',
    clear: 'Clear draft',
    published: 'Published: readers see it now.',
    replayed: 'This draft was already published by an earlier attempt, so it was not published again.',
    failed: 'Not published. Your draft is kept; you can retry.',
    refused: 'Not published. Your draft is kept.',
    fixFields: 'Not published. Your draft is kept: fix the marked field and publish again.',
    unknownOutcome: 'No answer from the server. Retrying is safe: it will not publish twice.',
    retry: 'Retry',
    textRequired: 'Write the headline first.',
    textTooLong: (max) => `The headline is longer than ${max} characters.`,
    characters: (count, max) => `${count} / ${max}`,
  },
  list: {
    title: 'Live headlines',
    empty: 'No headlines in this channel right now.',
    urgent: 'Urgent',
    corrected: 'Corrected',
    by: (name) => `by ${name}`,
    expires: (relative) => `expires ${relative}`,
    noExpiry: 'No expiry',
    link: 'link',
    correct: 'Correct',
    extend: 'Extend',
    retract: 'Retract',
    save: 'Save correction',
    saving: 'Saving…',
    cancel: 'Cancel',
    confirmRetract: 'Retract this headline from every reader’s screen?',
    confirmRetractAction: 'Yes, retract',
    retracting: 'Retracting…',
    extendBy: { 900: '+15 min', 3600: '+1 hour', 21600: '+6 hours', 86400: '+1 day' },
    extendTitle: 'Extend for',
    removeExpiry: 'No expiry',
    text: 'Corrected text',
    url: 'Link',
    actionsFor: (text) => `Actions: ${text}`,
  },
  audit: {
    title: 'Audit log',
    empty: 'No changes yet.',
    actions: { publish: 'Published', update: 'Corrected', retract: 'Retracted', expire: 'Expired', evict: 'Pushed out' },
    refresh: 'Refresh',
  },
  fixField: (reason) => `Fix this field: ${reason}`,
  errors: {
    generic: 'Something unexpected went wrong.',
    control_characters: 'It contains control characters or line breaks.',
    bidi_controls: 'It contains hidden characters that change the direction of the text and can mislead readers.',
    invisible_characters: 'It contains invisible characters (such as a soft hyphen or a zero-width space).',
    noncharacters: 'It contains code points that are not characters (such as U+FFFF).',
    invalid_unicode: 'It contains broken characters.',
    misplaced_invisible_character: 'A direction mark or joiner is out of place: it belongs between two visible characters.',
    no_visible_text: 'It has no visible letter, digit or symbol.',
    dir_contradicts_text: 'The direction asked for contradicts the letters of the text.',
    invalid_utf8: 'The text arrived garbled (not UTF-8); nothing was stored.',
    network: 'Cannot reach the server.',
    timeout: 'The server took too long to answer.',
    unauthorized: 'The key is not valid.',
    forbidden: 'This key may not do that.',
    origin_not_allowed: 'This site may not write.',
    rate_limited: 'Too many actions in a short time; wait a moment and retry.',
    store_unavailable: 'The headline store is unavailable for a moment; nothing changed.',
    not_found: 'The headline is gone (it may have expired or been retracted).',
    unknown_channel: 'There is no channel with that name.',
    conflict: 'Another editor is changing this headline; retry.',
    server_error: 'Server error.',
    internal: 'Server error.',
  },
  fieldReasons: [],
};

export const STRINGS: Record<Lang, Strings> = { ar, en };

/** A duration in its largest whole unit: "15 minutes", "6 hr", "3 أيام". */
export function formatSpan(lang: Lang, seconds: number, unitDisplay: 'short' | 'long'): string {
  const [value, unit] = seconds % 86400 === 0 ? [seconds / 86400, 'day'] : seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : [seconds / 60, 'minute'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay }).format(value);
}
