// Runs each benchmark in smoke mode (tiny sizes, a few seconds) so they never rot, and checks that
// they produce well-formed results. No timing thresholds: speed is what `npm run bench` reports.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AbuseResult } from '../../bench/abuse/abuse.js';
import { ATTACKS } from '../../bench/abuse/messages.js';
import type { BundleResult } from '../../bench/bundle/bundle.js';
import type { FanoutResult } from '../../bench/fanout/fanout.js';
import type { HostResult } from '../../bench/host/host.js';
import type { WidgetResult } from '../../bench/widget/widget.js';

const out = mkdtempSync(join(tmpdir(), 'ajel-bench-smoke-'));
after(() => rmSync(out, { recursive: true, force: true }));

interface Report<T> {
  suite: string;
  smoke: boolean;
  machine: { cpus: number; node: string };
  result: T;
}

/** Runs `npm run bench -- <suite> --smoke` into a temporary folder and reads what it wrote. */
async function runSmoke<T>(suite: string): Promise<{ report: Report<T>; table: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', suite, '--smoke', `--out=${out}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `bench ${suite} --smoke failed:\n${output}`);
  return {
    report: JSON.parse(readFileSync(join(out, `${suite}.json`), 'utf8')) as Report<T>,
    table: readFileSync(join(out, `${suite}.md`), 'utf8'),
  };
}

const positive = (value: number, what: string) => assert.ok(Number.isFinite(value) && value > 0, `${what} should be a positive number, got ${value}`);

test('fan-out smoke run delivers every headline to every reader of bare, embedded-store, Redis and Redis Cluster servers', { timeout: 180_000 }, async () => {
  const { report, table } = await runSmoke<FanoutResult>('fanout');
  assert.equal(report.suite, 'fanout');
  assert.equal(report.smoke, true);
  const { summaries, comparisons } = report.result;
  assert.deepEqual(summaries.map((summary) => summary.target).sort(), ['ajel-cluster', 'ajel-memory', 'ajel-redis', 'bare']);
  for (const summary of summaries) {
    assert.ok(summary.connections > 0);
    assert.equal(summary.delivery.delivered, summary.delivery.expected, `${summary.target} delivered everything`);
    assert.equal(summary.delivery.ratio, 1);
    assert.equal(summary.delivery.duplicates, 0);
    // The channel is full when measuring starts: each headline evicts one, sent along with it.
    assert.equal(summary.delivery.evictions, summary.delivery.expected, `${summary.target} evictions`);
    assert.equal(summary.delivery.publishFailures, 0);
    positive(summary.setupWallMs, `${summary.target} set-up time`);
    positive(summary.latencyMs.p50, `${summary.target} p50`);
    positive(summary.publishAck.p50, `${summary.target} publish acknowledgement`);
    assert.ok(summary.latencyMs.p50 <= summary.latencyMs.p99 && summary.latencyMs.p99 <= summary.latencyMs.max);
    positive(summary.heapPerConnectionKiB, `${summary.target} heap per reader`);
  }
  assert.deepEqual(comparisons.map((comparison) => comparison.target).sort(), ['ajel-cluster', 'ajel-memory', 'ajel-redis']);
  for (const comparison of comparisons) positive(comparison.vsBaseline.p99, `${comparison.target} p99 ratio`);
  assert.match(table, /\| ajel-redis \/ bare +\|/);
  assert.match(table, /\| ajel-cluster \/ bare +\|/);
});

test('nodes smoke run delivers every headline to readers spread over three Ajel nodes and three adapter-joined Socket.IO servers', { timeout: 180_000 }, async () => {
  const { report, table } = await runSmoke<FanoutResult>('nodes');
  assert.equal(report.suite, 'nodes');
  const { summaries, comparisons } = report.result;
  assert.deepEqual(summaries.map((summary) => summary.target).sort(), ['adapter-3', 'ajel-3']);
  for (const summary of summaries) {
    assert.ok(summary.connections > 0);
    assert.equal(summary.delivery.delivered, summary.delivery.expected, `${summary.target} delivered everything across its nodes`);
    assert.equal(summary.delivery.duplicates, 0);
    assert.equal(summary.delivery.publishFailures, 0);
    positive(summary.latencyMs.p99, `${summary.target} p99`);
    positive(summary.heapPerConnectionKiB, `${summary.target} heap per reader`);
  }
  assert.deepEqual(comparisons.map((comparison) => [comparison.target, comparison.baseline]), [['ajel-3', 'adapter-3']]);
  positive(comparisons[0].vsBaseline.p99, 'ajel-3 p99 ratio');
  assert.match(table, /\| ajel-3 \/ adapter-3 +\|/);
});

