// Host page: what embedding the ticker costs the page it is embedded in. The same Arabic article
// without the ticker, with the README's snippet, and with the snippet less its `<style>` line (the
// control: a shift the measurement must see), each loaded cold (a fresh browser context) and then
// warm (the same context again), on a desktop and on a mobile profile (360 px, CPU slowed 4×), in
// rotating order; an urgent headline is published during each load, so going live and the first
// alert fall in the window. Layout shifts, tasks and paints come from Chromium's trace.

import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { buildWidget, DIST_WIDGET } from '../lib/build.js';
import { ajelEnv, AJEL_ENTRY, AJEL_READY_PATH, BENCH_CHANNEL, editorKey, startServerProcess } from '../lib/server-process.js';
import { DISTURBED_CORES, foreignCpuMeter, waitForQuietMachine } from '../lib/proc.js';
import { fixed, markdownTable } from '../lib/table.js';
import { benchHeadline } from '../widget/pages.js';
import { RendererTrace, TRACE_CATEGORIES } from '../widget/trace.js';
import { CHROMIUM, CHROMIUM_FLAGS, median, servePages, sleep } from '../widget/widget.js';
import { HOST_PAGES, hostPage, type HostPageName } from './pages.js';

export type HostProfile = 'desktop' | 'mobile';
export type Visit = 'cold' | 'warm';

const PROFILES: Record<HostProfile, { viewport: { width: number; height: number }; cpuSlowdown: number; isMobile: boolean }> = {
  desktop: { viewport: { width: 1280, height: 720 }, cpuSlowdown: 1, isMobile: false },
  mobile: { viewport: { width: 360, height: 640 }, cpuSlowdown: 4, isMobile: true },
};

export interface HostOptions {
  /** Rounds; each loads every page cold and warm on every profile. */
  loads: number;
  profiles: HostProfile[];
  /** How long each load is watched from navigation, long enough to go live and show the alert. */
  observeMs: number;
  /** When, after navigation, the urgent headline is published. */
  alertAfterMs: number;
  build: boolean;
  quietWaitMs: number;
  screenshotDir?: string;
}

export const HOST_FULL: HostOptions = { loads: 5, profiles: ['desktop', 'mobile'], observeMs: 6000, alertAfterMs: 2500, build: true, quietWaitMs: 60_000 };
export const HOST_SMOKE: HostOptions = { ...HOST_FULL, loads: 1, profiles: ['desktop'], observeMs: 3000, alertAfterMs: 1500, build: false, quietWaitMs: 0 };

