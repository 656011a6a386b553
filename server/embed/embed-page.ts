import type { Headline } from '../protocol.js';
import { TICKER_PAGE_CSS } from './page-style.js';

/** The element's attributes an embed URL may set, checked. */
export interface EmbedOptions {
  channel: string;
  theme?: 'light' | 'dark' | 'auto';
  dir?: 'rtl' | 'ltr' | 'auto';
  locale?: string;
  speed?: number;
  label?: string;
  maxItems?: number;
  token?: string;
  /** `transparent` (the default: the host page shows through) or `themed` (the ticker's own background). */
  background: 'transparent' | 'themed';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]);

/** Reports the page's height to the frame's parent as AMP's `<amp-iframe resizable>` asks (and any host may listen). */
export const EMBED_SIZE_SCRIPT = `const report = () => parent.postMessage({ sentinel: 'amp', type: 'embed-size', height: document.documentElement.scrollHeight }, '*');
new ResizeObserver(report).observe(document.documentElement);
addEventListener('load', report);
`;

/**
 * The page `/embed` answers: the ticker, with the channel's current headlines written inside it as
 * plain links, which a reader or a crawler without JavaScript sees and the widget replaces once it runs.
 */
export function renderEmbedPage(options: EmbedOptions, headlines: Headline[], lang: string, dir: 'rtl' | 'ltr', nonce: string): string {
  const attributes = [
    ['channel', options.channel],
    ['theme', options.theme],
    ['dir', options.dir],
    ['locale', options.locale],
    ['speed', options.speed === undefined ? undefined : String(options.speed)],
    ['label', options.label],
    ['max-items', options.maxItems === undefined ? undefined : String(options.maxItems)],
    ['token', options.token],
    ['target', '_top'],
  ]
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${html(value)}"`)
    .join('');
  const items = headlines
    .slice(0, options.maxItems ?? 10)
    .map((h) => {
      const text = `<span lang="${html(h.lang)}" dir="${h.dir}">${html(h.text)}</span>`;
      return `<li>${h.url ? `<a href="${html(h.url)}" target="_top" rel="noopener">${text}</a>` : text}</li>`;
    })
    .join('');
  const background = options.background === 'themed' ? '' : 'html,body{background:transparent}';
  return `<!doctype html>
<html lang="${html(lang)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${html(options.channel)}</title>
<style nonce="${nonce}">html,body{margin:0}${background}${TICKER_PAGE_CSS}</style>
<script type="module" src="/widget/ajel-ticker.js"></script>
<script type="module" src="/embed/size.js"></script>
</head>
<body>
<ajel-ticker${attributes}><ul>${items}</ul></ajel-ticker>
</body>
</html>
`;
}
