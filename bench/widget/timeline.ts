// Prints where a first headline's time goes, from a Chromium trace of one first visit and one
// repeat visit of the benchmark's ticker page: the widget script's fetch and evaluation, the
// socket's creation and handshake, its frames (CDP), the first headline's mark, paint and draw.
//   node --import tsx bench/widget/timeline.ts
import { chromium, type Page } from 'playwright-core';
import { buildWidget, DIST_WIDGET } from '../lib/build.js';
import { ajelEnv, AJEL_ENTRY, AJEL_READY_PATH, BENCH_CHANNEL, editorKey, startServerProcess } from '../lib/server-process.js';
import { benchHeadline, tickerPage } from './pages.js';
import { FIRST_HEADLINE_MARK, TRACE_CATEGORIES, type TraceEvent } from './trace.js';
import { CHROMIUM, CHROMIUM_FLAGS, servePages, sleep } from './widget.js';
import { existsSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const NETWORK = ['ResourceSendRequest', 'ResourceReceiveResponse', 'ResourceFinish'];
const SOCKET = ['WebSocketCreate', 'WebSocketSendHandshakeRequest', 'WebSocketReceiveHandshakeResponse'];

async function load(page: Page, url: string, label: string, browser: import('playwright-core').Browser): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const frames: Array<{ ts: number; dir: string; data: string }> = [];
  cdp.on('Network.webSocketFrameSent', (e) => frames.push({ ts: e.timestamp * 1e6, dir: '→', data: e.response.payloadData.slice(0, 70) }));
  cdp.on('Network.webSocketFrameReceived', (e) => frames.push({ ts: e.timestamp * 1e6, dir: '←', data: e.response.payloadData.slice(0, 70) }));
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[part~="item"]'), null, { timeout: 10_000 });
  await sleep(500);
  const buffer = await browser.stopTracing();
  if (process.env.TRACE_DIR) writeFileSync(`${process.env.TRACE_DIR}/${label.replace(/ /g, '-')}.json`, buffer);
  const events = (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  await cdp.detach();
  const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url)!;
  const main = events.filter((e) => e.pid === navigation.pid && e.tid === navigation.tid).sort((a, b) => a.ts - b.ts);
  const at = (ts: number) => ((ts - navigation.ts) / 1000).toFixed(1).padStart(7);
  const rows: Array<[number, string]> = [];
  for (const e of events) {
    if (NETWORK.includes(e.name) && e.pid === navigation.pid) rows.push([e.ts, `${e.name} ${e.args?.data?.url ?? e.args?.data?.requestId ?? ''}`]);
    if (SOCKET.includes(e.name)) rows.push([e.ts, `${e.name} ${e.args?.data?.url ?? ''}`]);
    if ((e.name === 'MarkDOMContent' || e.name === 'MarkLoad') && e.pid === navigation.pid) rows.push([e.ts, e.name]);
    if (e.name === FIRST_HEADLINE_MARK) rows.push([e.ts, 'mark ajel:first-headline']);
  }
  for (const e of main) {
    if (e.ph !== 'X' || (e.dur ?? 0) < 1000) continue;
    if (['EvaluateScript', 'v8.evaluateModule', 'FunctionCall', 'v8.compileModule', 'ParseHTML', 'Layout', 'UpdateLayoutTree', 'Paint', 'TimerFire', 'EventDispatch', 'RunMicrotasks', 'v8.compile', 'FireAnimationFrame'].includes(e.name)) {
      rows.push([e.ts, `${e.name} ${(e.dur! / 1000).toFixed(1)} ms ${e.args?.data?.url ?? e.args?.data?.type ?? e.args?.data?.functionName ?? ''}`]);
    }
  }
  const mark = main.find((e) => e.name === FIRST_HEADLINE_MARK);
  const paint = mark && main.find((e) => e.name === 'Paint' && e.ts >= mark.ts);
  const commit = paint && main.find((e) => e.name === 'Commit' && e.ts >= paint.ts + paint.dur!);
  const drawn = commit && events.find((e) => e.pid === navigation.pid && e.name === 'DrawFrame' && e.ts >= commit.ts + commit.dur!);
  if (drawn) rows.push([drawn.ts, 'DrawFrame (first headline drawn)']);
  for (const f of frames) rows.push([f.ts, `ws ${f.dir} ${f.data}`]);
  rows.sort((a, b) => a[0] - b[0]);
  console.log(`\n== ${label}`);
  for (const [ts, text] of rows) if (ts >= navigation.ts && (!drawn || ts <= drawn.ts + 1)) console.log(`${at(ts)} ms  ${text}`);
}

if (!existsSync(DIST_WIDGET)) await buildWidget();
const key = editorKey();
const ajel = await startServerProcess({ entry: AJEL_ENTRY, readyPath: AJEL_READY_PATH, env: ajelEnv({ editorKey: key, maxHeadlines: 30 }) });
try {
  for (let n = 0; n < 30; n++) await ajel.publish(key, { text: benchHeadline(n) });
  const pages = await servePages({ '/ticker': tickerPage({ server: ajel.url, channel: BENCH_CHANNEL, speed: 80 }) });
  const url = `http://127.0.0.1:${(pages.server.address() as AddressInfo).port}/ticker`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const warmup = await browser.newPage();
  await warmup.goto(url);
  await warmup.waitForFunction(() => document.querySelector('ajel-ticker')?.shadowRoot?.querySelector('[part~="item"]'));
  await warmup.close();
  const runs = Number(process.argv[2] ?? 1);
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await load(page, url, `first visit ${run + 1}`, browser);
    await load(page, url, `repeat visit ${run + 1}`, browser);
    await context.close();
  }
  await browser.close();
  pages.server.closeAllConnections();
  pages.server.close();
} finally {
  await ajel.stop();
}
