// The demo site as `npm start` serves it (the built dist/, the demo headlines, a real node on the
// embedded store, and the demo partner's own site on another origin, with its credential) and a
// Chromium to open its pages in: for the demo page tests, the accessibility tests and the
// screenshots (test/harness/demo-screenshots.ts).
import { existsSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { partnerSite } from '../../demo/partner-site/site.js';
import { createServer, type AjelServer } from '../../server/app.js';
import { DEMO_PARTNER, seedDemoHeadlines, seedDemoPartner, withDemoChannels, type DemoPartnerCredential } from '../../server/demo-seed.js';
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
  /** Console errors, uncaught exceptions, failed requests, error answers and CSP violations, in any frame. */
  problems: string[];
  /** Every answer the page and its frames got, in order. */
  responses: Response[];
  /** The status and Content-Security-Policy of the page's own answer. */
  status: number | undefined;
  csp: string;
  close(): Promise<void>;
}

export interface DemoSite {
  /** Ajel's origin: the publisher's page, the console, the widget, /embed. */
  base: string;
  /** The demo partner's site, on an origin of its own: its front page and its article page. */
  partner: string;
  /** What the partner's server holds and its pages must never show. */
  partnerCredential: DemoPartnerCredential;
  store: MemoryStore;
  /**
   * Opens a page (a path on Ajel's origin, or a URL) and waits until every ticker on it and in its
   * frames is live and shows headlines (the console: its sign-in form).
   */
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
  // Listening first, so that its origin is known to the node and to the partner's record; it is given its pages once registered.
  const partnerServer = createHttpServer();
  await new Promise<void>((resolve) => partnerServer.listen(0, '127.0.0.1', resolve));
  const partner = `http://127.0.0.1:${(partnerServer.address() as AddressInfo).port}`;
  const config = withDemoChannels(testConfig);
  const server: AjelServer = createServer(config, { store, logger: silentLogger, staticDir: DIST, demoPartnerSite: partner });
  const address = await server.listen(0, '127.0.0.1');
  await seedDemoHeadlines(store, config.channels);
  const base = `http://127.0.0.1:${address.port}`;
  const partnerCredential = await seedDemoPartner(store, [partner]);
  partnerServer.on('request', partnerSite({ ajel: base, credential: partnerCredential, channels: DEMO_PARTNER.channels }));
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
    const problems: string[] = [];
    const responses: Response[] = [];
    // Every frame's CSP violations, as the browser reports them to the document, whatever it logs.
    await context.exposeBinding('ajelReportViolation', ({ frame }, violation: string) => void problems.push(`CSP violation: ${violation} in ${frame.url()}`));
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { ajelReportViolation(violation: string): void }).ajelReportViolation(`${event.effectiveDirective} blocked ${event.blockedURI || 'an inline resource'}`),
      ),
    );
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      responses.push(response);
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    const response = await page.goto(/^https?:/.test(path) ? path : `${base}${path}`, { waitUntil: 'load' });
    // Until every ticker, in the page and in its frames, has connected and subscribed and shows its
    // headlines, so that errors of that work are seen, whatever it takes. A frame is brought on screen
    // first, as a reader scrolls to it: Chromium gives a cross-origin frame off screen no animation
    // frames, and the ticker renders, and so subscribes, at the next one.
    for (const frame of page.frames()) {
      await (await frame.frameElement().catch(() => undefined))?.scrollIntoViewIfNeeded();
      await frame
        .waitForFunction(() => {
          if (document.querySelector('script[src*="/widget/ajel-ticker"]') && !customElements.get('ajel-ticker')) return false;
          return [...document.querySelectorAll('ajel-ticker')].every((ticker) => {
            const { status, headlines } = ticker as unknown as { status: string; headlines: unknown[] };
            return status === 'live' && headlines.length > 0;
          });
        })
        .catch(async (error: Error) => {
          const shown = await frame
            .evaluate(() =>
              [...document.querySelectorAll('ajel-ticker')].map((ticker) => {
                const { status, headlines } = ticker as unknown as { status?: string; headlines?: unknown[] };
                return `${ticker.getAttribute('channel')}: ${status}, ${headlines?.length ?? 0} headlines`;
              }),
            )
            .catch(() => []);
          throw new Error(`${frame.url()}: not every ticker went live with headlines (${shown.join('; ')}); problems: ${problems.join('; ') || 'none'} (${error.message})`);
        });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    if (path.startsWith('/console')) await page.waitForSelector('ajel-sign-in >> #key');
    return { page, problems, responses, status: response?.status(), csp: response?.headers()['content-security-policy'] ?? '', close: () => context.close() };
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
    partner,
    partnerCredential,
    store,
    open,
    signIn,
    signInAsAdmin,
    typeDraft,
    async close() {
      await browser.close();
      await new Promise((resolve) => partnerServer.close(resolve));
      await server.close();
      await store.close();
    },
  };
}
