// Screenshots of the editor console's correction form and error states, and of its Partners page,
// to look at after a change:
//   npm run build && node --import tsx test/harness/console-screenshots.ts [out-dir]
// Starts an Ajel node serving the built console, signs in and captures, at 360 and 1280 px in the
// light and dark colour schemes: the correction form, a refused link ("fix this field"), a
// correction that got no answer (retry) and the composer's refused link. Then, signed in with the
// admin key, at 320, 360 and 1280 px in Arabic (rtl) and English (ltr): the partner list with its
// usage, the add dialog with a refused origin, a new partner's secret shown once, the rotation
// dialog, the edit form with a refused channel and the revocation's confirmation. Then the Sources
// page (admin), the Webhooks page (editor) and the scheduled headlines (editor) with their forms,
// at 320, 360 and 1280 px, in Arabic and English, light and dark.
// A second argument keeps only the shots whose names start with one of its comma-separated prefixes (`sources,webhooks`).
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createServer } from '../../server/app.js';
import { parseOutboundAllow } from '../../server/net/address-policy.js';
import { MemoryStore } from '../../server/store/memory.js';
import { usageDay } from '../../server/store/store.js';
import { ADMIN_KEY, authHeaders, EDITOR_KEY, silentLogger, testConfig } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/ajel-console-screenshots');
const prefixes = (process.argv[3] ?? '').split(',');
const wanted = ([name]: [string, ...unknown[]]) => prefixes.some((prefix) => name.startsWith(prefix));
mkdirSync(outDir, { recursive: true });

// A newsroom's feed and a receiver of webhooks on this machine, which the node may reach.
const site = createHttpServer((req, res) => {
  if (req.url === '/feed.xml') {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    return res.end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://news.example/</link><description>d</description><item><title>عاجل: انقطاع الكهرباء عن أحياء العاصمة</title><link>https://news.example/1</link><guid>1</guid><pubDate>${new Date().toUTCString()}</pubDate></item></channel></rss>`);
  }
  if (req.method === 'POST' && req.url === '/hook') return req.resume().on('end', () => res.writeHead(204).end());
  res.writeHead(404).end();
});
await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
const siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;

const store = new MemoryStore();
const ajel = createServer({ ...testConfig, outboundAllow: parseOutboundAllow(['127.0.0.1']) }, { store, logger: silentLogger, staticDir: resolve('dist') });
const url = `http://127.0.0.1:${(await ajel.listen(0)).port}`;
for (const body of [
  { text: 'زلزال بقوة 5.1 درجات يضرب المنطقة الشمالية', urgent: true, url: 'https://example.com/quake' },
  { text: 'وزير الخارجية يلتقي نظيره في Paris لبحث اتفاق المياه', url: 'https://example.com/2' },
]) {
  const response = await fetch(`${url}/api/channels/ar-main/headlines`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`publish: ${response.status}`);
}

// Partners as an admin would have them: one on a shared secret with usage today, one signing with
// its own public key, one revoked.
for (const partner of [
  { id: 'gazette', name: 'صحيفة الخليج', channels: ['ar-private', 'ar-main'], origins: ['https://gazette.example', 'https://*.gazette.example'] },
  {
    id: 'northern-ledger',
    name: 'The Northern Ledger',
    channels: ['en-world'],
    origins: ['https://ledger.example'],
    publicKey: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
  },
  { id: 'old-wire', name: 'Old Wire Service', channels: ['ar-main'], origins: [] },
]) {
  const response = await fetch(`${url}/api/partners`, { method: 'POST', headers: authHeaders(ADMIN_KEY), body: JSON.stringify(partner) });
  if (response.status !== 201) throw new Error(`adding ${partner.id}: ${response.status} ${await response.text()}`);
}
await fetch(`${url}/api/partners/old-wire/revoke`, { method: 'POST', headers: authHeaders(ADMIN_KEY) });
await store.addPartnerUsage('gazette', usageDay(Date.now()), { connections: 12480, deliveries: 86210, pages: Array.from({ length: 317 }, (_, i) => `https://gazette.example/${i}`) });
await store.addPartnerUsage('northern-ledger', usageDay(Date.now()), { connections: 96, deliveries: 412, pages: ['https://ledger.example/'] });
/** Live readers as a node reports them; the report counts for 30 s, so it is made again before each shot. */
const reportLive = () => store.reportLiveReaders('screenshots', new Map([['gazette', 1342], ['northern-ledger', 7]]), Date.now());

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });

async function openCorrection(page: Page): Promise<void> {
  await page.locator('ajel-headline-row').last().locator('[data-action="correct"]').click();
  await page.locator('#edit-url').waitFor();
}

