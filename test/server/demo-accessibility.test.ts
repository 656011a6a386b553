// The demo pages checked by axe-core inside Chromium, as Lighthouse checks them: `/`, the console
// (signed in, a draft in the composer so that its preview ticker shows; and its Partners page,
// signed in as an admin, with its dialogs open) and the partner's pages on their own origin (its
// front page, and its article with Ajel's frame, checked inside the frame too), at a phone's and a
// desktop's width, light and dark; and whether each page fits a 320 px phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { DEMO_PRIVATE_CHANNEL } from '../../server/demo-seed.js';
import { startDemoSite, type DemoSite, type PageOptions } from '../harness/demo-site.js';
import { ADMIN_KEY, authHeaders, publish } from '../harness/server.js';
import { unseenLines } from '../harness/unseen-lines.js';
import { usageDay } from '../../server/store/store.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DRAFT = 'عاجل: إغلاق مطار العاصمة أمام جميع الرحلات الدولية والداخلية حتى إشعار آخر بسبب عاصفة رملية قوية';
const LONG_HEADLINES: Record<string, string> = {
  'ar-main': 'عاجل: إغلاق مطار العاصمة أمام جميع الرحلات الدولية والداخلية حتى إشعار آخر بسبب عاصفة رملية قوية تضرب المنطقة الوسطى',
  [DEMO_PRIVATE_CHANNEL]: 'Breaking: the capital airport closes to all international and domestic flights until further notice as a severe sandstorm sweeps the central region',
};

/** The page's ticker: in the page, or in the frame that holds it (the article's embed). */
async function tickerFrame(page: Page): Promise<Frame> {
  for (const frame of page.frames()) if (await frame.$('ajel-ticker')) return frame;
  throw new Error(`no ticker on ${page.url()}`);
}

/**
 * The text of the headline on screen in the page's (reduced-motion) ticker, and what of it a reader
 * cannot see, also because the frame it is in is too short for it.
 */
