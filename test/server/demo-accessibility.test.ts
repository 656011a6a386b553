// The demo pages checked by axe-core inside Chromium, as Lighthouse checks them: `/`, `/partner`
// and the console (signed in, a draft in the composer so that its preview ticker shows), at a
// phone's and a desktop's width, light and dark; and whether each page fits a 320 px phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoSite, type DemoSite, type PageOptions } from '../harness/demo-site.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DRAFT = 'عاجل: إغلاق مطار العاصمة أمام جميع الرحلات الدولية والداخلية حتى إشعار آخر بسبب عاصفة رملية قوية';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core on the whole page (shadow roots included) and answers its violations. */
async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated over the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
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

describe('demo pages, checked by axe-core', () => {
  let site: DemoSite;

  before(async () => {
    site = await startDemoSite();
  });

  after(async () => {
    await site?.close();
  });

  /** A page as a reader gets it: the console signed in, with a draft in its preview ticker. */
  async function open(path: string, options: PageOptions) {
    const opened = await site.open(path, options);
    if (path === '/console') {
      await site.signIn(opened.page);
      await site.typeDraft(opened.page, DRAFT);
    }
    return opened;
  }

  for (const path of ['/', '/partner', '/console']) {
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

  for (const path of ['/', '/partner']) {
    it(`finds no violations on ${path} with reduced motion at 360 px`, async () => {
      const { page, close } = await open(path, { width: 360, reducedMotion: 'reduce' });
      try {
        assertNoViolations(await axeViolations(page), `${path} with reduced motion`);
      } finally {
        await close();
      }
    });
  }

  it('reports a violation that is there: low contrast on the page and inside the ticker (positive controls)', async () => {
    const { page, close } = await open('/partner', { width: 360 });
    try {
      assertNoViolations(await axeViolations(page), '/partner before the controls');
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
        document.querySelector<HTMLElement>('ajel-ticker')!.style.setProperty('--ajel-color', '#33475f');
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

  for (const path of ['/', '/partner', '/console']) {
    for (const width of [320, 360]) {
      it(`fits ${path} in ${width} px with no horizontal scroll`, async () => {
        const { page, close } = await open(path, { width });
        try {
          const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
          assert.ok(scrollWidth <= innerWidth, `${path} is ${scrollWidth} px wide in a ${innerWidth} px window`);
        } finally {
          await close();
        }
      });
    }
  }

  it('keeps the current section of the partner page on screen at 320 px', async () => {
    const { page, close } = await open('/partner', { width: 320 });
    try {
      const box = await page.locator('.sections a[aria-current="page"]').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 320, `the current section lies at ${JSON.stringify(box)}`);
    } finally {
      await close();
    }
  });
});
