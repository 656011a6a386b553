import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_HEADLINES } from '../../server/demo-seed.js';
import { startDemoSite, type DemoSite, type OpenedPage } from '../harness/demo-site.js';

describe('demo pages, as `npm start` serves them', () => {
  let site: DemoSite;

  before(async () => {
    site = await startDemoSite();
  });

  after(async () => {
    await site?.close();
  });

  /** Opens the page at 1280 px, light, once every ticker on it is live; checks the answer and its CSP. */
  async function load(path: string): Promise<OpenedPage> {
    const opened = await site.open(path);
    assert.equal(opened.status, 200);
    assert.match(opened.csp, /script-src 'self'/);
    return opened;
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