const shots: Array<[string, (page: Page) => Promise<void>]> = [
  ['correction-form', openCorrection],
  ['correction-fix-field', async (page) => {
    await openCorrection(page);
    await page.locator('#edit-url').fill('ftp://x');
    await page.locator('[data-action="save"]').click();
    await page.locator('#edit-url-error').waitFor();
  }],
  ['correction-retry', async (page) => {
    await openCorrection(page);
    await page.route('**/api/channels/**', (route) => (route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue()));
    await page.locator('#edit-text').fill('وزير الخارجية يلتقي نظيره في باريس لبحث اتفاق المياه');
    await page.locator('[data-action="save"]').click();
    await page.locator('[data-action="retry"]').waitFor();
  }],
  ['composer-fix-field', async (page) => {
    await page.locator('#text').fill('تحويلات مرورية على الطريق الدائري');
    await page.locator('#url').fill('ftp://x');
    await page.locator('#publish').click();
    await page.locator('#url-error').waitFor();
  }],
];

for (const width of [360, 1280]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [name, arrange] of shots.filter(wanted)) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(`${url}/console`);
      await page.locator('#key').fill(EDITOR_KEY);
      await page.locator('ajel-sign-in button[type="submit"]').click();
      await page.locator('ajel-headline-row').nth(1).waitFor();
      await arrange(page);
      const target = name.startsWith('composer') ? page.locator('ajel-headline-composer') : page.locator('ajel-headline-row').last();
      const file = `${outDir}/${name}-${width}-${colorScheme}.png`;
      await target.screenshot({ path: file, animations: 'disabled' });
      console.log(file);
      await context.close();
    }
  }
}
/** Each shot: its name, what to do, and what to capture (the whole page, the window with its dialog, the first partner). */
const partnerShots: Array<[string, (page: Page) => Promise<void>, 'page' | 'window' | 'row']> = [
  ['partners-list', async () => {}, 'page'],
  ['partners-add-refused', async (page) => {
    await page.locator('#add').click();
    await page.locator('#partner-id').fill('daily-star');
    await page.locator('#partner-name').fill('Daily Star');
    await page.locator('#partner-channels').fill('ar-private');
    await page.locator('#partner-origins').fill('https://dailystar.example/news');
    await page.locator('#partner-submit').click();
    await page.locator('#partner-origins-error').waitFor();
  }, 'window'],
  ['partners-secret', async (page) => {
    await page.locator('#add').click();
    await page.locator('#partner-id').fill(`star-${Date.now()}`);
    await page.locator('#partner-name').fill('Daily Star');
    await page.locator('#partner-channels').fill('ar-private');
    await page.locator('#partner-submit').click();
    await page.locator('#copy').waitFor();
  }, 'window'],
  ['partners-rotate', async (page) => {
    await page.locator('ajel-partner-row').first().locator('[data-action="rotate"]').click();
    await page.locator('input[value="public-key"]').check();
    await page.locator('#public-key').fill('-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----');
    await page.locator('#rotate-submit').click();
    await page.locator('#public-key-error').waitFor();
  }, 'window'],
  ['partners-edit', async (page) => {
    await page.locator('ajel-partner-row').first().locator('[data-action="edit"]').click();
    await page.locator('ajel-partner-row >> #partner-channels').fill('ar-private, no-such-desk');
    await page.locator('ajel-partner-row >> #partner-submit').click();
    await page.locator('ajel-partner-row >> #partner-channels-error').waitFor();
  }, 'row'],
  ['partners-revoke', async (page) => {
    await page.locator('ajel-partner-row').first().locator('[data-action="revoke"]').click();
    await page.locator('[data-action="confirm-revoke"]').waitFor();
  }, 'row'],
];

