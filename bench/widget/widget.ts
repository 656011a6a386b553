// Widget: <ajel-ticker> on 30 headlines in headless Chromium against a real Ajel node, first only
// scrolling, then with one live change per second, measured from Chromium's own metrics
// (Performance.getMetrics) and trace; a plain CSS-keyframes marquee of the same headlines, taking
// the same live headlines as Server-Sent Events, is the floor, measured the same way in the same run.

import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { buildWidget, DIST_WIDGET } from '../lib/build.js';
import { ajelEnv, AJEL_ENTRY, AJEL_READY_PATH, BENCH_CHANNEL, editorKey, startServerProcess } from '../lib/server-process.js';
import { DISTURBED_CORES, foreignCpuMeter, waitForQuietMachine } from '../lib/proc.js';
import { fixed, markdownTable, times } from '../lib/table.js';
import { benchHeadline, marqueePage, textLinePage, tickerPage } from './pages.js';
import { FIRST_HEADLINE_MARK, nowUs, RendererTrace, TRACE_CATEGORIES, type FrameCounts, type Window } from './trace.js';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-gpu'];
const EVENTS_PATH = '/events';

export interface WidgetOptions {
  headlines: number;
  /** Pixels per second, for the ticker's `speed` and the marquee alike. */
  speed: number;
  /** Page loads for time to first headline, each in a fresh browser context. */
  loads: number;
  /** Only scrolling. */
  scrollSeconds: number;
  /** One live change per second. */
  liveSeconds: number;
  /**
   * Build dist/ first, as `npm run build` does; without, the existing build is measured (and made
   * only if missing), so a smoke run inside `npm test` never rewrites files other tests may serve.
   */
  build: boolean;
  /** How long a page load may take to show a headline before it is measured without. */
  firstHeadlineTimeoutMs: number;
  /** How long each page's measurement may wait for other work on the machine to finish first. */
  quietWaitMs: number;
  /** Where to save a screenshot of each page after its run. */
  screenshotDir?: string;
}

export const WIDGET_FULL: WidgetOptions = { build: true, headlines: 30, speed: 80, loads: 5, scrollSeconds: 10, liveSeconds: 30, firstHeadlineTimeoutMs: 10_000, quietWaitMs: 60_000 };
export const WIDGET_SMOKE: WidgetOptions = { ...WIDGET_FULL, build: false, loads: 1, scrollSeconds: 2, liveSeconds: 2, firstHeadlineTimeoutMs: 3000, quietWaitMs: 0 };

export type PageName = 'ajel-ticker' | 'css-marquee' | 'text-line';

export interface WindowFigures {
  seconds: number;
  frames: FrameCounts;
  framesPerSecond: number;
  longTasksMs: number[];
  longestTaskMs: number;
  scriptMsPerSecond: number;
  taskMsPerSecond: number;
  layoutsPerSecond: number;
  styleRecalcsPerSecond: number;
}

export interface PageFigures {
  page: PageName;
  /** Whether a headline (`part="item"` in the ticker's shadow root) appeared at all. */
  headlineSeen: boolean;
  /** Navigation start → first headline painted (main thread) and drawn (compositor), per first visit (a fresh context). */
  firstHeadline: Array<{ paintedMs: number; drawnMs?: number } | null>;
  firstHeadlineDrawnMs: number;
  /** The same on the repeat visit that follows each first one, in the same context (its cache warm). */
  firstHeadlineWarm: Array<{ paintedMs: number; drawnMs?: number } | null>;
  firstHeadlineWarmDrawnMs: number;
  /** CPU other processes on the machine used during the two windows; above DISTURBED_CORES the figures are suspect. */
  foreignCpu: { seconds: number; cores: number };
  scrolling: WindowFigures;
  live: WindowFigures & {
    updates: number;
    /** Changes the page ran script for (a page that does not listen runs none). */
    reactions: number;
    /** Main-thread time of the page's reaction to each change, less what scrolling alone costs over as long; 0 for no reaction. */
    updateCostMs: { median: number; max: number };
  };
}