test('widget smoke run measures the ticker, the live CSS marquee and a line of text from Chromium metrics and trace', { timeout: 180_000 }, async () => {
  const { report, table } = await runSmoke<WidgetResult>('widget');
  const { pages } = report.result;
  assert.deepEqual(pages.map((page) => page.page), ['ajel-ticker', 'css-marquee', 'text-line']);
  for (const page of pages) {
    positive(page.scrolling.seconds, `${page.page} scrolling window`);
    assert.equal(page.live.updates, report.result.options.liveSeconds);
    for (const value of [page.scrolling.layoutsPerSecond, page.scrolling.styleRecalcsPerSecond, page.scrolling.scriptMsPerSecond, page.live.updateCostMs.median]) {
      assert.ok(Number.isFinite(value) && value >= 0, `${page.page}: ${value}`);
    }
  }
  const marquee = pages[1];
  assert.equal(marquee.headlineSeen, true);
  positive(marquee.firstHeadlineDrawnMs, 'marquee first headline');
  positive(marquee.firstHeadlineWarmDrawnMs, 'marquee first headline on a repeat visit');
  positive(pages[0].firstHeadlineWarmDrawnMs, 'ticker first headline on a repeat visit');
  positive(marquee.scrolling.frames.presented, 'marquee frames');
  positive(marquee.live.reactions, 'changes the marquee took from its event stream');
  const line = pages[2];
  assert.equal(line.headlineSeen, true);
  positive(line.live.reactions, 'changes the line of text took from its event stream');
  assert.match(table, /first headline drawn, first visit/);
  assert.match(table, /first headline drawn, repeat visit/);
  assert.match(table, /\| scrolling: layouts\/s +\|.*\| +– +\|/, 'nothing scrolls on the line of text');
});

test('host smoke run measures the article page without the ticker, with the README snippet and with the snippet less its style (the control)', { timeout: 180_000 }, async () => {
  const { report, table } = await runSmoke<HostResult>('host');
  const { cells } = report.result;
  assert.deepEqual(cells.map((cell) => `${cell.profile}/${cell.visit}/${cell.page}`), [
    'desktop/cold/no-ticker', 'desktop/cold/snippet', 'desktop/cold/snippet-without-style',
    'desktop/warm/no-ticker', 'desktop/warm/snippet', 'desktop/warm/snippet-without-style',
  ]);
  for (const cell of cells) {
    positive(cell.largestContentfulPaintMs.median, `${cell.page} largest contentful paint`);
    positive(cell.mainThreadBusyMs.median, `${cell.page} main-thread time`);
    assert.ok(cell.cls.median >= 0 && cell.totalBlockingMs.median >= 0);
    assert.equal(cell.tickerShownIn, cell.page === 'no-ticker' ? 0 : cell.loads.length, `${cell.page}: the ticker showed headlines where there is one`);
  }
  const control = cells.find((cell) => cell.visit === 'cold' && cell.page === 'snippet-without-style')!;
  assert.ok(control.cls.median > 0, 'the measurement sees the shift of a ticker whose space is not reserved');
  assert.match(table, /desktop, cold: CLS/);
});

test('bundle smoke run splits the built widget into Lit, socket.io-client and our own code', { timeout: 180_000 }, async () => {
  const { report, table } = await runSmoke<BundleResult>('bundle');
  const { total, parts, budget } = report.result;
  positive(total.gzip, 'gzip size');
  assert.ok(total.brotli < total.minified && total.gzip < total.minified);
  assert.equal(parts.reduce((sum, part) => sum + part.minified, 0), total.minified, 'every byte is attributed');
  assert.ok(parts.some((part) => part.part === 'lit'));
  assert.equal(budget.headroomBytes, budget.gzipBytes - total.gzip);
  assert.match(table, /\| total +\|/);
});

test('abuse smoke run keeps the node up under every attack and reports the honest readers\' delivery', { timeout: 240_000 }, async () => {
  const { report, table } = await runSmoke<AbuseResult>('abuse');
  assert.equal(report.suite, 'abuse');
  assert.equal(report.smoke, true);
  const { runs, comparisons } = report.result;
  assert.deepEqual(runs.map((run) => run.run), ['idle', ...ATTACKS]);
  for (const run of runs) {
    assert.equal(run.node.failure, undefined, `${run.run}: ${run.node.failure}`);
    assert.equal(run.node.up, true, `the node stayed up under ${run.run}: ${run.node.exit}\n${run.node.output ?? ''}`);
    assert.equal(run.readers.subscribed, run.readers.requested, `${run.run}: every honest reader subscribed`);
    positive(run.publishes.accepted, `${run.run} honest publishes`);
    assert.equal(run.delivery.expected, run.readers.requested * run.publishes.accepted);
    assert.ok(Number.isFinite(run.delivery.ratio) && run.delivery.ratio >= 0 && run.delivery.ratio <= 1, `${run.run} delivery ${run.delivery.ratio}`);
    positive(run.memory.peakRssBytes, `${run.run} peak RSS`);
    positive(run.memory.peakHeapUsedBytes, `${run.run} peak heap`);
    positive(run.healthz.probes, `${run.run} /healthz probes`);
    if (run.run !== 'idle') {
      assert.ok(run.attack, `${run.run} reported what the attackers got`);
      positive(run.attack.sent, `${run.run} attack traffic`);
    }
  }
  // Each attack meets the budget meant for it.
  const refusals = (name: string) => runs.find((run) => run.run === name)!.refusals;
  assert.ok((refusals('subscribe-flood-paused').socket_events ?? 0) > 0, 'the paused flood is rate limited');
  assert.ok((refusals('connection-flood').connections_per_address ?? 0) > 0, 'the connection flood meets the per-address cap');
  assert.ok((refusals('key-guessing').failed_auth ?? 0) > 0, 'wrong keys are counted');
  assert.ok((refusals('http-read-flood').reads ?? 0) > 0, 'the read flood meets the read budget');
  assert.equal(runs.find((run) => run.run === 'key-guessing')!.publishes.refused, 0, 'a valid key publishes while its address guesses keys');
  assert.deepEqual(comparisons.map((comparison) => comparison.run), [...ATTACKS]);
  for (const comparison of comparisons) assert.equal(comparison.meetsTargets.up, true);
  assert.match(table, /\| idle +\| +up \|/);
  assert.match(table, /\| HTTP read flood +\|/);
});
