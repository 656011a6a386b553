// The host pages of the host-page benchmark: one Arabic news article of the kind Ajel is embedded
// in (a header, the ticker under it, the story), served from its own origin, in three versions that
// differ only in the ticker: none; the README's embed snippet; and the control that shows the
// measurement sees the shift a ticker can cause: the snippet without its `<style>` line, its script
// added after the first frame (as a tag manager would), so the upgrade always comes after a paint.

import { TICKER_PAGE_CSS } from '../../server/embed/page-style.js';

export type HostPageName = 'no-ticker' | 'snippet' | 'snippet-without-style';
export const HOST_PAGES: readonly HostPageName[] = ['no-ticker', 'snippet', 'snippet-without-style'];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const PARAGRAPHS = [
  'تم التوصل إلى اتفاق بين الأطراف برعاية دولية يهدف إلى وقف المواجهات التي اندلعت في المنطقة منذ أسبوع، وفتح الطرق أمام السكان والمساعدات.',
  'ووفقاً للاتفاق، تتوقف الهجمات على النقاط المتنازع عليها، وتنسحب المجموعات المسلحة إلى مواقعها السابقة خلال ثمانٍ وأربعين ساعة، بإشراف لجنة مشتركة.',
  'وجاء الاتفاق بعد اجتماع مطوّل بين قادة الطرفين، أكد فيه الوسطاء ضرورة استمرار التنسيق لتجنب أي تصعيد جديد قد يهدد الاستقرار الهش في المحافظة.',
  'وأدى الحصار المستمر منذ سبعة أيام إلى منع السكان من الخروج أو الدخول، كما أُغلقت الطرق التي تربط المدينة بالريف، ما تسبب في نقص حاد في المواد الغذائية والأدوية.',
  'وقال سكان محليون إن الأسواق بدأت تستعيد حركتها تدريجياً صباح اليوم، مع عودة بعض المحال التجارية إلى العمل وسط إجراءات أمنية مشددة على المداخل الرئيسية.',
];

/** The article page; with `ticker`, the ticker sits under the header, as the README embeds it. */
export function hostPage(name: HostPageName, options: { server: string; channel: string }): string {
  const server = escapeHtml(options.server);
  const reserved = name === 'snippet' ? `<style>${TICKER_PAGE_CSS}</style>\n` : '';
  const src = JSON.stringify(`${options.server}/widget/ajel-ticker.js`).replace(/</g, '\\u003c');
  const script = {
    'no-ticker': '',
    snippet: `<script type="module" src="${server}/widget/ajel-ticker.js"></script>\n`,
    'snippet-without-style': `<script>requestAnimationFrame(() => setTimeout(() => document.head.append(Object.assign(document.createElement('script'), { type: 'module', src: ${src} }))));</script>\n`,
  }[name];
  const ticker = name === 'no-ticker' ? '' : `<ajel-ticker channel="${escapeHtml(options.channel)}" server="${server}"></ajel-ticker>\n`;
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>خبر — موقع إخباري</title>
${reserved}${script}<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #fff; color: #1a1a1a; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 0.75rem 1rem; background: #0b3d5c; color: #fff; }
  header nav { display: flex; gap: 1rem; flex-wrap: wrap; }
  main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.9rem; line-height: 1.35; margin: 0.5rem 0; }
  time { color: #555; }
  p { font-size: 1.1rem; line-height: 1.8; }
</style></head>
<body>
<header><strong>الموقع الإخباري</strong><nav><a href="#">سياسة</a><a href="#">اقتصاد</a><a href="#">رياضة</a><a href="#">الوضع المظلم</a></nav></header>
${ticker}<main>
<h1>بضمانات دولية.. الطرفان يتفقان على وقف المواجهات وفتح الطرق أمام السكان</h1>
<time datetime="2026-12-04">الجمعة ٤ / ديسمبر / ٢٠٢٦</time>
${PARAGRAPHS.map((text) => `<p>${text}</p>`).join('\n')}
</main>
</body>
</html>`;
}
