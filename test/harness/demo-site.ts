// The demo site as `npm start` serves it (the built dist/, the demo headlines, a real node on the
// embedded store) and a Chromium to open its pages in: for the demo page tests, the accessibility
// tests and the screenshots (test/harness/demo-screenshots.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type AjelServer } from '../../server/app.js';
import { seedDemoHeadlines } from '../../server/demo-seed.js';
import { MemoryStore } from '../../server/store/memory.js';
import { ADMIN_KEY, EDITOR_KEY, silentLogger, testConfig } from './server.js';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export interface PageOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
  /** The console's interface language, set before the page loads (it is kept in localStorage). */
  consoleLanguage?: 'ar' | 'en';
}

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions, failed requests and error answers, CSP violations included. */
  problems: string[];
  /** The status and Content-Security-Policy of the page's own answer. */
  status: number | undefined;
  csp: string;
  close(): Promise<void>;
}

export interface DemoSite {
  base: string;
  store: MemoryStore;
  /** Opens a page of the site and waits until every ticker on it is live (the console: its sign-in form). */
  open(path: string, options?: PageOptions): Promise<OpenedPage>;
  /** On an open console page: signs in with the editor key and waits for the composer and the live list. */
  signIn(page: Page): Promise<void>;
  /** On an open console page: signs in with the admin key and waits for the Partners page to have read the partners. */
  signInAsAdmin(page: Page): Promise<void>;
  /** On a signed-in console page: types a draft and waits for the preview's ticker to show it. */
  typeDraft(page: Page, text: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoSite(): Promise<DemoSite> {
  if (!existsSync(`${DIST}/index.html`)) throw new Error('dist/ is missing the demo pages: run `npm run build` first');
  const store = new MemoryStore();
  const server: AjelServer = createServer(testConfig, { store, logger: silentLogger, staticDir: DIST });
  const address = await server.listen(0, '127.0.0.1');
  await seedDemoHeadlines(store, testConfig.channels);
  const base = `http://127.0.0.1:${address.port}`;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-gpu'],
  });

  async function open(path: string, options: PageOptions = {}): Promise<OpenedPage> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: options.reducedMotion ?? 'no-preference',
    });
    if (options.consoleLanguage) await context.addInitScript((lang) => localStorage.setItem('ajel.console.lang', lang), options.consoleLanguage);
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
    await page.waitForFunction(() => customElements.get('ajel-ticker') !== undefined);
    // Until every ticker has connected and subscribed and shows its headlines, so errors of that work are seen, whatever it takes.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('ajel-ticker')].every((ticker) => {
        const { status, headlines } = ticker as unknown as { status: string; headlines: unknown[] };
        return status === 'live' && headlines.length > 0;
      }),
    );
    if (path.startsWith('/console')) await page.waitForSelector('ajel-sign-in >> #key');
    return { page, problems, status: response?.status(), csp: response?.headers()['content-security-policy'] ?? '', close: () => context.close() };
  }

  async function signIn(page: Page): Promise<void> {
    await page.fill('ajel-sign-in >> #key', EDITOR_KEY);
    await page.click('ajel-sign-in >> button[type="submit"]');
    await page.waitForSelector('ajel-headline-composer >> #text');
    await page.waitForSelector('ajel-headline-list >> #feed-status.live');
  }

  async function signInAsAdmin(page: Page): Promise<void> {
    await page.fill('ajel-sign-in >> #key', ADMIN_KEY);
    await page.click('ajel-sign-in >> button[type="submit"]');
    await page.waitForSelector('ajel-partner-list >> section[aria-busy="false"]');
  }

  async function typeDraft(page: Page, text: string): Promise<void> {
    await page.fill('ajel-headline-composer >> #text', text);
    await page.waitForFunction(
      (text) => {
        const preview = document.querySelector('ajel-console')?.shadowRoot?.querySelector('ajel-headline-composer')?.shadowRoot?.querySelector('ajel-headline-preview');
        const ticker = preview?.shadowRoot?.querySelector('ajel-ticker');
        return ticker?.shadowRoot?.querySelector('[part~="item"]')?.textContent?.includes(text) ?? false;
      },
      text,
    );
  }

  return {
    base,
    store,
    open,
    signIn,
    signInAsAdmin,
    typeDraft,
    async close() {
      await browser.close();
      await server.close();
      await store.close();
    },
  };
}