export interface LoadFigures {
  cls: number;
  layoutShifts: number;
  /** From navigation, ms. */
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  /** From first contentful paint to the end of the window. */
  totalBlockingMs: number;
  longTasks: number;
  mainThreadBusyMs: number;
  /** Whether the ticker showed a headline within the window (always false without a ticker). */
  tickerShown: boolean;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface HostCell {
  profile: HostProfile;
  visit: Visit;
  page: HostPageName;
  loads: LoadFigures[];
  cls: Spread;
  totalBlockingMs: Spread;
  longTasks: Spread;
  largestContentfulPaintMs: Spread;
  mainThreadBusyMs: Spread;
  tickerShownIn: number;
}

export interface HostResult {
  options: Pick<HostOptions, 'loads' | 'profiles' | 'observeMs' | 'alertAfterMs'>;
  chromium: string;
  cells: HostCell[];
  /** CPU other processes used while measuring, in cores; above DISTURBED_CORES the figures are suspect. */
  foreignCores: number;
}

const spread = (values: number[]): Spread => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

async function tickerShown(context: BrowserContext): Promise<boolean> {
  const [page] = context.pages();
  return page.evaluate(() => Boolean(document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[part~="item"]')));
}

/** One traced navigation of the context's page to `url`, watched for `observeMs`. */
async function tracedLoad(browser: Browser, context: BrowserContext, url: string, options: HostOptions, alert: () => Promise<void>): Promise<LoadFigures> {
  const [page] = context.pages();
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const navigated = page.goto(url);
  const published = sleep(options.alertAfterMs).then(alert);
  await Promise.all([navigated, published, sleep(options.observeMs)]);
  const shown = await tickerShown(context);
  const trace = RendererTrace.of(await browser.stopTracing(), url);
  const navigation = trace.navigationStart(url);
  const { firstTs, largestTs } = trace.contentfulPaints();
  if (navigation === undefined || firstTs === undefined) throw new Error(`the trace of ${url} has no navigation or first contentful paint`);
  const window = { from: navigation, to: navigation + options.observeMs * 1000 };
  const { cls, shifts } = trace.cumulativeLayoutShift();
  return {
    cls,
    layoutShifts: shifts,
    firstContentfulPaintMs: (firstTs - navigation) / 1000,
    largestContentfulPaintMs: ((largestTs ?? firstTs) - navigation) / 1000,
    totalBlockingMs: trace.blockingMs({ from: firstTs, to: window.to }),
    longTasks: trace.longTasksMs(window).length,
    mainThreadBusyMs: trace.busyMs(window),
    tickerShown: shown,
  };
}

export async function runHost(options: HostOptions, log: (line: string) => void = () => {}): Promise<HostResult> {
  if (options.build || !existsSync(DIST_WIDGET)) {
    log('host: building the widget (vite build)...');
    await buildWidget();
  }
  const key = editorKey();
  const ajel = await startServerProcess({ entry: AJEL_ENTRY, readyPath: AJEL_READY_PATH, env: ajelEnv({ editorKey: key, maxHeadlines: 30 }) });
  let browser: Browser | undefined;
  const pages = await servePages(Object.fromEntries(HOST_PAGES.map((name) => [`/${name}`, hostPage(name, { server: ajel.url, channel: BENCH_CHANNEL })])));
  try {
    let published = 0;
    const publish = async (urgent: boolean) => {
      const status = await ajel.publish(key, { text: benchHeadline(published++), urgent });
      if (status !== 201) throw new Error(`publishing a headline answered ${status}`);
    };
    for (let n = 0; n < 10; n++) await publish(false);
    const origin = `http://127.0.0.1:${(pages.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const warmup = await browser.newPage();
    await warmup.goto(`${origin}/snippet`);
    await sleep(1000);
    await warmup.close();

    const loads = new Map<string, LoadFigures[]>();
    const cellKey = (profile: HostProfile, visit: Visit, page: HostPageName) => `${profile}/${visit}/${page}`;
    const foreign = foreignCpuMeter();
    await waitForQuietMachine(DISTURBED_CORES, options.quietWaitMs, log);
    for (let round = 0; round < options.loads; round++) {
      const order = HOST_PAGES.map((_, index) => HOST_PAGES[(index + round) % HOST_PAGES.length]);
      for (const profile of options.profiles) {
        for (const name of order) {
          const { viewport, cpuSlowdown, isMobile } = PROFILES[profile];
          const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile });
          try {
            const page = await context.newPage();
            const cdp = await context.newCDPSession(page);
            await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
            for (const visit of ['cold', 'warm'] as const) {
              const figures = await tracedLoad(browser, context, `${origin}/${name}`, options, () => publish(true));
              const list = loads.get(cellKey(profile, visit, name)) ?? [];
              list.push(figures);
              loads.set(cellKey(profile, visit, name), list);
            }
            if (options.screenshotDir && round === 0) await page.screenshot({ path: join(options.screenshotDir, `host-${profile}-${name}.png`) });
          } finally {
            await context.close();
          }
        }
      }
      log(`  host: round ${round + 1} of ${options.loads} done`);
    }
    const cells: HostCell[] = [];
    for (const profile of options.profiles) {
      for (const visit of ['cold', 'warm'] as const) {
        for (const page of HOST_PAGES) {
          const list = loads.get(cellKey(profile, visit, page))!;
          cells.push({
            profile,
            visit,
            page,
            loads: list,
            cls: spread(list.map((load) => load.cls)),
            totalBlockingMs: spread(list.map((load) => load.totalBlockingMs)),
            longTasks: spread(list.map((load) => load.longTasks)),
            largestContentfulPaintMs: spread(list.map((load) => load.largestContentfulPaintMs)),
            mainThreadBusyMs: spread(list.map((load) => load.mainThreadBusyMs)),
            tickerShownIn: list.filter((load) => load.tickerShown).length,
          });
        }
      }
    }
    return {
      options: { loads: options.loads, profiles: options.profiles, observeMs: options.observeMs, alertAfterMs: options.alertAfterMs },
      chromium: browser.version(),
      cells,
      foreignCores: foreign().cores,
    };
  } finally {
    await browser?.close();
    pages.server.closeAllConnections();
    await new Promise((resolve) => pages.server.close(resolve));
    await ajel.stop();
  }
}

export function formatHost(result: HostResult): string {
  const withSpread = (value: Spread, digits: number) => (value.min === value.max ? fixed(value.median, digits) : `${fixed(value.median, digits)} (${fixed(value.min, digits)}–${fixed(value.max, digits)})`);
  const rows: string[][] = [];
  for (const profile of result.options.profiles) {
    for (const visit of ['cold', 'warm'] as const) {
      const cell = (page: HostPageName) => result.cells.find((c) => c.profile === profile && c.visit === visit && c.page === page)!;
      const [none, snippet, control] = HOST_PAGES.map(cell);
      const lcpMoved = snippet.largestContentfulPaintMs.median - none.largestContentfulPaintMs.median;
      const label = `${profile}, ${visit}`;
      rows.push(
        [`${label}: CLS`, withSpread(none.cls, 3), withSpread(snippet.cls, 3), withSpread(control.cls, 3), '0', snippet.cls.max === 0 ? 'yes' : 'NO'],
        [`${label}: total blocking time, ms`, withSpread(none.totalBlockingMs, 0), withSpread(snippet.totalBlockingMs, 0), withSpread(control.totalBlockingMs, 0), '', ''],
        [`${label}: long tasks ≥ 50 ms`, withSpread(none.longTasks, 0), withSpread(snippet.longTasks, 0), withSpread(control.longTasks, 0), '', ''],
        [`${label}: main-thread busy, ms`, withSpread(none.mainThreadBusyMs, 0), withSpread(snippet.mainThreadBusyMs, 0), withSpread(control.mainThreadBusyMs, 0), '', ''],
        [`${label}: page's LCP, ms (moved by)`, withSpread(none.largestContentfulPaintMs, 0), `${withSpread(snippet.largestContentfulPaintMs, 0)} (${lcpMoved >= 0 ? '+' : ''}${fixed(lcpMoved, 0)})`, withSpread(control.largestContentfulPaintMs, 0), '', ''],
        [`${label}: ticker showed headlines`, '–', `${snippet.tickerShownIn}/${snippet.loads.length}`, `${control.tickerShownIn}/${control.loads.length}`, 'all', snippet.tickerShownIn === snippet.loads.length ? 'yes' : 'NO'],
      );
    }
  }
  const table = markdownTable(['measure (median, min–max)', 'page without the ticker', 'README snippet', 'snippet without its `<style>` (control)', 'target', 'met'], rows);
  const { loads, observeMs, alertAfterMs } = result.options;
  const notes = [
    `Chromium ${result.chromium} (headless); one Arabic article page, the ticker under its header; ${loads} rounds in rotating page order, ` +
      `each page loaded cold (a fresh context) then warm (the same context again), watched ${observeMs / 1000} s from navigation, ` +
      `an urgent headline published ${alertAfterMs / 1000} s after it; desktop 1280×720, mobile 360×640 with the CPU slowed 4× (no network throttling: the servers are local). ` +
      'CLS is the largest session window of layout shifts in the trace; total blocking time counts from first contentful paint.',
  ];
  if (result.foreignCores > DISTURBED_CORES) notes.push(`Other work on the machine took ${fixed(result.foreignCores, 2)} cores while this ran.`);
  return `${table}\n\n${notes.join(' ')}`;
}
