import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type AjelServer } from '../../server/app.js';
import { DEMO_HEADLINES, seedDemoHeadlines } from '../../server/demo-seed.js';
import { MemoryStore } from '../../server/store/memory.js';
import { silentLogger, testConfig } from '../harness/server.js';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

interface LoadedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed requests, CSP violations included. */
  problems: string[];
}

describe('demo pages, as `npm start` serves them', () => {
  let server: AjelServer;
  let store: MemoryStore;
  let base: string;
  let browser: Browser;

  before(async () => {
    assert.ok(existsSync(`${DIST}/index.html`), 'dist/ is missing the demo pages: run `npm run build` first');
    store = new MemoryStore();
    server = createServer(testConfig, { store, logger: silentLogger, staticDir: DIST });
    const address = await server.listen(0, '127.0.0.1');
    await seedDemoHeadlines(store, testConfig.channels);
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-gpu'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  async function load(path: string): Promise<LoadedPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.waitForFunction(() => customElements.get('ajel-ticker') !== undefined);
    // Until every ticker has connected and subscribed, so errors of that work are seen, whatever it takes.
    await page.waitForFunction(() => [...document.querySelectorAll('ajel-ticker')].every((ticker) => (ticker as unknown as { status: string }).status === 'live'));
    return { page, problems };
  }

  /** The texts of the ticker's headline elements (`part="item"` in its shadow root), once it shows any. */
  async function tickerItems(page: Page, selector = 'ajel-ticker'): Promise<string[]> {
    const items = () =>
      page.evaluate(
        (selector) => [...(document.querySelector(selector)?.shadowRoot?.querySelectorAll('[part~="item"]') ?? [])].map((item) => item.textContent?.trim() ?? ''),
        selector,
      );
    const deadline = Date.now() + 5000;
    let texts = await items();
    while (texts.length === 0 && Date.now() < deadline) {
      await page.waitForTimeout(100);
      texts = await items();
    }
    return texts;
  }

  it('serves the Arabic publisher page at / without errors', async () => {
    const { page, problems } = await load('/');
    assert.deepEqual(problems, []);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('ajel-ticker', 'channel'), 'ar-main');
    assert.match(await page.textContent('#today') ?? '', /[٠-٩]{4}/, 'the date is in Arabic-Indic digits');
    assert.ok((await page.locator('.read-also a').count()) >= 1, 'has "read also" links');
    await page.context().close();
  });

  it('switches the publisher page and its ticker to dark mode, and remembers it', async () => {
    const { page, problems } = await load('/');
    const scheme = () =>
      page.evaluate(() => ({
        dark: document.documentElement.classList.contains('dark'),
        colorScheme: document.documentElement.style.colorScheme,
        ticker: document.querySelector('ajel-ticker')?.getAttribute('theme'),
        pressed: document.querySelector('#theme-toggle')?.getAttribute('aria-pressed'),
      }));
    assert.deepEqual(await scheme(), { dark: false, colorScheme: 'light', ticker: 'light', pressed: 'false' });
    await page.click('#theme-toggle');
    assert.deepEqual(await scheme(), { dark: true, colorScheme: 'dark', ticker: 'dark', pressed: 'true' });
    await page.reload({ waitUntil: 'load' });
    assert.deepEqual(await scheme(), { dark: true, colorScheme: 'dark', ticker: 'dark', pressed: 'true' });
    await page.click('#theme-toggle');
    assert.deepEqual(await scheme(), { dark: false, colorScheme: 'light', ticker: 'light', pressed: 'false' });
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('serves the English partner page at /partner without errors', async () => {
    const { page, problems } = await load('/partner');
    assert.deepEqual(problems, []);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal(await page.getAttribute('ajel-ticker', 'channel'), 'en-world');
    await page.context().close();
  });

  it('serves the editor console at /console without errors, asking for a key', async () => {
    const { page, problems } = await load('/console');
    await page.waitForSelector('ajel-sign-in >> #key');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("shows the demo headlines in the publisher's ticker", async () => {
    const { page, problems } = await load('/');
    const items = await tickerItems(page);
    for (const { text } of DEMO_HEADLINES['ar-main']) assert.ok(items.some((item) => item.includes(text)), `ticker shows "${text}"; it shows ${JSON.stringify(items)}`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("shows the syndicated demo headlines in the partner's ticker", async () => {
    const { page, problems } = await load('/partner');
    const items = await tickerItems(page);
    for (const { text } of DEMO_HEADLINES['en-world']) assert.ok(items.some((item) => item.includes(text)), `ticker shows "${text}"; it shows ${JSON.stringify(items)}`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