export interface WidgetResult {
  options: Pick<WidgetOptions, 'headlines' | 'speed' | 'loads' | 'scrollSeconds' | 'liveSeconds'>;
  chromium: string;
  pages: PageFigures[];
  targets: {
    noLongTasks: boolean;
    noLayoutWhileScrolling: boolean;
    /** One live update's main-thread time (median) at most the CSS marquee's. */
    updateAtMostFloor: boolean;
    frameRateOfBaseline: boolean;
    /** First headline within 1.2× the CSS marquee's, first and repeat visits. */
    firstHeadlineCold: boolean;
    firstHeadlineWarm: boolean;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};

export interface PageServer {
  server: Server;
  /** Sends a headline to every page listening at `/events` (Server-Sent Events). */
  push(text: string): void;
}

export function servePages(pages: Record<string, string>): Promise<PageServer> {
  const listeners = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.url === EVENTS_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' }).write(': listening\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    const body = pages[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
  });
  const push = (text: string) => {
    for (const listener of listeners) listener.write(`data: ${JSON.stringify(text)}\n\n`);
  };
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, push })));
}

/** Resolves once the page has set the first-headline mark, or after the timeout; true if it did. */
export async function waitForFirstHeadline(page: Page, timeoutMs: number): Promise<boolean> {
  const seen = page.evaluate(
    (mark) =>
      new Promise<boolean>((resolve) => {
        if (performance.getEntriesByName(mark).length > 0) return resolve(true);
        new PerformanceObserver((list, observer) => {
          if (list.getEntriesByName(mark).length === 0) return;
          observer.disconnect();
          resolve(true);
        }).observe({ type: 'mark' });
      }),
    FIRST_HEADLINE_MARK,
  );
  return Promise.race([seen, sleep(timeoutMs).then(() => false)]);
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

function windowFigures(trace: RendererTrace, window: Window, before: Metrics, after: Metrics): WindowFigures {
  const seconds = (window.to - window.from) / 1e6;
  const perSecond = (name: string, scale = 1) => ((after[name] - before[name]) * scale) / seconds;
  const frames = trace.frames(window);
  return {
    seconds,
    frames,
    framesPerSecond: frames.presented / seconds,
    longTasksMs: trace.longTasksMs(window),
    longestTaskMs: trace.longestTaskMs(window),
    scriptMsPerSecond: perSecond('ScriptDuration', 1000),
    taskMsPerSecond: perSecond('TaskDuration', 1000),
    layoutsPerSecond: perSecond('LayoutCount'),
    styleRecalcsPerSecond: perSecond('RecalcStyleCount'),
  };
}

type FirstHeadline = { paintedMs: number; drawnMs?: number } | null;

/** One traced navigation of `page` to `url`, until the first headline is drawn or the timeout. */
async function tracedFirstHeadline(browser: Browser, page: Page, url: string, timeoutMs: number): Promise<FirstHeadline> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.goto(url);
  const seen = await waitForFirstHeadline(page, timeoutMs);
  await sleep(500);
  const trace = RendererTrace.of(await browser.stopTracing(), url);
  return seen ? (trace.firstHeadline(url) ?? null) : null;
}

/** A first visit in a fresh browser context (nothing cached), then a repeat visit in the same context. */
async function firstHeadlineLoads(browser: Browser, url: string, timeoutMs: number): Promise<{ cold: FirstHeadline; warm: FirstHeadline }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cold = await tracedFirstHeadline(browser, page, url, timeoutMs);
    const warm = await tracedFirstHeadline(browser, page, url, timeoutMs);
    return { cold, warm };
  } finally {
    await context.close();
  }
}

