// Screenshots of the built widget on a sample publisher page, to look at after a change:
//   npm run build && node --import tsx test/harness/widget-screenshots.ts [out-dir]
// Starts an Ajel node with sample headlines and a page server on another origin, then captures
// right-to-left and left-to-right tickers in light and dark, narrow, reduced motion and an urgent take-over.
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from '../../server/app.js';
import { MemoryStore } from '../../server/store/memory.js';
import { authHeaders, silentLogger, testConfig } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/ajel-screenshots');
mkdirSync(outDir, { recursive: true });

const ajel = createServer(testConfig, { store: new MemoryStore(), logger: silentLogger, staticDir: resolve('dist') });
const ajelUrl = `http://127.0.0.1:${(await ajel.listen(0)).port}`;

async function publish(channel: string, body: object) {
  const response = await fetch(`${ajelUrl}/api/channels/${channel}/headlines`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`publish: ${response.status} ${await response.text()}`);
}

await publish('ar-main', { text: 'بضمانات روسية.. النظام و"قسد" يتفقان على وقف مواجهات دير الزور', url: 'https://example.com/1' });
await publish('ar-main', { text: 'وزير الخارجية يلتقي نظيره في Paris لبحث اتفاق 2025 حول المياه', url: 'https://example.com/2' });
await publish('ar-main', { text: 'ارتفاع أسعار النفط 3.5% بعد قرار أوبك+', lang: 'ar' });
await publish('ar-main', { text: 'زلزال بقوة 5.1 درجات يضرب المنطقة الشمالية', urgent: true, url: 'https://example.com/quake' });
await publish('en-world', { text: 'Ceasefire talks resume in Cairo as envoys arrive', url: 'https://example.com/a' });
await publish('en-world', { text: 'Markets rally 2.4% after central bank holds rates', url: 'https://example.com/b' });
await publish('en-world', { text: 'Prime minister to address parliament at 6 pm', lang: 'en' });

function page(query: URLSearchParams): string {
  const dir = query.get('dir') ?? 'rtl';
  const dark = query.get('theme') === 'dark';
  const width = query.get('width') ?? '100%';
  const channel = dir === 'rtl' ? 'ar-main' : 'en-world';
  const lang = dir === 'rtl' ? 'ar' : 'en';
  return `<!doctype html><html lang="${lang}" dir="${dir}" class="${dark ? 'dark' : ''}"><head><meta charset="utf-8">
<link rel="stylesheet" href="/page.css"><script type="module" src="${ajelUrl}/widget/ajel-ticker.js"></script></head>
<body><header><strong>${lang === 'ar' ? 'صحيفة المثال' : 'The Example Times'}</strong></header>
<div class="slot" data-width="${width}"><ajel-ticker channel="${channel}"></ajel-ticker></div>
<main><h1>${lang === 'ar' ? 'بضمانات روسية.. النظام و"قسد" يتفقان على وقف مواجهات دير الزور' : 'Envoys gather for a new round of talks'}</h1>
<p>${lang === 'ar' ? 'تم التوصل إلى اتفاق بين قوات النظام السوري وقوات سوريا الديمقراطية برعاية روسية.' : 'Delegations arrived on Sunday for talks expected to last several days.'}</p></main></body></html>`;
}

const PAGE_CSS = `body { margin: 0; font-family: Georgia, serif; background: #fafafa; color: #222; }
html.dark body { background: #0d0f12; color: #ddd; }
header { padding: 12px 16px; font-size: 20px; }
main { padding: 8px 16px; }
.slot[data-width="320"] { width: 320px; }`;

const host = createHttpServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://host');
  if (url.pathname === '/page.css') return void res.writeHead(200, { 'Content-Type': 'text/css' }).end(PAGE_CSS);
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': `default-src 'self'; script-src 'self' ${ajelUrl}; connect-src ${ajelUrl} ${ajelUrl.replace('http', 'ws')}` });
  res.end(page(url.searchParams));
});
await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new', '--disable-gpu'] });
const shots: Array<{ name: string; query: string; reducedMotion?: boolean; colorScheme?: 'dark' | 'light'; urgent?: boolean; tabs?: number }> = [
  { name: 'rtl-light', query: 'dir=rtl' },
  { name: 'rtl-dark', query: 'dir=rtl&theme=dark' },
  { name: 'ltr-light', query: 'dir=ltr' },
  { name: 'ltr-dark', query: 'dir=ltr', colorScheme: 'dark' },
  { name: 'rtl-narrow', query: 'dir=rtl&width=320' },
  { name: 'rtl-reduced-motion', query: 'dir=rtl', reducedMotion: true },
  { name: 'rtl-urgent-takeover', query: 'dir=rtl', urgent: true },
  { name: 'rtl-keyboard-focus', query: 'dir=rtl', tabs: 3 },
  { name: 'ltr-reduced-motion-dark', query: 'dir=ltr&theme=dark', reducedMotion: true },
];
for (const shot of shots) {
  const context = await browser.newContext({ viewport: { width: 900, height: 220 }, deviceScaleFactor: 1, reducedMotion: shot.reducedMotion ? 'reduce' : 'no-preference', colorScheme: shot.colorScheme ?? 'light' });
  const tab = await context.newPage();
  tab.on('pageerror', (error) => console.error(`${shot.name}: ${error.message}`));
  await tab.goto(`${hostUrl}/?${shot.query}`);
  await tab.waitForFunction(() => (document.querySelector('ajel-ticker') as any)?.status === 'live');
  if (shot.urgent) await publish('ar-main', { text: 'عاجل: انفجار في ميناء المدينة وأنباء عن إصابات', urgent: true });
  for (let i = 0; i < (shot.tabs ?? 0); i++) await tab.keyboard.press('Tab');
  await tab.waitForTimeout(1500);
  await tab.screenshot({ path: `${outDir}/${shot.name}.png` });
  await context.close();
  console.log(`${outDir}/${shot.name}.png`);
}
await browser.close();
host.close();
await ajel.close();