// Every list first: the secret's shots add partners.
for (const [name, arrange, capture] of partnerShots.filter(wanted)) {
  for (const width of [320, 360, 1280]) {
    for (const lang of ['ar', 'en'] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
      await context.addInitScript((lang) => localStorage.setItem('ajel.console.lang', lang), lang);
      const page = await context.newPage();
      await reportLive();
      await page.goto(`${url}/console`);
      await page.locator('#key').fill(ADMIN_KEY);
      await page.locator('ajel-sign-in button[type="submit"]').click();
      await page.locator('ajel-partner-row data[value]').first().waitFor();
      await arrange(page);
      const file = `${outDir}/${name}-${width}-${lang}.png`;
      if (capture === 'row') await page.locator('ajel-partner-row').first().screenshot({ path: file, animations: 'disabled' });
      else await page.screenshot({ path: file, fullPage: capture === 'page', animations: 'disabled' });
      console.log(file);
      await context.close();
    }
  }
}
async function call(key: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${path}`, { method, headers: authHeaders(key), body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

// Sources of ar-main: one read, one failing, one paused.
await call(ADMIN_KEY, 'POST', '/api/sources', { channel: 'ar-main', url: `${siteUrl}/feed.xml`, urgentPrefix: 'عاجل:', urgentCategories: ['أمن', 'طقس'] });
await call(ADMIN_KEY, 'POST', '/api/sources', { channel: 'ar-main', url: `${siteUrl}/gone-feed-with-a-rather-long-path/rss.xml?section=world&format=full`, retractRemoved: true });
await call(ADMIN_KEY, 'POST', '/api/sources', { channel: 'ar-main', url: 'https://wire.example/ar/breaking.atom', paused: true, lang: 'ar' });
// Webhooks: one pinged, one paused.
const hook = (await call(EDITOR_KEY, 'POST', '/api/webhooks', { url: `${siteUrl}/hook`, channels: ['ar-main', 'en-world'], description: 'موقع الأفق: تحديث الصفحة الأولى' })).webhook;
await call(EDITOR_KEY, 'POST', `/api/webhooks/${hook.id}/test`);
const paused = (await call(EDITOR_KEY, 'POST', '/api/webhooks', { url: `${siteUrl}/hook?app=mobile-alerts`, channels: ['ar-main'] })).webhook;
await call(EDITOR_KEY, 'PATCH', `/api/webhooks/${paused.id}`, { enabled: false });
// Headlines held for later.
for (const [text, hours, urgent] of [['تُغلق صناديق الاقتراع في الثامنة مساءً', 3, true], ['مؤتمر صحفي لوزير المالية حول الموازنة الجديدة', 26, false]] as const) {
  await call(EDITOR_KEY, 'POST', '/api/channels/ar-main/headlines', { text, urgent, publishAt: new Date(Date.now() + hours * 3600_000).toISOString() });
}
// The first poll, so the sources show a read and an error.
for (let tries = 0; tries < 100; tries++) {
  const { sources } = await call(ADMIN_KEY, 'GET', '/api/sources');
  if (sources.filter((record: any) => record.state.lastSuccessAt || record.state.lastError).length >= 2) break;
  await new Promise((done) => setTimeout(done, 100));
}

/** The new pages: name, key, page, what to do, and whether to capture the whole page or the window with its dialog. */
const pageShots: Array<[string, string, string, (page: Page) => Promise<void>, 'page' | 'window']> = [
  ['sources-list', ADMIN_KEY, 'sources', async (page) => void (await page.locator('ajel-source-row').nth(2).waitFor()), 'page'],
  ['sources-add-refused', ADMIN_KEY, 'sources', async (page) => {
    await page.locator('ajel-source-row').first().waitFor();
    await page.locator('#add').click();
    await page.locator('#source-url').fill('ftp://news.example/feed');
    await page.locator('#source-urgentPrefix').fill('عاجل:');
    await page.locator('#source-submit').click();
    await page.locator('#source-url-error').waitFor();
  }, 'window'],
  ['sources-remove', ADMIN_KEY, 'sources', async (page) => {
    await page.locator('ajel-source-row').first().locator('[data-action="remove"]').click();
    await page.locator('[data-action="confirm-remove"]').waitFor();
  }, 'page'],
  ['webhooks-list', EDITOR_KEY, 'webhooks', async (page) => {
    await page.locator('ajel-webhook-row').nth(1).waitFor();
    const row = page.locator('ajel-webhook-row').filter({ hasText: 'الأفق' });
    await row.locator('[data-action="test"]').click();
    await row.locator('#ping-result').waitFor();
    await row.locator('[data-action="deliveries"]').click();
    await row.locator('.attempts').waitFor();
  }, 'page'],
  ['webhooks-add', EDITOR_KEY, 'webhooks', async (page) => {
    await page.locator('ajel-webhook-row').first().waitFor();
    await page.locator('#add').click();
    await page.locator('#webhook-url').fill('http://receiver.example/hook');
    await page.locator('#webhook-submit').click();
    await page.locator('#webhook-url-error').waitFor();
  }, 'window'],
  ['webhooks-secret', EDITOR_KEY, 'webhooks', async (page) => {
    await page.locator('ajel-webhook-row').first().waitFor();
    await page.locator('#add').click();
    await page.locator('#webhook-url').fill(`${siteUrl}/hook?app=shot-${Date.now()}`);
    await page.locator('#webhook-submit').click();
    await page.locator('#copy').waitFor();
  }, 'window'],
  ['scheduled-composer', EDITOR_KEY, 'headlines', async (page) => {
    await page.locator('ajel-scheduled-row').nth(1).waitFor();
    await page.locator('#text').fill('نتائج أولية للانتخابات البلدية');
    await page.locator('#when-later').check();
    await page.locator('#publishAt').fill('2020-01-01T08:00');
    await page.locator('#publish').click();
    await page.locator('#publishAt-error').waitFor();
    await page.locator('ajel-scheduled-row').first().locator('[data-action="edit"]').click();
    await page.locator('#edit-text').waitFor();
  }, 'page'],
];

for (const [name, key, view, arrange, capture] of pageShots.filter(wanted)) {
  for (const width of [320, 360, 1280]) {
    for (const lang of ['ar', 'en'] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, reducedMotion: 'reduce' });
        await context.addInitScript((lang) => localStorage.setItem('ajel.console.lang', lang), lang);
        const page = await context.newPage();
        await page.goto(`${url}/console#${view}`);
        await page.locator('#key').fill(key);
        await page.locator('ajel-sign-in button[type="submit"]').click();
        await arrange(page);
        const file = `${outDir}/${name}-${width}-${lang}-${colorScheme}.png`;
        await page.screenshot({ path: file, fullPage: capture === 'page', animations: 'disabled' });
        console.log(file);
        await context.close();
      }
    }
  }
}
await browser.close();
await ajel.close();
site.close();
