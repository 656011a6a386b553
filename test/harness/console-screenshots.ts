// Screenshots of the editor console's correction form and error states, and of its Partners page,
// to look at after a change:
//   npm run build && node --import tsx test/harness/console-screenshots.ts [out-dir]
// Starts an Ajel node serving the built console, signs in and captures, at 360 and 1280 px in the
// light and dark colour schemes: the correction form, a refused link ("fix this field"), a
// correction that got no answer (retry) and the composer's refused link. Then, signed in with the
// admin key, at 320, 360 and 1280 px in Arabic (rtl) and English (ltr): the partner list with its
// usage, the add dialog with a refused origin, a new partner's secret shown once, the rotation
// dialog, the edit form with a refused channel and the revocation's confirmation.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createServer } from '../../server/app.js';
import { MemoryStore } from '../../server/store/memory.js';
import { usageDay } from '../../server/store/store.js';
import { ADMIN_KEY, authHeaders, EDITOR_KEY, silentLogger, testConfig } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/ajel-console-screenshots');
mkdirSync(outDir, { recursive: true });

const store = new MemoryStore();
const ajel = createServer(testConfig, { store, logger: silentLogger, staticDir: resolve('dist') });
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
    for (const [name, arrange] of shots) {
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
for (const [name, arrange, capture] of partnerShots) {
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
await browser.close();
await ajel.close();
