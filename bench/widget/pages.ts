// The host pages of the widget benchmark, served from their own origin as a publisher's site would
// be: the ticker embedded with one tag, and the floor it is compared with, a plain CSS-keyframes
// marquee of the same headlines at the same speed that takes the same live headlines with the
// least script there is; and, for what any update costs on the machine, one still line of text
// that only has its words replaced. None runs script per frame.

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const SUBJECTS = [
  'افتتاح معرض الكتاب الدولي بمشاركة 42 دولة و1200 دار نشر',
  'البنك المركزي يبقي أسعار الفائدة دون تغيير للشهر الثالث على التوالي',
  'منتخب الشباب يتأهل إلى نهائي كأس آسيا بعد فوزه 2-1',
  'موجة أمطار غزيرة متوقعة على المناطق الساحلية مساء الخميس',
  'إطلاق خط قطار جديد يربط العاصمة بالمدن الشمالية خلال 90 دقيقة',
  'وزارة الصحة تعلن عن حملة تطعيم وطنية تبدأ الأحد',
  'ارتفاع صادرات التمور بنسبة 18% خلال الربع الأول',
  'الأمم المتحدة تدعو إلى وقف فوري لإطلاق النار في المنطقة',
  'افتتاح أكبر محطة للطاقة الشمسية في البلاد بقدرة 600 ميغاواط',
  'جامعة العاصمة تطلق برنامجاً جديداً للذكاء الاصطناعي',
  'انخفاض أسعار النفط مع تراجع الطلب العالمي',
  'مهرجان المسرح العربي يكرّم رواد الخشبة في دورته الخامسة عشرة',
  'توقيع اتفاقية لتحلية المياه تخدم مليوني نسمة',
  'الدوري المحلي: تعادل مثير في قمة الجولة العاشرة',
  'إغلاق مؤقت لطريق الساحل بسبب أعمال صيانة حتى الجمعة',
];

/** A script expression: the `EventSource` of the benchmark's live headlines at `path`. */
const listenTo = (path: string) => `new EventSource(${JSON.stringify(path).replace(/</g, '\\u003c')})`;

/** Invented headlines, Arabic as on the sites Ajel serves; `n` gives each one its own text. */
export const benchHeadline = (n: number) => `${SUBJECTS[n % SUBJECTS.length]} (${(n + 1).toLocaleString('ar-EG')})`;

/** Marks the moment the first headline (`part="item"`) appears in the ticker's shadow root. */
const FIRST_HEADLINE_OBSERVER = `
const ticker = document.querySelector('ajel-ticker');
customElements.whenDefined('ajel-ticker').then(() => {
  const root = ticker.shadowRoot;
  if (!root) return;
  const found = () => root.querySelector('[part~="item"]');
  const mark = () => performance.mark('ajel:first-headline');
  if (found()) return mark();
  new MutationObserver((_, observer) => {
    if (!found()) return;
    mark();
    observer.disconnect();
  }).observe(root, { childList: true, subtree: true });
});`;

export function tickerPage(options: { server: string; channel: string; speed: number }): string {
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>Ajel widget benchmark</title><style>body { margin: 0; font-family: sans-serif; }</style></head>
<body>
<ajel-ticker channel="${escapeHtml(options.channel)}" server="${escapeHtml(options.server)}" speed="${options.speed}"></ajel-ticker>
<script type="module">${FIRST_HEADLINE_OBSERVER}</script>
<script type="module" src="${escapeHtml(options.server)}/widget/ajel-ticker.js"></script>
</body>
</html>`;
}

/**
 * The same headlines in a CSS-keyframes marquee moving right (reading direction for Arabic) at
 * `speed` px/s; the content is doubled so the loop is seamless. Its width is read at load to set
 * the duration. The mark goes just before the content, which is there from the first paint.
 *
 * Live headlines come as Server-Sent Events from `events` (a JSON string each): each goes first in
 * both halves, the oldest leaves both, and the duration is set again for the same speed. That is
 * the least a live marquee can do (no position kept, nothing checked), the floor of an update.
 */
export function marqueePage(options: { headlines: string[]; speed: number; events: string }): string {
  const items = options.headlines.map((text) => `<span part="item">${escapeHtml(text)}</span>`).join('');
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>CSS marquee baseline</title>
<style>
  body { margin: 0; font-family: sans-serif; }
  .bar { overflow: hidden; background: #111; color: #fff; font: 18px/2 sans-serif; contain: content; }
  .track { display: inline-flex; gap: 3rem; white-space: nowrap; animation: marquee var(--duration, 60s) linear infinite; }
  .track span { unicode-bidi: isolate; }
  @keyframes marquee { from { transform: translateX(0); } to { transform: translateX(50%); } }
</style></head>
<body>
<script>performance.mark('ajel:first-headline');</script>
<div class="bar"><div class="track">${items}${items}</div></div>
<script>
const track = document.querySelector('.track');
const keepSpeed = () => track.style.setProperty('--duration', track.scrollWidth / 2 / ${options.speed} + 's');
keepSpeed();
${listenTo(options.events)}.onmessage = ({ data }) => {
  const half = track.children.length / 2;
  const firsts = [track.children[0], track.children[half]];
  const oldest = [track.children[half - 1], track.children[2 * half - 1]];
  for (const first of firsts) {
    const item = document.createElement('span');
    item.setAttribute('part', 'item');
    item.textContent = JSON.parse(data);
    first.before(item);
  }
  for (const item of oldest) item.remove();
  keepSpeed();
};
</script>
</body>
</html>`;
}

/**
 * One line in the marquee's font showing the latest headline, its text replaced by each one that
 * comes from `events`: nothing moves, nothing is kept, nothing is measured. What showing a new
 * headline costs the machine at the least, whatever the page around it does.
 */
export function textLinePage(options: { headline: string; events: string }): string {
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>One line of text</title>
<style>
  body { margin: 0; font-family: sans-serif; }
  .bar { overflow: hidden; background: #111; color: #fff; font: 18px/2 sans-serif; white-space: nowrap; contain: content; }
</style></head>
<body>
<script>performance.mark('ajel:first-headline');</script>
<div class="bar"><span part="item">${escapeHtml(options.headline)}</span></div>
<script>
const line = document.querySelector('[part="item"]');
${listenTo(options.events)}.onmessage = ({ data }) => {
  line.textContent = JSON.parse(data);
};
</script>
</body>
</html>`;
}