async function measurePage(
  browser: Browser,
  name: PageName,
  url: string,
  options: WidgetOptions,
  publish: (n: number) => Promise<void>,
  log: (line: string) => void,
): Promise<PageFigures> {
  const firstHeadline: FirstHeadline[] = [];
  const firstHeadlineWarm: FirstHeadline[] = [];
  for (let load = 0; load < options.loads; load++) {
    const { cold, warm } = await firstHeadlineLoads(browser, url, options.firstHeadlineTimeoutMs);
    firstHeadline.push(cold);
    firstHeadlineWarm.push(warm);
  }
  const drawn = (runs: FirstHeadline[]) => runs.map((run) => fixed(run?.drawnMs ?? run?.paintedMs, 0)).join(', ');
  log(`  ${name}: first headline drawn at ${drawn(firstHeadline)} ms on a first visit, ${drawn(firstHeadlineWarm)} ms on a repeat visit`);

  let context: BrowserContext | undefined;
  try {
    context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    const headlineSeen = await waitForFirstHeadline(page, options.firstHeadlineTimeoutMs);
    await sleep(2000);

    await waitForQuietMachine(DISTURBED_CORES, options.quietWaitMs, log);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const foreignCpu = foreignCpuMeter();
    const scrollBefore = await metrics(cdp);
    const scrollWindow = { from: nowUs(), to: 0 };
    await sleep(options.scrollSeconds * 1000);
    scrollWindow.to = nowUs();
    const scrollAfter = await metrics(cdp);

    const liveWindow = { from: nowUs(), to: 0 };
    const published: number[] = [];
    for (let second = 0; second < options.liveSeconds; second++) {
      const due = liveWindow.from + second * 1e6;
      await sleep(Math.max(0, (due - nowUs()) / 1000));
      published.push(nowUs());
      await publish(second);
    }
    await sleep(Math.max(0, (liveWindow.from + options.liveSeconds * 1e6 - nowUs()) / 1000));
    liveWindow.to = nowUs();
    const liveAfter = await metrics(cdp);
    const foreign = foreignCpu();
    const trace = RendererTrace.of(await browser.stopTracing());
    if (options.screenshotDir) await page.screenshot({ path: join(options.screenshotDir, `widget-${name}.png`) });

    const scrolling = windowFigures(trace, scrollWindow, scrollBefore, scrollAfter);
    const scrollingBusyPerUs = trace.busyMs(scrollWindow) / (scrollWindow.to - scrollWindow.from);
    const reactions = published.map((at, index) => trace.reaction({ from: at, to: published[index + 1] ?? liveWindow.to }));
    const updateCosts = reactions.map((reaction) => (reaction ? Math.max(0, reaction.busyMs - scrollingBusyPerUs * (reaction.to - reaction.from)) : 0));
    return {
      page: name,
      headlineSeen,
      firstHeadline,
      firstHeadlineDrawnMs: median(firstHeadline.map((run) => run?.drawnMs ?? NaN)),
      firstHeadlineWarm,
      firstHeadlineWarmDrawnMs: median(firstHeadlineWarm.map((run) => run?.drawnMs ?? NaN)),
      foreignCpu: foreign,
      scrolling,
      live: {
        ...windowFigures(trace, liveWindow, scrollAfter, liveAfter),
        updates: published.length,
        reactions: reactions.filter(Boolean).length,
        updateCostMs: { median: median(updateCosts), max: Math.max(...updateCosts) },
      },
    };
  } finally {
    await context?.close();
  }
}

