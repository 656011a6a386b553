// Screenshots of the editor console's correction form and error states, to look at after a change:
//   npm run build && node --import tsx test/harness/console-screenshots.ts [out-dir]
// Starts an Ajel node serving the built console, signs in and captures, at 360 and 1280 px in the
// light and dark colour schemes: the correction form, a refused link ("fix this field"), a
// correction that got no answer (retry) and the composer's refused link.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createServer } from '../../server/app.js';
import { MemoryStore } from '../../server/store/memory.js';
import { authHeaders, EDITOR_KEY, silentLogger, testConfig } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/ajel-console-screenshots');
mkdirSync(outDir, { recursive: true });

const ajel = createServer(testConfig, { store: new MemoryStore(), logger: silentLogger, staticDir: resolve('dist') });
const url = `http://127.0.0.1:${(await ajel.listen(0)).port}`;
for (const body of [
  { text: 'زلزال بقوة 5.1 درجات يضرب المنطقة الشمالية', urgent: true, url: 'https://example.com/quake' },
  { text: 'وزير الخارجية يلتقي نظيره في Paris لبحث اتفاق المياه', url: 'https://example.com/2' },
]) {
  const response = await fetch(`${url}/api/channels/ar-main/headlines`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`publish: ${response.status}`);
}

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
await browser.close();
await ajel.close();