async function shownHeadline(page: Page): Promise<{ text: string; unseen: string[] }> {
  const frame = await tickerFrame(page);
  const ticker = await frame.$('ajel-ticker');
  const text = await ticker!.evaluate((element) => element.shadowRoot!.querySelector('[data-current]')?.textContent ?? '');
  const unseen = await ticker!.evaluate(unseenLines);
  const element = await frame.frameElement().catch(() => undefined);
  if (element && frame !== page.mainFrame()) {
    const framed = await element.evaluate((node) => (node as Element).getBoundingClientRect().height);
    const content = await frame.evaluate(() => document.documentElement.getBoundingClientRect().height);
    if (framed < content - 1) unseen.push(`the frame is ${framed} px high for ${content} px of content`);
  }
  return { text, unseen };
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe-core on the whole page, shadow roots and frames included (a frame's targets start with
 * the frame's), and answers its violations.
 */
async function axeViolations(page: Page): Promise<Violation[]> {
  for (const frame of page.frames()) {
    // Evaluated over the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
    if (await frame.evaluate(() => 'axe' in window)) continue;
    await frame.evaluate(AXE_SOURCE);
    // axe-core answers only frames of its own origin unless told otherwise; the article frames Ajel's.
    await frame.evaluate(() => (window as any).axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] }));
  }
  return page.evaluate(async () => {
    const { violations } = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return violations.map(({ id, impact, help, nodes }: Violation) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
}

/** One line per element: rule, impact, target (shadow roots as ` >> `), and why. */
function describeViolations(violations: Violation[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `  ${violation.id} (${violation.impact}) ${node.target.map((part) => (Array.isArray(part) ? part.join(' >> ') : part)).join(' | ')}: ${(node.failureSummary ?? violation.help).replace(/\s+/g, ' ')}`,
      ),
    )
    .join('\n');
}

function assertNoViolations(violations: Violation[], where: string): void {
  assert.equal(violations.length, 0, `axe-core found violations on ${where}:\n${describeViolations(violations)}`);
}

/** The demo's pages: the publisher's and the console on Ajel's origin, the partner's (`partner:`) on its own. */
const PAGES = ['/', '/console', 'partner:/', 'partner:/article'];

describe('demo pages, checked by axe-core', () => {
  let site: DemoSite;
  const urlOf = (page: string) => (page.startsWith('partner:') ? `${site.partner}${page.slice('partner:'.length)}` : page);

  before(async () => {
    site = await startDemoSite();
    // Pinned first (urgent), so that the reduced-motion bar shows them and axe checks them.
    for (const [channel, text] of Object.entries(LONG_HEADLINES)) assert.equal((await publish(site.base, channel, { text, urgent: true })).status, 201);
    // Partners for the console's Partners page: one on a shared secret with use today, one revoked.
    for (const partner of [
      { id: 'gazette', name: 'صحيفة الخليج', channels: ['ar-private', 'ar-main'], origins: ['https://gazette.example', 'https://*.gazette.example'] },
      { id: 'old-wire', name: 'Old Wire Service', channels: ['ar-main'] },
    ]) {
      const added = await fetch(`${site.base}/api/partners`, { method: 'POST', headers: authHeaders(ADMIN_KEY), body: JSON.stringify(partner) });
      assert.equal(added.status, 201);
    }
    assert.equal((await fetch(`${site.base}/api/partners/old-wire/revoke`, { method: 'POST', headers: authHeaders(ADMIN_KEY) })).status, 200);
    await site.store.addPartnerUsage('gazette', usageDay(Date.now()), { connections: 12480, deliveries: 86210, pages: ['https://gazette.example/a'] });
  });

  after(async () => {
    await site?.close();
  });

  /** A page as a reader gets it: the console signed in, with a draft in its preview ticker. */
  async function open(path: string, options: PageOptions) {
    const opened = await site.open(urlOf(path), options);
    if (path === '/console') {
      await site.signIn(opened.page);
      await site.typeDraft(opened.page, DRAFT);
    }
    return opened;
  }

  for (const path of PAGES) {
    for (const width of [360, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        it(`finds no violations on ${path} at ${width} px, ${colorScheme}`, async () => {
          const { page, problems, close } = await open(path, { width, colorScheme });
          try {
            assertNoViolations(await axeViolations(page), `${path} at ${width} px, ${colorScheme}`);
            assert.deepEqual(problems, []);
          } finally {
            await close();
          }
        });
      }
    }
  }

  it('finds no violations on the console before signing in', async () => {
    const { page, close } = await site.open('/console', { width: 360 });
    try {
      assertNoViolations(await axeViolations(page), 'the sign-in form');
    } finally {
      await close();
    }
  });

  /** The console's Partners page, signed in with the admin key, in the interface language given. */
  async function openPartners(options: PageOptions) {
    const opened = await site.open('/console', options);
    await site.signInAsAdmin(opened.page);
    return opened;
  }

  for (const consoleLanguage of ['ar', 'en'] as const) {
    for (const width of [360, 1280]) {
      it(`finds no violations on the console's Partners page at ${width} px in ${consoleLanguage}, its dialogs and confirmation open`, async () => {
        const { page, problems, close } = await openPartners({ width, consoleLanguage });
        try {
          const where = `the Partners page at ${width} px in ${consoleLanguage}`;
          assertNoViolations(await axeViolations(page), where);
          await page.locator('ajel-partner-row').first().locator('[data-action="revoke"]').click();
          await page.locator('[data-action="confirm-revoke"]').waitFor();
          assertNoViolations(await axeViolations(page), `${where}, the revocation asked`);
          await page.locator('ajel-partner-row').first().locator('[data-action="edit"]').click();
          await page.locator('ajel-partner-row >> #partner-name').waitFor();
          assertNoViolations(await axeViolations(page), `${where}, a partner being edited`);
          await page.locator('#add').click();
          const dialog = page.locator('#add-dialog');
          await dialog.locator('#partner-id').fill(`star-${width}-${consoleLanguage}`);
          await dialog.locator('#partner-name').fill('Daily Star');
          await dialog.locator('#partner-channels').fill('ar-private');
          await dialog.locator('#partner-origins').fill('https://dailystar.example/news');
          await dialog.locator('#partner-submit').click();
          await dialog.locator('#partner-origins-error').waitFor();
          assertNoViolations(await axeViolations(page), `${where}, the add dialog with a refused origin`);
          await dialog.locator('#partner-origins').fill('https://dailystar.example');
          await dialog.locator('#partner-submit').click();
          await dialog.locator('#copy').waitFor();
          assertNoViolations(await axeViolations(page), `${where}, a new secret shown`);
          await dialog.locator('#secret-done').click();
          await page.locator('ajel-partner-row').first().locator('[data-action="rotate"]').click();
          await page.locator('#grace').waitFor();
          assertNoViolations(await axeViolations(page), `${where}, the rotation dialog`);
          // The add form's refusal is a 400 the page expects and shows (Chromium logs it as well); nothing else went wrong.
          const refusal = [`HTTP 400: ${site.base}/api/partners`, 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)'];
          assert.deepEqual([...problems].sort(), [...refusal].sort());
        } finally {
          await close();
        }
      });
    }
  }

  for (const width of [320, 360]) {
    it(`fits the console's Partners page in ${width} px with no horizontal scroll`, async () => {
      const { page, close } = await openPartners({ width });
      try {
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        assert.ok(scrollWidth <= innerWidth, `the Partners page is ${scrollWidth} px wide in a ${innerWidth} px window`);
      } finally {
        await close();
      }
    });
  }

  for (const [path, channel] of [['/', 'ar-main'], ['partner:/', DEMO_PRIVATE_CHANNEL], ['partner:/article', DEMO_PRIVATE_CHANNEL]]) {
    for (const width of [320, 360]) {
      it(`shows ${path}'s long headline whole with reduced motion at ${width} px, and axe finds no violations`, async () => {
        const { page, close } = await open(path, { width, reducedMotion: 'reduce' });
        try {
          const { text, unseen } = await shownHeadline(page);
          assert.ok(text.includes(LONG_HEADLINES[channel]), `the long headline is the one shown: ${text}`);
          assert.deepEqual(unseen, []);
          assertNoViolations(await axeViolations(page), `${path} with reduced motion at ${width} px`);
          // Positive control through the same check: the headline cut after two lines, as it was.
          await (await tickerFrame(page)).$eval('ajel-ticker', (ticker) => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync('.static .item[data-current] { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }');
            ticker.shadowRoot!.adoptedStyleSheets = [...ticker.shadowRoot!.adoptedStyleSheets, sheet];
          });
          assert.notDeepEqual((await shownHeadline(page)).unseen, [], 'the check sees a headline cut after two lines');
        } finally {
          await close();
        }
      });
    }
  }

  it('reports a violation that is there: low contrast on the page and inside the ticker (positive controls)', async () => {
    const { page, close } = await open('partner:/', { width: 360 });
    try {
      assertNoViolations(await axeViolations(page), "the partner's page before the controls");
      await page.evaluate(() => {
        const faint = document.createElement('p');
        faint.id = 'faint';
        faint.textContent = 'Barely there';
        faint.style.color = '#d8d2c6';
        document.querySelector('main')!.prepend(faint);
      });
      const onPage = await axeViolations(page);
      assert.ok(
        onPage.some((violation) => violation.id === 'color-contrast' && violation.nodes.some((node) => JSON.stringify(node.target) === '["#faint"]')),
        `color-contrast reported on #faint; axe reported:\n${describeViolations(onPage)}`,
      );
      // Headlines on screen are still checked: only those the viewport clips are left out.
      await page.evaluate(() => {
        document.querySelector('#faint')!.remove();
        // Faint ordinary and urgent headlines: whichever is on screen now.
        const ticker = document.querySelector<HTMLElement>('ajel-ticker')!;
        ticker.style.setProperty('--ajel-color', '#33475f');
        ticker.style.setProperty('--ajel-urgent-color', '#c8464a');
      });
      const inTicker = await axeViolations(page);
      const tickerTargets = inTicker.filter((violation) => violation.id === 'color-contrast').flatMap((violation) => violation.nodes.map((node) => node.target));
      assert.ok(
        tickerTargets.length > 0 && tickerTargets.every((target) => Array.isArray(target[0]) && target[0][0] === 'ajel-ticker'),
        `color-contrast reported inside the ticker only; axe reported:\n${describeViolations(inTicker)}`,
      );
    } finally {
      await close();
    }
  });

  it("reports a violation that is there inside the article's frame of Ajel's embed (positive control)", async () => {
    const { page, close } = await open('partner:/article', { width: 360 });
    try {
      assertNoViolations(await axeViolations(page), 'the article before the control');
      const frame = await tickerFrame(page);
      assert.notEqual(frame, page.mainFrame());
      await frame.evaluate(() => {
        const ticker = document.querySelector<HTMLElement>('ajel-ticker')!;
        ticker.style.setProperty('--ajel-color', '#d8d2c6');
        ticker.style.setProperty('--ajel-urgent-color', '#f4a0a0');
      });
      const violations = await axeViolations(page);
      const targets = violations.filter((violation) => violation.id === 'color-contrast').flatMap((violation) => violation.nodes.map((node) => node.target));
      assert.ok(
        targets.length > 0 && targets.every((target) => target[0] === 'iframe' && Array.isArray(target[1]) && target[1][0] === 'ajel-ticker'),
        `color-contrast reported inside the frame only; axe reported:\n${describeViolations(violations)}`,
      );
    } finally {
      await close();
    }
  });

  for (const path of PAGES) {
    for (const width of [320, 360]) {
      it(`fits ${path} in ${width} px with no horizontal scroll`, async () => {
        const { page, close } = await open(path, { width });
        try {
          const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
          assert.ok(scrollWidth <= innerWidth, `${path} is ${scrollWidth} px wide in a ${innerWidth} px window`);
        } finally {
          await close();
        }
      });
    }
  }

  it('keeps the current section of the partner page on screen at 320 px', async () => {
    const { page, close } = await open('partner:/', { width: 320 });
    try {
      const box = await page.locator('.sections a[aria-current="page"]').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 320, `the current section lies at ${JSON.stringify(box)}`);
    } finally {
      await close();
    }
  });
});