export async function runWidget(options: WidgetOptions, log: (line: string) => void = () => {}): Promise<WidgetResult> {
  if (options.build || !existsSync(DIST_WIDGET)) {
    log('widget: building the widget (vite build)...');
    await buildWidget();
  }
  const key = editorKey();
  const ajel = await startServerProcess({ entry: AJEL_ENTRY, readyPath: AJEL_READY_PATH, env: ajelEnv({ editorKey: key, maxHeadlines: options.headlines }) });
  let pages: PageServer | undefined;
  let browser: Browser | undefined;
  try {
    const texts = Array.from({ length: options.headlines }, (_, n) => benchHeadline(n));
    const publishOrFail = async (text: string) => {
      const status = await ajel.publish(key, { text });
      if (status !== 201) throw new Error(`publishing a headline answered ${status}`);
    };
    for (const text of texts) await publishOrFail(text);
    pages = await servePages({
      '/ticker': tickerPage({ server: ajel.url, channel: BENCH_CHANNEL, speed: options.speed }),
      '/marquee': marqueePage({ headlines: texts, speed: options.speed, events: EVENTS_PATH }),
      '/text-line': textLinePage({ headline: texts.at(-1)!, events: EVENTS_PATH }),
    });
    const origin = `http://127.0.0.1:${(pages.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });

    // A first load warms the server (widget file, snapshot, socket); the measured loads start cold in the browser.
    const warmup = await browser.newPage();
    await warmup.goto(`${origin}/ticker`);
    await waitForFirstHeadline(warmup, options.firstHeadlineTimeoutMs);
    await warmup.close();

    let published = options.headlines;
    // Each change goes to Ajel (for the ticker) and to the event stream (for the marquee and the line).
    const publish = async () => {
      const text = benchHeadline(published++);
      await publishOrFail(text);
      pages!.push(text);
    };
    const results: PageFigures[] = [];
    for (const [name, path] of [['ajel-ticker', '/ticker'], ['css-marquee', '/marquee'], ['text-line', '/text-line']] as const) {
      log(`widget: ${name}...`);
      results.push(await measurePage(browser, name, `${origin}${path}`, options, publish, log));
    }
    const [ticker, marquee] = results;
    return {
      options: { headlines: options.headlines, speed: options.speed, loads: options.loads, scrollSeconds: options.scrollSeconds, liveSeconds: options.liveSeconds },
      chromium: browser.version(),
      pages: results,
      targets: {
        noLongTasks: ticker.scrolling.longTasksMs.length + ticker.live.longTasksMs.length === 0,
        noLayoutWhileScrolling: ticker.scrolling.layoutsPerSecond === 0,
        updateAtMostFloor: ticker.live.updateCostMs.median <= marquee.live.updateCostMs.median,
        firstHeadlineCold: ticker.firstHeadlineDrawnMs <= 1.2 * marquee.firstHeadlineDrawnMs,
        firstHeadlineWarm: ticker.firstHeadlineWarmDrawnMs <= 1.2 * marquee.firstHeadlineWarmDrawnMs,
        frameRateOfBaseline: ticker.scrolling.framesPerSecond >= 0.98 * marquee.scrolling.framesPerSecond,
      },
    };
  } finally {
    await browser?.close();
    pages?.server.closeAllConnections();
    await new Promise((resolve) => (pages ? pages.server.close(resolve) : resolve(undefined)));
    await ajel.stop();
  }
}

export function formatWidget(result: WidgetResult): string {
  const [ticker, marquee, line] = result.pages;
  const mark = (ok: boolean) => (ok ? 'yes' : 'NO');
  const row = (label: string, value: (page: PageFigures) => string, target = '', meets = '') => [label, value(ticker), value(marquee), line ? value(line) : '', target, meets];
  // Nothing moves on the line of text: its scrolling and frame figures say nothing.
  const moving = (value: (page: PageFigures) => string) => (page: PageFigures) => (page.page === 'text-line' ? '–' : value(page));
  const frames = (figures: WindowFigures) => `${fixed(figures.framesPerSecond)} (${figures.frames.presented}/${figures.frames.expected})`;
  const table = markdownTable(
    ['measure', '`<ajel-ticker>`', 'CSS marquee (floor)', 'one line of text', 'target', 'met'],
    [
      row('first headline drawn, first visit, ms after navigation (median)', (page) => fixed(page.firstHeadlineDrawnMs, 0)),
      row('first headline, first visit, against the floor\'s', (page) => times(page.firstHeadlineDrawnMs / marquee.firstHeadlineDrawnMs), '≤ 1.20×', mark(result.targets.firstHeadlineCold)),
      row('first headline drawn, repeat visit, ms (median)', (page) => fixed(page.firstHeadlineWarmDrawnMs, 0)),
      row('first headline, repeat visit, against the floor\'s', (page) => times(page.firstHeadlineWarmDrawnMs / marquee.firstHeadlineWarmDrawnMs), '≤ 1.20×', mark(result.targets.firstHeadlineWarm)),
      row('scrolling: frames/s (presented/expected)', moving((page) => frames(page.scrolling)), '= floor', mark(result.targets.frameRateOfBaseline)),
      row('scrolling: dropped frames', moving((page) => String(page.scrolling.frames.dropped))),
      row('scrolling: layouts/s', moving((page) => fixed(page.scrolling.layoutsPerSecond, 2)), '0', mark(result.targets.noLayoutWhileScrolling)),
      row('scrolling: style recalcs/s', moving((page) => fixed(page.scrolling.styleRecalcsPerSecond, 2))),
      row('scrolling: main-thread script ms/s', moving((page) => fixed(page.scrolling.scriptMsPerSecond, 2))),
      row('scrolling: main-thread task ms/s', moving((page) => fixed(page.scrolling.taskMsPerSecond, 2))),
      row('live: frames/s (presented/expected)', moving((page) => frames(page.live))),
      row('live: main-thread script ms/s', (page) => fixed(page.live.scriptMsPerSecond, 2)),
      row('live: layouts/s', (page) => fixed(page.live.layoutsPerSecond, 2)),
      row('live: style recalcs/s', (page) => fixed(page.live.styleRecalcsPerSecond, 2)),
      row('live: changes the page reacted to', (page) => `${page.live.reactions}/${page.live.updates}`),
      row('one live update: main-thread ms (median / max)', (page) => `${fixed(page.live.updateCostMs.median, 2)} / ${fixed(page.live.updateCostMs.max, 2)}`),
      row('one live update: median against the floor\'s', (page) => times(page.live.updateCostMs.median / marquee.live.updateCostMs.median), '≤ 1.00×', mark(result.targets.updateAtMostFloor)),
      row('one live update: median against the line of text\'s', (page) => (line ? times(page.live.updateCostMs.median / line.live.updateCostMs.median) : '–')),
      row('long tasks ≥ 50 ms (longest task, ms)', (page) => `${page.scrolling.longTasksMs.length + page.live.longTasksMs.length} (${fixed(Math.max(page.scrolling.longestTaskMs, page.live.longestTaskMs), 1)})`, '0', mark(result.targets.noLongTasks)),
    ],
  );
  const { headlines, speed, loads, scrollSeconds, liveSeconds } = result.options;
  const notes = [
    `Chromium ${result.chromium} (headless, software compositing), 1280×720; ${headlines} headlines at ${speed} px/s; ` +
      `${scrollSeconds} s only scrolling, then ${liveSeconds} s with one live change per second (a new headline; the oldest drops off), ` +
      'which the marquee takes as Server-Sent Events and puts first with a few lines of script (no position kept); ' +
      'the line of text takes the same events and only replaces its words (nothing moves: the least a page can do to show a new headline); ' +
      `first headline: ${loads} first visits, each in a fresh browser context, each followed by a repeat visit in the same context (HTTP cache and the ticker's stored headlines warm), against a warm server.`,
  ];
  for (const page of result.pages) {
    if (page.foreignCpu.cores > DISTURBED_CORES) notes.push(`Other work on the machine took ${fixed(page.foreignCpu.cores, 2)} cores while ${page.page} was measured.`);
  }
  if (!ticker.headlineSeen) notes.push('The built widget showed no headline (no part="item" in its shadow root), so it was measured as it is.');
  return `${table}\n\n${notes.join(' ')}`;
}
