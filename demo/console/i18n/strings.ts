import type { AuditAction } from '../../../server/protocol.js';
import type { PublicKeyProblem } from '../api/public-key.js';

export type Lang = 'ar' | 'en';

/** Expiry choices of the composer, in seconds; `auto` leaves it to the server (urgent alerts expire, others stay). */
export const EXPIRY_CHOICES = ['auto', '900', '3600', '10800', '21600', '86400', '259200'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** How far the "extend" action can push an expiry, in seconds. */
export const EXTEND_CHOICES = [900, 3600, 21600, 86400] as const;

/** How long a partner's current credentials keep working after a rotation, in seconds (the server's default is a day; its most, 30 days). */
export const GRACE_CHOICES = [0, 3600, 86400, 604800, 2592000] as const;
export const DEFAULT_GRACE = 86400;

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
  header: { channel: string; signedInAs: Record<'editor' | 'admin', string>; signOut: string; language: string };
  nav: { label: string; headlines: string; partners: string; sources: string; webhooks: string };
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
    when: string;
    now: string;
    later: string;
    publishAt: string;
    publishAtHint: string;
    schedule: string;
    scheduling: string;
    /** The 202 answer: held until its time, given in the editor's words ("today at 14:05"). */
    scheduledFor: (time: string) => string;
    publishAtRequired: string;
  };
  scheduled: {
    title: string;
    empty: string;
    refresh: string;
    by: (name: string) => string;
    /** Once the scheduler has begun publishing it, it can no longer be changed. */
    publishing: string;
    edit: string;
    cancel: string;
    text: string;
    publishAt: string;
    save: string;
    saving: string;
    close: string;
    saved: string;
    confirmCancel: string;
    confirmCancelAction: string;
    cancelling: string;
    actionsFor: (text: string) => string;
  };
  sources: {
    title: string;
    intro: string;
    add: string;
    refresh: string;
    loading: string;
    empty: (channel: string) => string;
    status: Record<'active' | 'paused', string>;
    lastPoll: string;
    never: string;
    lastError: string;
    failures: (count: number) => string;
    noError: string;
    nextPoll: string;
    items: string;
    counts: (published: string, corrected: string, retracted: string) => string;
    mapping: string;
    urgentPrefix: (prefix: string, kept: boolean) => string;
    urgentCategories: (categories: string) => string;
    itemsLang: (lang: string) => string;
    retractRemoved: string;
    plainMapping: string;
    actionsFor: (url: string) => string;
    pause: string;
    resume: string;
    remove: string;
    cancel: string;
    confirmRemove: (url: string) => string;
    removeConsequence: string;
    confirmRemoveAction: string;
    removing: string;
    paused: string;
    resumed: string;
  };
  sourceForm: {
    title: (channel: string) => string;
    url: string;
    /** Followed by "https://". */
    urlHint: string;
    urgentPrefix: string;
    urgentPrefixHint: string;
    keepPrefix: string;
    urgentCategories: string;
    urgentCategoriesHint: string;
    lang: string;
    langHint: string;
    retractRemoved: string;
    retractRemovedHint: string;
    submit: string;
    adding: string;
    cancel: string;
    urlRequired: string;
  };
  webhooks: {
    title: string;
    intro: string;
    add: string;
    refresh: string;
    loading: string;
    empty: string;
    status: Record<'enabled' | 'disabled', string>;
    channels: string;
    lastDelivery: string;
    noDeliveries: string;
    /** A receiver's answer (`HTTP 204`) or why there was none, and how long it took. */
    answered: (outcome: string, ms: string) => string;
    failing: (count: number, since: string) => string;
    /** The server's reason when someone paused it (`paused by alice`). */
    pausedBy: (name: string) => string;
    created: string;
    actionsFor: (url: string) => string;
    test: string;
    testing: string;
    pingOk: (outcome: string) => string;
    pingFailed: (outcome: string) => string;
    deliveries: string;
    attempts: string;
    attemptColumns: { at: string; type: string; attempt: string; outcome: string };
    deadLetters: string;
    noDeadLetters: string;
    nextRetry: (time: string) => string;
    replay: string;
    replaying: string;
    replayed: (count: number) => string;
    pause: string;
    resume: string;
    remove: string;
    cancel: string;
    confirmRemove: (url: string) => string;
    removeConsequence: string;
    confirmRemoveAction: string;
    removing: string;
    paused: string;
    resumed: string;
  };
  webhookForm: {
    title: string;
    url: string;
    /** Followed by "https://". */
    urlHint: string;
    channels: string;
    description: string;
    submit: string;
    adding: string;
    cancel: string;
    urlRequired: string;
    channelsRequired: string;
    secretTitle: string;
    secretHowTo: string;
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
    /** Readers' counts beside a headline (README, "What the ticker counts"); numbers already in the interface's digits. */
    stats: { label: string; seenBy: (readers: string) => string; clicked: (readers: string) => string; rate: (percent: string) => string; noRate: string };
    /** Beside the list's title: readers who get the channel's urgent alerts by Web Push (a count in the interface's digits). */
    pushSubscribers: (readers: string) => string;
  };
  audit: {
    title: string;
    empty: string;
    actions: Record<AuditAction, string>;
    refresh: string;
  };
  partners: {
    title: string;
    intro: string;
    add: string;
    refresh: string;
    loading: string;
    empty: string;
    status: Record<'active' | 'revoked', string>;
    channels: string;
    origins: string;
    /** A partner without origins: its tokens work only outside browsers (feeds, servers). */
    noOrigins: string;
    credential: string;
    /** The kinds of credential, as the list shows the current one. */
    secretKind: string;
    publicKeyKind: (alg: string) => string;
    /** A credential that keeps working until a rotation's grace period ends. */
    retires: (kind: string, at: string) => string;
    created: string;
    updated: string;
    usage: string;
    live: string;
    connections: string;
    pages: string;
    deliveries: string;
    /** A partner whose usage could not be read. */
    usageMissing: string;
    actionsFor: (name: string) => string;
    edit: string;
    rotate: string;
    revoke: string;
    cancel: string;
    close: string;
    saved: string;
    revoked: string;
    rotatedWithKey: string;
  };
  partnerForm: {
    addTitle: string;
    editTitle: (name: string) => string;
    id: string;
    idHint: string;
    name: string;
    channels: string;
    channelsHint: string;
    knownChannels: string;
    origins: string;
    originsHint: string;
    submitAdd: string;
    adding: string;
    submitEdit: string;
    saving: string;
    idRequired: string;
    nameRequired: string;
    channelsRequired: string;
  };
  credentialField: {
    legend: string;
    secret: string;
    secretHint: string;
    publicKey: string;
    publicKeyHint: string;
    pasteKey: string;
    problems: Record<PublicKeyProblem, string>;
  };
  rotate: {
    title: (name: string) => string;
    intro: string;
    grace: string;
    graceChoices: Record<(typeof GRACE_CHOICES)[number], string>;
    graceHint: string;
    submit: string;
    rotating: string;
  };
  revoke: {
    question: (name: string) => string;
    consequence: string;
    confirm: string;
    revoking: string;
  };
  secret: {
    title: (id: string) => string;
    label: string;
    kid: string;
    once: string;
    howTo: string;
    copy: string;
    copied: string;
    copyFailed: string;
    done: string;
  };
  /** Our wording for failures of the partner API where the headline wording would mislead; the rest as `errors`. */
  partnerErrors: Record<string, string>;
  /** The same for feed sources, webhook endpoints and scheduled headlines. */
  sourceErrors: Record<string, string>;
  webhookErrors: Record<string, string>;
  scheduledErrors: Record<string, string>;
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
    title: 'الدخول',
    intro: 'انشر العناوين العاجلة وصحّحها واسحبها من شاشات القراء فوراً، أو أدِر الشركاء بمفتاح مدير.',
    key: 'مفتاح المحرر أو المدير',
    keyHint: 'يبقى المفتاح في هذه الجلسة فقط ويُمحى عند إغلاق المتصفح.',
    submit: 'دخول',
    checking: 'جارٍ التحقق…',
    keyRequired: 'أدخل مفتاح المحرر أو المدير.',
    partnerKey: 'هذا مفتاح شريك للقراءة فقط؛ يلزم مفتاح محرر أو مدير.',
  },
  header: { channel: 'القناة', signedInAs: { editor: 'المحرر', admin: 'المدير' }, signOut: 'خروج', language: 'لغة الواجهة' },
  nav: { label: 'أقسام الغرفة', headlines: 'العناوين', partners: 'الشركاء', sources: 'المصادر', webhooks: 'الإشعارات' },
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
    when: 'موعد النشر',
    now: 'الآن',
    later: 'في موعد لاحق',
    publishAt: 'التاريخ والوقت',
    publishAtHint: 'بتوقيت جهازك، خلال 30 يوماً.',
    schedule: 'جدولة',
    scheduling: 'جارٍ الجدولة…',
    scheduledFor: (time) => `جُدول العنوان، وسيُنشر في ${time}.`,
    publishAtRequired: 'اختر تاريخ النشر ووقته.',
  },
  scheduled: {
    title: 'العناوين المجدولة',
    empty: 'لا عناوين مجدولة في هذه القناة.',
    refresh: 'تحديث',
    by: (name) => `جدولها ${name}`,
    publishing: 'يُنشر الآن',
    edit: 'تعديل',
    cancel: 'إلغاء الجدولة',
    text: 'نص العنوان',
    publishAt: 'موعد النشر',
    save: 'حفظ',
    saving: 'جارٍ الحفظ…',
    close: 'تراجع',
    saved: 'حُفظ التعديل.',
    confirmCancel: 'إلغاء جدولة هذا العنوان؟ لن يُنشر.',
    confirmCancelAction: 'نعم، ألغِها',
    cancelling: 'جارٍ الإلغاء…',
    actionsFor: (text) => `إجراءات: ${text}`,
  },
  sources: {
    title: 'مصادر الأخبار',
    intro: 'خلاصات RSS أو Atom أو JSON Feed تُقرأ دورياً، وتُنشر عناوينها الجديدة في القناة.',
    add: 'إضافة مصدر',
    refresh: 'تحديث',
    loading: 'جارٍ التحميل…',
    empty: (channel) => `لا مصادر للقناة ${channel}.`,
    status: { active: 'نشط', paused: 'متوقف' },
    lastPoll: 'آخر قراءة ناجحة',
    never: 'لم يُقرأ بعد',
    lastError: 'آخر خطأ',
    failures: (count) => `قراءات فاشلة متتالية: ${count}`,
    noError: 'لا أخطاء',
    nextPoll: 'القراءة التالية',
    items: 'العناوين',
    counts: (published, corrected, retracted) => `نُشر ${published} · صُحّح ${corrected} · سُحب ${retracted}`,
    mapping: 'القواعد',
    urgentPrefix: (prefix, kept) => `عاجل إذا بدأ بـ «${prefix}»${kept ? ' (تبقى البادئة)' : ' (تُحذف البادئة)'}`,
    urgentCategories: (categories) => `عاجل في التصنيفات: ${categories}`,
    itemsLang: (lang) => `لغة البنود: ${lang}`,
    retractRemoved: 'يُسحب العنوان إذا اختفى من الخلاصة',
    plainMapping: 'العناوين كما هي، بلا عاجل',
    actionsFor: (url) => `إجراءات: ${url}`,
    pause: 'إيقاف مؤقت',
    resume: 'استئناف',
    remove: 'حذف',
    cancel: 'إلغاء',
    confirmRemove: (url) => `حذف المصدر ${url}؟`,
    removeConsequence: 'تتوقف قراءته، وتبقى العناوين التي نُشرت منه.',
    confirmRemoveAction: 'نعم، احذفه',
    removing: 'جارٍ الحذف…',
    paused: 'أُوقف المصدر مؤقتاً.',
    resumed: 'استؤنفت قراءة المصدر.',
  },
  sourceForm: {
    title: (channel) => `مصدر جديد للقناة ${channel}`,
    url: 'رابط الخلاصة',
    urlHint: 'RSS أو Atom أو JSON Feed، يبدأ بـ',
    urgentPrefix: 'بادئة العاجل',
    urgentPrefixHint: 'اختياري: العنوان الذي يبدأ بها يُنشر عاجلاً، مثل «عاجل:».',
    keepPrefix: 'إبقاء البادئة في نص العنوان (تُحذف عادةً لأن الشريط يُبرز العاجل بنفسه)',
    urgentCategories: 'تصنيفات العاجل',
    urgentCategoriesHint: 'اختياري: البند في أحد هذه التصنيفات يُنشر عاجلاً. افصل بينها بفواصل.',
    lang: 'لغة البنود',
    langHint: 'اختياري، مثل ar أو en-GB، إن لم تذكرها الخلاصة؛ وإلا فلغة القناة.',
    retractRemoved: 'سحب العنوان إذا اختفى بنده من الخلاصة',
    retractRemovedHint: 'معطّل عادةً: كثير من الخلاصات تُسقط البنود القديمة.',
    submit: 'إضافة المصدر',
    adding: 'جارٍ الإضافة…',
    cancel: 'إلغاء',
    urlRequired: 'اكتب رابط الخلاصة.',
  },
  webhooks: {
    title: 'الإشعارات إلى خوادمكم',
    intro: 'عناوين HTTPS تتلقى تغييرات القنوات موقّعة بسرّها (Standard Webhooks)، مع إعادة المحاولة عند الفشل.',
    add: 'إضافة عنوان',
    refresh: 'تحديث',
    loading: 'جارٍ التحميل…',
    empty: 'لا عناوين إشعارات بعد.',
    status: { enabled: 'يعمل', disabled: 'متوقف' },
    channels: 'القنوات',
    lastDelivery: 'آخر إرسال',
    noDeliveries: 'لم يُرسل شيء بعد',
    answered: (outcome, ms) => `${outcome} خلال ${ms} ملّي ثانية`,
    failing: (count, since) => `${count} أحداث لم تُسلَّم منذ ${since}`,
    pausedBy: (name) => `أوقفه ${name}`,
    created: 'أُضيف',
    actionsFor: (url) => `إجراءات: ${url}`,
    test: 'إرسال تجريبي',
    testing: 'جارٍ الإرسال…',
    pingOk: (outcome) => `وصل الإرسال التجريبي: ${outcome}.`,
    pingFailed: (outcome) => `فشل الإرسال التجريبي: ${outcome}.`,
    deliveries: 'سجل الإرسال',
    attempts: 'المحاولات الأخيرة',
    attemptColumns: { at: 'الوقت', type: 'الحدث', attempt: 'المحاولة', outcome: 'النتيجة' },
    deadLetters: 'أحداث لم تُسلَّم',
    noDeadLetters: 'لا أحداث عالقة.',
    nextRetry: (time) => `المحاولة التالية ${time}`,
    replay: 'إعادة إرسالها',
    replaying: 'جارٍ الإعادة…',
    replayed: (count) => `أُعيد ${count} حدثاً إلى طابور الإرسال.`,
    pause: 'إيقاف مؤقت',
    resume: 'استئناف',
    remove: 'حذف',
    cancel: 'إلغاء',
    confirmRemove: (url) => `حذف العنوان ${url}؟`,
    removeConsequence: 'يتوقف إرسال التغييرات إليه فوراً، ويُحذف سجله وأحداثه العالقة.',
    confirmRemoveAction: 'نعم، احذفه',
    removing: 'جارٍ الحذف…',
    paused: 'أُوقف الإرسال؛ تنتظر التغييرات في السجل حتى الاستئناف.',
    resumed: 'استؤنف الإرسال.',
  },
  webhookForm: {
    title: 'عنوان إشعارات جديد',
    url: 'العنوان',
    urlHint: 'يبدأ بـ',
    channels: 'القنوات المرسَلة',
    description: 'الوصف',
    submit: 'إضافة',
    adding: 'جارٍ الإضافة…',
    cancel: 'إلغاء',
    urlRequired: 'اكتب العنوان.',
    channelsRequired: 'اختر قناة واحدة على الأقل.',
    secretTitle: 'سرّ التوقيع',
    secretHowTo: 'انسخه إلى خادمكم ليتحقق به من توقيع كل إشعار (webhook-signature). لا تضعه في أي صفحة.',
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
    stats: { label: 'القرّاء', seenBy: (n) => `شاهده ${n}`, clicked: (n) => `نقر ${n}`, rate: (p) => `نسبة النقر ${p}`, noRate: 'لم يشاهده أحد بعد' },
    pushSubscribers: (n) => `مشتركو التنبيهات العاجلة: ${n}`,
  },
  audit: {
    title: 'سجل التعديلات',
    empty: 'لا تعديلات بعد.',
    actions: { publish: 'نشر', update: 'تصحيح', retract: 'سحب', expire: 'انتهى', evict: 'أُزيح', schedule: 'جُدول', schedule_edit: 'عُدّل موعده', schedule_cancel: 'أُلغيت جدولته' },
    refresh: 'تحديث',
  },
  partners: {
    title: 'الشركاء',
    intro: 'المواقع المرخَّص لها بعرض قنواتك الخاصة، ومفاتيح توقيعها واستخدامها اليوم.',
    add: 'إضافة شريك',
    refresh: 'تحديث',
    loading: 'جارٍ التحميل…',
    empty: 'لا شركاء بعد.',
    status: { active: 'نشط', revoked: 'مُبطَل' },
    channels: 'القنوات',
    origins: 'المواقع',
    noOrigins: 'لا مواقع: رموزه تعمل خارج المتصفح فقط',
    credential: 'التوقيع',
    secretKind: 'سرّ مشترك (HMAC)',
    publicKeyKind: (alg) => `مفتاح عام (${alg})`,
    retires: (kind, at) => `السابق (${kind}) يعمل حتى ${at}`,
    created: 'أُضيف',
    updated: 'عُدّل',
    usage: 'الاستخدام',
    live: 'قرّاء الآن',
    connections: 'اتصالات اليوم',
    pages: 'صفحات اليوم',
    deliveries: 'عناوين سُلّمت اليوم',
    usageMissing: 'تعذّرت قراءة الاستخدام',
    actionsFor: (name) => `إجراءات: ${name}`,
    edit: 'تعديل',
    rotate: 'تجديد التوقيع',
    revoke: 'إبطال',
    cancel: 'إلغاء',
    close: 'إغلاق',
    saved: 'حُفظت التعديلات.',
    revoked: 'أُبطل الشريك: رُفضت رموزه وقُطع قرّاؤه.',
    rotatedWithKey: 'سُجّل المفتاح العام الجديد.',
  },
  partnerForm: {
    addTitle: 'شريك جديد',
    editTitle: (name) => `تعديل ${name}`,
    id: 'المعرّف',
    idHint: 'يظهر في رموز الشريك (iss) ولا يتغير. حروف لاتينية صغيرة وأرقام وشرطات، حتى 64.',
    name: 'الاسم المعروض',
    channels: 'القنوات',
    channelsHint: 'افصل بينها بفواصل.',
    knownChannels: 'القنوات المعروفة:',
    origins: 'المواقع',
    originsHint: 'موقع في كل سطر، مثل https://news.example، أو https://*.example.com لكل نطاقاته الفرعية.',
    submitAdd: 'إضافة الشريك',
    adding: 'جارٍ الإضافة…',
    submitEdit: 'حفظ',
    saving: 'جارٍ الحفظ…',
    idRequired: 'اكتب معرّف الشريك.',
    nameRequired: 'اكتب اسم الشريك.',
    channelsRequired: 'اكتب قناة واحدة على الأقل.',
  },
  credentialField: {
    legend: 'طريقة التوقيع',
    secret: 'سرّ مشترك (HMAC)',
    secretHint: 'يُصدر الخادم سراً يظهر مرة واحدة، يوقّع به خادم الشريك رموزه.',
    publicKey: 'مفتاح الشريك العام',
    publicKeyHint: 'يحتفظ الشريك بمفتاحه الخاص ولا يُتبادل أي سر.',
    pasteKey: 'المفتاح العام (JWK أو PEM، من نوع Ed25519 أو P-256)',
    problems: {
      empty: 'الصق المفتاح العام.',
      private_key: 'هذا مفتاح خاص ولم يُرسل. الصق الجزء العام منه فقط، واحتفظ بالخاص لدى الشريك.',
      not_a_key: 'لم يُتعرّف عليه مفتاحاً عاماً بصيغة JWK أو PEM.',
    },
  },
  rotate: {
    title: (name) => `تجديد توقيع ${name}`,
    intro: 'يُصدر توقيعاً جديداً، ويبقى الحالي صالحاً طوال المهلة ريثما ينتقل خادم الشريك إلى الجديد.',
    grace: 'مهلة التوقيع الحالي',
    graceChoices: { 0: 'يتوقف فوراً', 3600: 'ساعة', 86400: 'يوم', 604800: '7 أيام', 2592000: '30 يوماً' },
    graceHint: 'بعد المهلة تُرفض الرموز الموقّعة بالتوقيع الحالي.',
    submit: 'تجديد',
    rotating: 'جارٍ التجديد…',
  },
  revoke: {
    question: (name) => `إبطال ${name}؟`,
    consequence: 'تُرفض رموزه فوراً ويُقطع قرّاؤه المباشرون على كل الخوادم، ولا يمكن التراجع عن ذلك.',
    confirm: 'نعم، أبطِله',
    revoking: 'جارٍ الإبطال…',
  },
  secret: {
    title: (id) => `سرّ ${id}`,
    label: 'السر',
    kid: 'معرّف التوقيع (kid)',
    once: 'يظهر هذا السر الآن فقط: لن تراه مرة أخرى بعد إغلاق هذه النافذة.',
    howTo: 'انسخه وسلّمه لخادم الشريك ليوقّع به رموزه (HS256). لا تضعه في أي صفحة.',
    copy: 'نسخ',
    copied: 'نُسخ.',
    copyFailed: 'تعذّر النسخ تلقائياً: حُدّد السر، فانسخه بـ Ctrl+C.',
    done: 'نسختُه، أغلق',
  },
  partnerErrors: {
    forbidden: 'إدارة الشركاء تحتاج مفتاح مدير.',
    not_found: 'لم يعد هذا الشريك موجوداً.',
    exists: 'يوجد شريك بهذا المعرّف. إن كنت أضفته للتو ولم يصلك سرّه، فجدّد توقيعه.',
    conflict: 'عدّل مدير آخر هذا الشريك للتو؛ حدّث القائمة ثم أعد المحاولة.',
  },
  sourceErrors: {
    forbidden: 'إدارة المصادر تحتاج مفتاح مدير.',
    not_found: 'لم يعد هذا المصدر موجوداً.',
    conflict: 'عدّل مدير آخر هذا المصدر للتو؛ حدّث القائمة ثم أعد المحاولة.',
    too_many_sources: 'بلغت الخدمة أقصى عدد من المصادر؛ احذف مصدراً أولاً.',
  },
  webhookErrors: {
    forbidden: 'لا يغطي مفتاحك هذه القناة.',
    not_found: 'لم يعد هذا العنوان موجوداً.',
    conflict: 'تغيّر هذا العنوان للتو؛ حدّث القائمة ثم أعد المحاولة.',
    too_many_webhooks: 'بلغت الخدمة أقصى عدد من عناوين الإشعارات؛ احذف واحداً أولاً.',
  },
  scheduledErrors: {
    not_found: 'لم يعد هذا العنوان مجدولاً: نُشر أو أُلغي.',
    conflict: 'عدّل محرر آخر هذا العنوان للتو؛ حدّث القائمة ثم أعد المحاولة.',
    publishing: 'بدأ نشره للتو؛ صحّحه في العناوين المباشرة.',
    publish_at_past: 'يجب أن يكون الموعد في المستقبل؛ للنشر فوراً اختر «الآن».',
    publish_at_too_far: 'يجب أن يكون الموعد خلال 30 يوماً.',
    too_many_scheduled: 'في القناة أقصى عدد من العناوين المجدولة؛ انشر بعضها أو ألغِه أولاً.',
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
    [/^only http and https URLs are allowed$/, 'يُقبل فقط رابط يبدأ بـ http أو https.'],
    [/^must not contain credentials$/, 'يجب ألا يحتوي الرابط على اسم مستخدم أو كلمة مرور.'],
    [/^must be within 30 days$/, 'يجب أن يكون خلال 30 يوماً.'],
    [/^must be in the future$/, 'يجب أن يكون في المستقبل.'],
    [/^must be 1-64 of a-z, 0-9 and "-"$/, 'حروف لاتينية صغيرة وأرقام وشرطات فقط، حتى 64، لا يبدأ بشرطة ولا ينتهي بها.'],
    [/^channel slugs are 1-64 of a-z, 0-9 and "-"$/, 'اسم القناة حروف لاتينية صغيرة وأرقام وشرطات فقط، حتى 64.'],
    [/^needs at least one channel$/, 'اكتب قناة واحدة على الأقل.'],
    [/^no channel named (.+)$/, 'لا توجد قناة باسم $1.'],
    [/^must be an http\(s\) origin.*$/, 'يجب أن يكون عنوان موقع فقط: http أو https واسم النطاق، بلا مسار.'],
    [/^must be an Ed25519 \(OKP\) or P-256 \(EC\) public JWK$/, 'يجب أن يكون مفتاحاً عاماً من نوع Ed25519 أو P-256.'],
    [/^that is a private key.*$/, 'هذا مفتاح خاص؛ أرسل الجزء العام منه فقط واحتفظ بالخاص لدى الشريك.'],
    [/^not a valid key$/, 'ليس مفتاحاً صالحاً.'],
    [/^must be https \(http only to a host AJEL_OUTBOUND_ALLOW lists\)$/, 'يجب أن يبدأ بـ https://.'],
    [/^(\S+) is a private address.*$/, '$1 عنوان داخلي لا يُرسل إليه؛ يمكن للمشغّل السماح به في AJEL_OUTBOUND_ALLOW.'],
    [/^(\S+) does not resolve$/, 'لا يوجد نطاق باسم $1.'],
    [/^must be a language tag.*$/, 'يجب أن يكون رمز لغة مثل ar أو en-GB.'],
    [/^must be at most 32 characters$/, 'يجب ألا يتجاوز 32 حرفاً.'],
  ],
};

const en: Strings = {
  lang: 'en',
  dir: 'ltr',
  otherLanguage: { lang: 'ar', label: 'العربية' },
  product: 'Ajel',
  consoleName: 'Newsroom',
  signIn: {
    title: 'Sign in',
    intro: 'Publish, correct and retract breaking headlines on every reader’s screen at once, or manage partners with an admin key.',
    key: 'Editor or admin key',
    keyHint: 'Kept for this browser session only; closing the browser forgets it.',
    submit: 'Sign in',
    checking: 'Checking…',
    keyRequired: 'Enter your editor or admin key.',
    partnerKey: 'This is a read-only partner key; an editor or admin key is needed.',
  },
  header: { channel: 'Channel', signedInAs: { editor: 'Editor', admin: 'Admin' }, signOut: 'Sign out', language: 'Interface language' },
  nav: { label: 'Newsroom sections', headlines: 'Headlines', partners: 'Partners', sources: 'Sources', webhooks: 'Webhooks' },
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
    when: 'When',
    now: 'Now',
    later: 'At a time',
    publishAt: 'Date and time',
    publishAtHint: 'Your device’s local time, within 30 days.',
    schedule: 'Schedule',
    scheduling: 'Scheduling…',
    scheduledFor: (time) => `Scheduled: it will be published at ${time}.`,
    publishAtRequired: 'Choose the date and time to publish.',
  },
  scheduled: {
    title: 'Scheduled headlines',
    empty: 'No scheduled headlines in this channel.',
    refresh: 'Refresh',
    by: (name) => `scheduled by ${name}`,
    publishing: 'Publishing now',
    edit: 'Edit',
    cancel: 'Cancel schedule',
    text: 'Headline',
    publishAt: 'Publish at',
    save: 'Save',
    saving: 'Saving…',
    close: 'Back',
    saved: 'Change saved.',
    confirmCancel: 'Cancel this scheduled headline? It will not be published.',
    confirmCancelAction: 'Yes, cancel it',
    cancelling: 'Cancelling…',
    actionsFor: (text) => `Actions: ${text}`,
  },
  sources: {
    title: 'Feed sources',
    intro: 'RSS, Atom or JSON feeds read regularly; their new items are published in the channel.',
    add: 'Add source',
    refresh: 'Refresh',
    loading: 'Loading…',
    empty: (channel) => `No sources for ${channel}.`,
    status: { active: 'Active', paused: 'Paused' },
    lastPoll: 'Last read',
    never: 'Not read yet',
    lastError: 'Last error',
    failures: (count) => `reads failed in a row: ${count}`,
    noError: 'None',
    nextPoll: 'Next read',
    items: 'Headlines',
    counts: (published, corrected, retracted) => `${published} published · ${corrected} corrected · ${retracted} retracted`,
    mapping: 'Rules',
    urgentPrefix: (prefix, kept) => `urgent when it starts with “${prefix}”${kept ? ' (prefix kept)' : ' (prefix stripped)'}`,
    urgentCategories: (categories) => `urgent in categories: ${categories}`,
    itemsLang: (lang) => `items in ${lang}`,
    retractRemoved: 'retracted when it leaves the feed',
    plainMapping: 'Items as they are, none urgent',
    actionsFor: (url) => `Actions: ${url}`,
    pause: 'Pause',
    resume: 'Resume',
    remove: 'Remove',
    cancel: 'Cancel',
    confirmRemove: (url) => `Remove the source ${url}?`,
    removeConsequence: 'It is no longer read; the headlines it published stay.',
    confirmRemoveAction: 'Yes, remove',
    removing: 'Removing…',
    paused: 'Source paused.',
    resumed: 'Source resumed.',
  },
  sourceForm: {
    title: (channel) => `New source for ${channel}`,
    url: 'Feed URL',
    urlHint: 'RSS, Atom or JSON Feed, starting with',
    urgentPrefix: 'Urgent prefix',
    urgentPrefixHint: 'Optional: an item whose title starts with it is published as urgent, such as “BREAKING:”.',
    keepPrefix: 'Keep the prefix in the headline (it is stripped by default: the ticker marks urgency itself)',
    urgentCategories: 'Urgent categories',
    urgentCategoriesHint: 'Optional: an item in one of these categories is urgent. Separate them with commas.',
    lang: 'Language of items',
    langHint: 'Optional, such as ar or en-GB, when the feed does not say; otherwise the channel’s.',
    retractRemoved: 'Retract a headline when its item leaves the feed',
    retractRemovedHint: 'Off by default: many feeds drop old items.',
    submit: 'Add source',
    adding: 'Adding…',
    cancel: 'Cancel',
    urlRequired: 'Write the feed’s URL.',
  },
  webhooks: {
    title: 'Webhooks',
    intro: 'HTTPS endpoints that receive the channels’ changes, signed with their secret (Standard Webhooks) and retried when they fail.',
    add: 'Add endpoint',
    refresh: 'Refresh',
    loading: 'Loading…',
    empty: 'No webhook endpoints yet.',
    status: { enabled: 'Enabled', disabled: 'Disabled' },
    channels: 'Channels',
    lastDelivery: 'Last delivery',
    noDeliveries: 'Nothing sent yet',
    answered: (outcome, ms) => `${outcome} in ${ms} ms`,
    failing: (count, since) => `${count} events undelivered since ${since}`,
    pausedBy: (name) => `paused by ${name}`,
    created: 'Added',
    actionsFor: (url) => `Actions: ${url}`,
    test: 'Send test ping',
    testing: 'Sending…',
    pingOk: (outcome) => `Test ping delivered: ${outcome}.`,
    pingFailed: (outcome) => `Test ping failed: ${outcome}.`,
    deliveries: 'Deliveries',
    attempts: 'Recent attempts',
    attemptColumns: { at: 'Time', type: 'Event', attempt: 'Try', outcome: 'Outcome' },
    deadLetters: 'Undelivered events',
    noDeadLetters: 'None waiting.',
    nextRetry: (time) => `next retry ${time}`,
    replay: 'Send them again',
    replaying: 'Requeueing…',
    replayed: (count) => `${count} events queued again.`,
    pause: 'Pause',
    resume: 'Resume',
    remove: 'Remove',
    cancel: 'Cancel',
    confirmRemove: (url) => `Remove the endpoint ${url}?`,
    removeConsequence: 'Changes stop going to it at once; its history and undelivered events are dropped.',
    confirmRemoveAction: 'Yes, remove',
    removing: 'Removing…',
    paused: 'Deliveries paused; changes wait in the log until it resumes.',
    resumed: 'Deliveries resumed.',
  },
  webhookForm: {
    title: 'New webhook endpoint',
    url: 'URL',
    urlHint: 'Starting with',
    channels: 'Channels it receives',
    description: 'Description',
    submit: 'Add endpoint',
    adding: 'Adding…',
    cancel: 'Cancel',
    urlRequired: 'Write the endpoint’s URL.',
    channelsRequired: 'Choose at least one channel.',
    secretTitle: 'Signing secret',
    secretHowTo: 'Copy it to your server, which checks each delivery’s webhook-signature with it. Never put it in a page.',
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
    stats: { label: 'Readers', seenBy: (n) => `seen by ${n}`, clicked: (n) => `clicked ${n}`, rate: (p) => `rate ${p}`, noRate: 'not seen yet' },
    pushSubscribers: (n) => `urgent alert subscribers: ${n}`,
  },
  audit: {
    title: 'Audit log',
    empty: 'No changes yet.',
    actions: { publish: 'Published', update: 'Corrected', retract: 'Retracted', expire: 'Expired', evict: 'Pushed out', schedule: 'Scheduled', schedule_edit: 'Schedule edited', schedule_cancel: 'Schedule cancelled' },
    refresh: 'Refresh',
  },
  partners: {
    title: 'Partners',
    intro: 'The sites licensed to show your private channels, their signing credentials and their use today.',
    add: 'Add partner',
    refresh: 'Refresh',
    loading: 'Loading…',
    empty: 'No partners yet.',
    status: { active: 'Active', revoked: 'Revoked' },
    channels: 'Channels',
    origins: 'Origins',
    noOrigins: 'None: its tokens work only outside browsers',
    credential: 'Signing',
    secretKind: 'Shared secret (HMAC)',
    publicKeyKind: (alg) => `Public key (${alg})`,
    retires: (kind, at) => `previous (${kind}) works until ${at}`,
    created: 'Added',
    updated: 'Changed',
    usage: 'Usage',
    live: 'Live readers now',
    connections: 'Connections today',
    pages: 'Pages today',
    deliveries: 'Headlines delivered today',
    usageMissing: 'Usage could not be read',
    actionsFor: (name) => `Actions: ${name}`,
    edit: 'Edit',
    rotate: 'Rotate credential',
    revoke: 'Revoke',
    cancel: 'Cancel',
    close: 'Close',
    saved: 'Changes saved.',
    revoked: 'Partner revoked: its tokens are refused and its readers cut off.',
    rotatedWithKey: 'The new public key is registered.',
  },
  partnerForm: {
    addTitle: 'New partner',
    editTitle: (name) => `Edit ${name}`,
    id: 'ID',
    idHint: 'Goes in the partner’s tokens (iss) and never changes: up to 64 lowercase letters, digits and hyphens.',
    name: 'Display name',
    channels: 'Channels',
    channelsHint: 'Separate them with commas.',
    knownChannels: 'Known channels:',
    origins: 'Origins',
    originsHint: 'One per line, such as https://news.example, or https://*.example.com for all its subdomains.',
    submitAdd: 'Add partner',
    adding: 'Adding…',
    submitEdit: 'Save',
    saving: 'Saving…',
    idRequired: 'Write the partner’s ID.',
    nameRequired: 'Write the partner’s name.',
    channelsRequired: 'Write at least one channel.',
  },
  credentialField: {
    legend: 'How it signs',
    secret: 'Shared secret (HMAC)',
    secretHint: 'The server issues a secret, shown once, that the partner’s server signs its tokens with.',
    publicKey: 'The partner’s public key',
    publicKeyHint: 'The partner keeps its private key; no secret is shared.',
    pasteKey: 'Public key (JWK or PEM, Ed25519 or P-256)',
    problems: {
      empty: 'Paste the public key.',
      private_key: 'That is a private key, and it was not sent. Paste only its public part; the private key stays with the partner.',
      not_a_key: 'Not recognised as a public key in JWK or PEM form.',
    },
  },
  rotate: {
    title: (name) => `Rotate ${name}’s credential`,
    intro: 'Issues a new credential; the current one keeps working for the grace period while the partner’s server moves to the new one.',
    grace: 'Grace for the current credential',
    graceChoices: { 0: 'Stops at once', 3600: '1 hour', 86400: '1 day', 604800: '7 days', 2592000: '30 days' },
    graceHint: 'After it, tokens signed with the current credential are refused.',
    submit: 'Rotate',
    rotating: 'Rotating…',
  },
  revoke: {
    question: (name) => `Revoke ${name}?`,
    consequence: 'Its tokens are refused at once and its live readers cut off on every node. This cannot be undone.',
    confirm: 'Yes, revoke',
    revoking: 'Revoking…',
  },
  secret: {
    title: (id) => `Secret of ${id}`,
    label: 'Secret',
    kid: 'Credential ID (kid)',
    once: 'This secret is shown now only: you will not see it again once this window is closed.',
    howTo: 'Copy it to the partner’s server, which signs its tokens with it (HS256). Never put it in a page.',
    copy: 'Copy',
    copied: 'Copied.',
    copyFailed: 'Could not copy by itself: the secret is selected, press Ctrl+C.',
    done: 'I have copied it, close',
  },
  partnerErrors: {
    forbidden: 'Managing partners needs an admin key.',
    not_found: 'This partner no longer exists.',
    exists: 'A partner with this ID exists. If you just added it and got no secret, rotate its credential.',
    conflict: 'Another admin just changed this partner; refresh the list and retry.',
  },
  sourceErrors: {
    forbidden: 'Managing sources needs an admin key.',
    not_found: 'This source no longer exists.',
    conflict: 'Another admin just changed this source; refresh the list and retry.',
    too_many_sources: 'The service has as many sources as it may; remove one first.',
  },
  webhookErrors: {
    forbidden: 'Your key does not cover that channel.',
    not_found: 'This endpoint no longer exists.',
    conflict: 'This endpoint just changed; refresh the list and retry.',
    too_many_webhooks: 'The service has as many webhook endpoints as it may; remove one first.',
  },
  scheduledErrors: {
    not_found: 'This headline is no longer scheduled: it was published or cancelled.',
    conflict: 'Another editor just changed it; refresh the list and retry.',
    publishing: 'It is being published right now; correct it among the live headlines.',
    publish_at_past: 'The time must be in the future; to publish at once, choose “Now”.',
    publish_at_too_far: 'The time must be within 30 days.',
    too_many_scheduled: 'The channel holds as many scheduled headlines as it may; publish or cancel some first.',
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
  fieldReasons: [[/^no channel named (.+)$/, 'There is no channel named $1.']],
};

export const STRINGS: Record<Lang, Strings> = { ar, en };

/** A duration in its largest whole unit: "15 minutes", "6 hr", "3 أيام". */
export function formatSpan(lang: Lang, seconds: number, unitDisplay: 'short' | 'long'): string {
  const [value, unit] = seconds % 86400 === 0 ? [seconds / 86400, 'day'] : seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : [seconds / 60, 'minute'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay }).format(value);
}
