// Fan-out: N stock socket.io-client readers on one channel, headlines published through the HTTP
// API, each stamped with its send time; Ajel (embedded store, Redis) side by side with a bare
// Socket.IO re-broadcaster driven by the very same generator. The multi-node targets run three
// servers on one Redis, readers spread evenly over them and every headline published through the
// first: Ajel's nodes against bare Socket.IO servers joined by Socket.IO's Redis streams adapter.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { TestRedis } from '../../test/harness/redis.js';
import { TestRedisCluster } from '../../test/harness/redis-cluster.js';
import { nextMessage, spawnNode, stopProcess } from '../lib/node-process.js';
import { DISTURBED_CORES, foreignCpuMeter, openFilesHardLimit, waitForQuietMachine } from '../lib/proc.js';
import { ajelEnv, AJEL_ENTRY, AJEL_READY_PATH, BENCH_CHANNEL, editorKey, startServerProcess, type ServerProcess } from '../lib/server-process.js';
import { distribution, ratio, type Distribution } from '../lib/stats.js';
import { fixed, grouped, markdownTable, percent, times } from '../lib/table.js';
import { headlineText, type ConnectedReport, type DeliveryReport, type GeneratorMessage } from './messages.js';

export const FANOUT_TARGETS = ['bare', 'ajel-memory', 'ajel-redis', 'ajel-cluster', 'adapter-3', 'ajel-3'] as const;
export type FanoutTarget = (typeof FANOUT_TARGETS)[number];

/** Server processes a target runs; readers are spread evenly over them. */
const NODES: Partial<Record<FanoutTarget, number>> = { 'adapter-3': 3, 'ajel-3': 3 };
const nodesOf = (target: FanoutTarget) => NODES[target] ?? 1;
/** What a target is compared with: one Ajel node with one bare Socket.IO server, three with three joined by the adapter. */
const baselineOf = (target: FanoutTarget): FanoutTarget => (nodesOf(target) > 1 ? 'adapter-3' : 'bare');
/** The most a target may take of its baseline's p99 and memory per reader: 1.2× against one bare server, 1.0× against the adapter. */
const allowanceOf = (baseline: FanoutTarget) => (baseline === 'bare' ? 1.2 : 1.0);

const BARE_ENTRY = 'bench/fanout/bare-server.ts';
const GENERATOR_ENTRY = 'bench/fanout/load-generator.ts';
/** Open files a server process needs besides its readers' sockets (stdio, epoll, listener, Redis...). */
const FILES_RESERVE = 100;

export interface FanoutOptions {
  sizes: number[];
  targets: FanoutTarget[];
  /** Runs of every target per size, in rotating order; each figure is the median over them, so one run disturbed by other work on the machine does not decide it. */
  rounds: number;
  /** Further attempts at a run disturbed by other work on the machine. */
  retries: number;
  /** How long each run may wait for other work on the machine to finish first. */
  quietWaitMs: number;
  /** Measured headlines per run. */
  headlines: number;
  /** Unmeasured headlines first, so every server is warm. */
  warmups: number;
  /** Load-generator processes. */
  processes: number;
  /** Handshakes in flight per generator process. */
  concurrency: number;
  /** Pause after a headline has reached every reader, before the next. */
  gapMs: number;
  /** Write a CPU profile of each server under test here. */
  cpuProfileDir?: string;
}

export const FANOUT_FULL: FanoutOptions = {
  sizes: [1000, 5000, 10_000, 20_000],
  targets: ['bare', 'ajel-memory', 'ajel-redis', 'ajel-cluster'],
  rounds: 3,
  retries: 2,
  quietWaitMs: 60_000,
  headlines: 40,
  warmups: 5,
  processes: 2,
  concurrency: 50,
  gapMs: 100,
};

export const FANOUT_SMOKE: FanoutOptions = { ...FANOUT_FULL, sizes: [40], rounds: 1, retries: 0, quietWaitMs: 0, headlines: 3, warmups: 1, processes: 2, concurrency: 10, gapMs: 20 };

/**
 * `npm run bench -- nodes`: three nodes a side. Six generator processes, two per node, so that no
 * process holds more than the machine's open-file limit at 50,000 readers.
 */
export const NODES_FULL: FanoutOptions = { ...FANOUT_FULL, sizes: [10_000, 30_000, 50_000], targets: ['adapter-3', 'ajel-3'], processes: 6, concurrency: 100 };
export const NODES_SMOKE: FanoutOptions = { ...FANOUT_SMOKE, sizes: [60], targets: ['adapter-3', 'ajel-3'], processes: 3 };

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
}

export interface HeadlineSpread {
  /** The first reader's latency: the server's own publish path, before the fan-out spreads it. */
  first: number;
  p50: number;
  max: number;
}

export interface FanoutRun {
  target: FanoutTarget;
  round: number;
  /** CPU that other processes on the machine used from set-up to the last headline, and the cores it averaged. */
  foreignCpu: { seconds: number; cores: number };
  /** Other work took more than DISTURBED_CORES while this run measured: it is run again. */
  disturbed: boolean;
  requested: number;
  /** Readers actually opened: fewer than requested when the machine cannot hold them (see cappedBy). */
  connections: number;
  cappedBy?: string;
  setup: { wallMs: number; perConnectionMs: Distribution; failed: number; errors: string[]; serverCpuSeconds: number };
  delivery: { expected: number; delivered: number; ratio: number; duplicates: number; evictions: number; disconnects: number; publishFailures: number };
  latencyMs: Distribution;
  /** POST → its 201, per measured headline: what an editor waits for. */
  publishAckMs: Distribution;
  /** The spread of each headline over the readers, in publishing order: a slow one shows here. */
  latencyByHeadlineMs: HeadlineSpread[];
  memory: { idle: MemoryFigures; loaded: MemoryFigures; rssPerConnectionKiB: number; heapPerConnectionKiB: number };
  cpu: { serverMsPerHeadline: number; generatorSeconds: number };
}

/** A target's runs at one size taken together: each figure the median over the runs, deliveries summed. */
export interface FanoutSummary {
  target: FanoutTarget;
  requested: number;
  connections: number;
  cappedBy?: string;
  rounds: number;
  /** Runs taken into the figures that were disturbed all the same (their retries were too). */
  disturbedRuns: number;
  setupWallMs: number;
  delivery: { expected: number; delivered: number; ratio: number; duplicates: number; evictions: number; disconnects: number; publishFailures: number };
  latencyMs: Distribution;
  /** Median over the headlines of the first reader's latency (median over runs). */
  firstReaderMs: number;
  /** Publish acknowledgement p50 and p99 (medians over runs). */
  publishAck: { p50: number; p99: number };
  rssPerConnectionKiB: number;
  heapPerConnectionKiB: number;
  serverMsPerHeadline: number;
}

export interface FanoutComparison {
  target: FanoutTarget;
  /** What the ratios are of: `bare` for one node, `adapter-3` for three. */
  baseline: FanoutTarget;
  requested: number;
  vsBaseline: { setup: number; first: number; p50: number; p99: number; max: number; rssPerConnection: number; heapPerConnection: number; cpuPerHeadline: number };
  meetsTargets: { delivery: boolean; p99: boolean; memory: boolean };
}

export interface FanoutResult {
  options: FanoutOptions;
  summaries: FanoutSummary[];
  comparisons: FanoutComparison[];
  runs: FanoutRun[];
}

/**
 * The most readers one run can hold on this machine, and what limits it: each server process's
 * open files, and the ephemeral ports towards each server's address (a local port can be reused
 * towards another server).
 */
function connectionCap(nodes: number): { max: number; reason?: string } {
  const files = openFilesHardLimit() - FILES_RESERVE;
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  const ports = high - low + 1 - FILES_RESERVE;
  if (files <= ports) return { max: files * nodes, reason: `open-files hard limit ${openFilesHardLimit()} of each server process` };
  return { max: ports * nodes, reason: `ephemeral port range ${low}-${high}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function memoryFigures(usage: NodeJS.MemoryUsage): MemoryFigures {
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external };
}

async function startGenerators(count: number): Promise<ChildProcess[]> {
  const generators = Array.from({ length: count }, () =>
    spawnNode(['--import', 'tsx', GENERATOR_ENTRY], { serialization: 'advanced', output: 'inherit' }),
  );
  await Promise.all(generators.map((child) => nextMessage(child, (message: GeneratorMessage) => (message.kind === 'ready' ? true : undefined), 20_000, 'load generator')));
  return generators;
}

/**
 * Both servers keep as many headlines as there are warm-ups: the channel is full when the measured
 * headlines start, so each of them evicts the oldest, as in a live channel after its first hours,
 * and each reader is sent the headline and the eviction together (the bare server only mimics it).
 */
async function startTarget(target: FanoutTarget, key: string, redis: TestRedis | TestRedisCluster | undefined, warmups: number, cpuProfileDir?: string): Promise<ServerProcess[]> {
  const bare = target === 'bare' || target === 'adapter-3';
  const env = bare
    ? { AJEL_MAX_HEADLINES: String(warmups), ...(redis?.topology.mode === 'single' ? { REDIS_URL: redis.topology.url } : {}) }
    : ajelEnv({ editorKey: key, redis: redis?.topology, maxHeadlines: warmups });
  return Promise.all(
    Array.from({ length: nodesOf(target) }, (_, node) =>
      startServerProcess({
        entry: bare ? BARE_ENTRY : AJEL_ENTRY,
        readyPath: bare ? undefined : AJEL_READY_PATH,
        env,
        cpuProfileDir: cpuProfileDir && (nodesOf(target) > 1 ? join(cpuProfileDir, `node-${node + 1}`) : cpuProfileDir),
      }),
    ),
  );
}

/** The memory of every server of a target, added up. */
async function totalMemory(servers: ServerProcess[]): Promise<NodeJS.MemoryUsage> {
  const usages = await Promise.all(servers.map((server) => server.memory()));
  const total = (field: keyof NodeJS.MemoryUsage) => usages.reduce((sum, usage) => sum + usage[field], 0);
  return { rss: total('rss'), heapTotal: total('heapTotal'), heapUsed: total('heapUsed'), external: total('external'), arrayBuffers: total('arrayBuffers') };
}

/**
 * What the publisher posts: Ajel takes the text and makes the headline; the bare server, which
 * re-broadcasts bodies as they are, is sent a headline of the shape Ajel makes, so that both put
 * the same bytes on the wire and the generator's work per message is the same.
 */
function publishBody(target: FanoutTarget, text: string): object {
  if (target !== 'bare' && target !== 'adapter-3') return { text };
  const at = new Date().toISOString();
  return { id: randomBytes(9).toString('base64url'), text, urgent: false, lang: 'en', dir: 'ltr', publishedAt: at, updatedAt: at, publishedBy: 'bench', updatedBy: 'bench', rev: 1 };
}

async function measure(target: FanoutTarget, round: number, requested: number, options: FanoutOptions): Promise<FanoutRun> {
  const cap = connectionCap(nodesOf(target));
  const connections = Math.min(requested, cap.max);
  const key = editorKey();
  const redis =
    target === 'ajel-cluster'
      ? await TestRedisCluster.start()
      : target === 'ajel-redis' || nodesOf(target) > 1
        ? await TestRedis.start({ appendfsync: 'everysec' })
        : undefined;
  let servers: ServerProcess[] = [];
  let generators: ChildProcess[] = [];
  try {
    // The main thread's profile is the largest file: module loader hooks run on a thread of their own.
    const cpuProfileDir = options.cpuProfileDir && join(options.cpuProfileDir, `${target}-${requested}-${round + 1}`);
    servers = await startTarget(target, key, redis, options.warmups, cpuProfileDir);
    const [server] = servers;
    const serversCpu = () => servers.reduce((sum, each) => sum + each.cpuSeconds(), 0);
    generators = await startGenerators(Math.min(options.processes, connections));
    const idle = await totalMemory(servers);

    // Connect and subscribe every reader.
    const foreignCpu = foreignCpuMeter();
    const setupStarted = performance.now();
    const setupCpu = serversCpu();
    const connected = generators.map((child) =>
      nextMessage(child, (message: GeneratorMessage) => (message.kind === 'connected' ? message : undefined), 120_000 + connections * 10, 'connections'),
    );
    generators.forEach((child, index) => {
      const count = Math.floor(connections / generators.length) + (index < connections % generators.length ? 1 : 0);
      const url = servers[index % servers.length].url;
      child.send({ kind: 'connect', url, channel: BENCH_CHANNEL, count, concurrency: options.concurrency, headlines: options.headlines });
    });
    const reports: ConnectedReport[] = await Promise.all(connected);
    const setupWallMs = performance.now() - setupStarted;
    const setupCpuSeconds = serversCpu() - setupCpu;
    const loaded = await totalMemory(servers);

    // Publish one headline at a time, the next once every reader has the previous one.
    const listening = generators.filter((_, index) => reports[index].subscribed > 0);
    const deliveredBy = new Uint32Array(options.headlines);
    let waiter: { seq: number; resolve: () => void } | undefined;
    for (const child of listening) {
      child.on('message', (message: GeneratorMessage) => {
        if (message.kind !== 'delivered') return;
        if (++deliveredBy[message.seq] === listening.length && waiter?.seq === message.seq) waiter.resolve();
      });
    }
    const everyoneHas = (seq: number, timeoutMs: number) =>
      deliveredBy[seq] === listening.length
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            waiter = { seq, resolve: () => (clearTimeout(timer), resolve()) };
          });

    for (let warmup = 0; warmup < options.warmups; warmup++) {
      await server.publish(key, publishBody(target, `bench warmup ${warmup}`));
      await sleep(Math.max(options.gapMs, 100));
    }
    let publishFailures = 0;
    const publishAck = new Float64Array(options.headlines);
    const publishCpu = serversCpu();
    for (let seq = 0; seq < options.headlines; seq++) {
      const posted = performance.now();
      const status = await server.publish(key, publishBody(target, headlineText(seq, process.hrtime.bigint())));
      publishAck[seq] = performance.now() - posted;
      if (status !== 201) publishFailures++;
      await everyoneHas(seq, 5000 + connections / 2);
      await sleep(options.gapMs);
    }
    const publishCpuSeconds = serversCpu() - publishCpu;
    const foreign = foreignCpu();

    const deliveries = await Promise.all(
      generators.map((child) => {
        const report = nextMessage(child, (message: GeneratorMessage) => (message.kind === 'report' ? message : undefined), 60_000, 'delivery report');
        child.send({ kind: 'report' });
        return report;
      }),
    );
    const perHeadline = splitByHeadline(deliveries, options.headlines);
    const samples = concat(perHeadline);
    const delivered = samples.length;
    const expected = connections * options.headlines;
    const run: FanoutRun = {
      target,
      round,
      foreignCpu: foreign,
      disturbed: foreign.cores > DISTURBED_CORES,
      requested,
      connections,
      ...(connections < requested ? { cappedBy: cap.reason } : {}),
      setup: {
        wallMs: setupWallMs,
        perConnectionMs: distribution(concat(reports.map((report) => report.setupMs))),
        failed: reports.reduce((sum, report) => sum + report.failed, 0),
        errors: [...new Set(reports.flatMap((report) => report.errors))],
        serverCpuSeconds: setupCpuSeconds,
      },
      delivery: {
        expected,
        delivered,
        ratio: delivered / expected,
        duplicates: sum(deliveries, 'duplicates'),
        evictions: sum(deliveries, 'evictions'),
        disconnects: sum(deliveries, 'disconnects'),
        publishFailures,
      },
      latencyMs: distribution(samples),
      publishAckMs: distribution(publishAck),
      latencyByHeadlineMs: perHeadline.map((headline) => {
        const { min, p50, max } = distribution(headline);
        return { first: min, p50, max };
      }),
      memory: {
        idle: memoryFigures(idle),
        loaded: memoryFigures(loaded),
        rssPerConnectionKiB: (loaded.rss - idle.rss) / connections / 1024,
        heapPerConnectionKiB: (loaded.heapUsed + loaded.external - idle.heapUsed - idle.external) / connections / 1024,
      },
      cpu: { serverMsPerHeadline: (publishCpuSeconds * 1000) / options.headlines, generatorSeconds: sum(deliveries, 'cpuSeconds') },
    };
    return run;
  } finally {
    await Promise.all(
      generators.map((child) => stopProcess(child, { graceMs: 30_000, ask: () => (child.connected ? child.send({ kind: 'close' }) : child.kill('SIGTERM')) })),
    );
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.destroy();
  }
}

/** The latencies of each headline, over every reader that received it. */
function splitByHeadline(reports: DeliveryReport[], headlines: number): Float64Array[] {
  return Array.from({ length: headlines }, (_, seq) => {
    const values: number[] = [];
    for (const { latencyMs } of reports) {
      for (let slot = seq; slot < latencyMs.length; slot += headlines) if (!Number.isNaN(latencyMs[slot])) values.push(latencyMs[slot]);
    }
    return Float64Array.from(values);
  });
}

function concat(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

function sum(reports: DeliveryReport[], field: 'duplicates' | 'evictions' | 'disconnects' | 'cpuSeconds'): number {
  return reports.reduce((total, report) => total + report[field], 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
}

function summarize(runs: FanoutRun[]): FanoutSummary {
  const [first] = runs;
  const total = (field: Exclude<keyof FanoutRun['delivery'], 'ratio'>) => runs.reduce((sum, run) => sum + run.delivery[field], 0);
  const expected = total('expected');
  const delivered = total('delivered');
  const latency = (field: keyof Distribution) => median(runs.map((run) => run.latencyMs[field]));
  return {
    target: first.target,
    requested: first.requested,
    connections: first.connections,
    ...(first.cappedBy ? { cappedBy: first.cappedBy } : {}),
    rounds: runs.length,
    disturbedRuns: runs.filter((run) => run.disturbed).length,
    setupWallMs: median(runs.map((run) => run.setup.wallMs)),
    delivery: {
      expected,
      delivered,
      ratio: delivered / expected,
      duplicates: total('duplicates'),
      evictions: total('evictions'),
      disconnects: total('disconnects'),
      publishFailures: total('publishFailures'),
    },
    latencyMs: { count: total('delivered'), mean: latency('mean'), min: latency('min'), p50: latency('p50'), p99: latency('p99'), max: latency('max') },
    firstReaderMs: median(runs.map((run) => median(run.latencyByHeadlineMs.map((headline) => headline.first)))),
    publishAck: { p50: median(runs.map((run) => run.publishAckMs.p50)), p99: median(runs.map((run) => run.publishAckMs.p99)) },
    rssPerConnectionKiB: median(runs.map((run) => run.memory.rssPerConnectionKiB)),
    heapPerConnectionKiB: median(runs.map((run) => run.memory.heapPerConnectionKiB)),
    serverMsPerHeadline: median(runs.map((run) => run.cpu.serverMsPerHeadline)),
  };
}

function compare(summary: FanoutSummary, bare: FanoutSummary): FanoutComparison {
  const p99 = ratio(summary.latencyMs.p99, bare.latencyMs.p99);
  const heapPerConnection = ratio(summary.heapPerConnectionKiB, bare.heapPerConnectionKiB);
  const allowance = allowanceOf(bare.target);
  return {
    target: summary.target,
    baseline: bare.target,
    requested: summary.requested,
    vsBaseline: {
      setup: ratio(summary.setupWallMs, bare.setupWallMs),
      first: ratio(summary.firstReaderMs, bare.firstReaderMs),
      p50: ratio(summary.latencyMs.p50, bare.latencyMs.p50),
      p99,
      max: ratio(summary.latencyMs.max, bare.latencyMs.max),
      rssPerConnection: ratio(summary.rssPerConnectionKiB, bare.rssPerConnectionKiB),
      heapPerConnection,
      cpuPerHeadline: ratio(summary.serverMsPerHeadline, bare.serverMsPerHeadline),
    },
    meetsTargets: { delivery: summary.delivery.ratio === 1, p99: p99 <= allowance, memory: heapPerConnection <= allowance },
  };
}

export async function runFanout(options: FanoutOptions, log: (line: string) => void = () => {}): Promise<FanoutResult> {
  const runs: FanoutRun[] = [];
  const summaries: FanoutSummary[] = [];
  const comparisons: FanoutComparison[] = [];
  for (const requested of options.sizes) {
    const measured = new Map<FanoutTarget, FanoutRun[]>(options.targets.map((target) => [target, []]));
    for (let round = 0; round < options.rounds; round++) {
      const order = options.targets.map((_, index) => options.targets[(index + round) % options.targets.length]);
      for (const target of order) {
        log(`fanout: ${target} with ${grouped(requested)} readers (round ${round + 1} of ${options.rounds})...`);
        let run: FanoutRun;
        for (let attempt = 0; ; attempt++) {
          await waitForQuietMachine(DISTURBED_CORES, options.quietWaitMs, log);
          run = await measure(target, round, requested, options);
          runs.push(run);
          log(
            `  ${grouped(run.connections)} readers in ${fixed(run.setup.wallMs / 1000, 2)} s, delivered ${percent(run.delivery.ratio)}, ` +
              `p50 ${fixed(run.latencyMs.p50)} ms, p99 ${fixed(run.latencyMs.p99)} ms, ${fixed(run.memory.heapPerConnectionKiB)} KiB heap per reader` +
              (run.disturbed ? `; other work on the machine took ${fixed(run.foreignCpu.cores, 2)} cores` : ''),
          );
          if (!run.disturbed || attempt >= options.retries) break;
          log('  again, as other work disturbed it...');
        }
        measured.get(target)!.push(run);
      }
    }
    const atSize = options.targets.map((target) => summarize(measured.get(target)!));
    summaries.push(...atSize);
    for (const summary of atSize) {
      const baseline = atSize.find((candidate) => candidate.target === baselineOf(summary.target));
      if (baseline && baseline !== summary) comparisons.push(compare(summary, baseline));
    }
  }
  return { options, summaries, comparisons, runs };
}

export function formatFanout(result: FanoutResult): string {
  const runRows = result.summaries.map((summary) => [
    summary.target,
    summary.connections < summary.requested ? `${grouped(summary.connections)}*` : grouped(summary.connections),
    fixed(summary.setupWallMs / 1000, 2),
    `${grouped(summary.delivery.delivered)}/${grouped(summary.delivery.expected)}`,
    `${fixed(summary.publishAck.p50)} / ${fixed(summary.publishAck.p99)}`,
    fixed(summary.firstReaderMs),
    fixed(summary.latencyMs.p50),
    fixed(summary.latencyMs.p99),
    fixed(summary.latencyMs.max),
    fixed(summary.heapPerConnectionKiB),
    fixed(summary.rssPerConnectionKiB),
    fixed(summary.serverMsPerHeadline),
  ]);
  const runs = markdownTable(
    ['server', 'readers', 'set-up s', 'delivered', 'ack p50 / p99 ms', 'first ms', 'p50 ms', 'p99 ms', 'max ms', 'heap KiB/reader', 'RSS KiB/reader', 'server CPU ms/headline'],
    runRows,
  );
  const ratioRows = result.comparisons.map((comparison) => {
    const v = comparison.vsBaseline;
    const mark = (ok: boolean) => (ok ? 'yes' : 'NO');
    const allowance = allowanceOf(comparison.baseline);
    return [
      `${comparison.target} / ${comparison.baseline}`,
      grouped(comparison.requested),
      times(v.setup),
      times(v.first),
      times(v.p50),
      times(v.p99),
      times(v.max),
      times(v.heapPerConnection),
      times(v.rssPerConnection),
      times(v.cpuPerHeadline),
      `${mark(comparison.meetsTargets.delivery)} / ${mark(comparison.meetsTargets.p99)} / ${mark(comparison.meetsTargets.memory)} (≤${fixed(allowance, 1)}×)`,
    ];
  });
  const ratios = markdownTable(
    ['ratio', 'readers', 'set-up', 'first', 'p50', 'p99', 'max', 'heap/reader', 'RSS/reader', 'CPU/headline', 'targets: 100% / p99 / heap'],
    ratioRows,
  );
  const capped = result.summaries.find((summary) => summary.cappedBy);
  const { rounds, retries, headlines, warmups, processes } = result.options;
  const notes = [
    `Each figure: ${rounds} run${rounds > 1 ? 's' : ''} per server in rotating order, ${headlines} measured headlines each (after ${warmups} warm-ups), ` +
      `each figure the median over the runs; a run during which other processes averaged more than ${DISTURBED_CORES} of a core ` +
      `was run again (up to ${retries} times); all readers on one channel, ${processes} generator processes, WebSocket transport. ` +
      `The channel holds ${warmups} headlines, full after the warm-ups: each measured headline evicts the oldest, and readers get both in one message (bare sends an eviction of the same shape). ` +
      `Ack: POST to its 201 (what the editor waits for). First: median over headlines of the first reader's latency (the publish path before the fan-out). ` +
      `ajel-cluster: a 3-primary Redis Cluster on this machine (append-only file synced every second), AJEL_REDIS_MODE=cluster. ` +
      `ajel-3 and adapter-3: three server processes on one Redis, readers spread evenly over them, every headline published through the first; ` +
      `adapter-3 is the bare server joined by @socket.io/redis-streams-adapter; memory and CPU are the three processes' together. ` +
      `Heap: V8 heap and external memory after full GCs; RSS: resident set, same moments.`,
  ];
  const disturbed = result.summaries.reduce((total, summary) => total + summary.disturbedRuns, 0);
  if (disturbed > 0) notes.push(`${disturbed} of the runs in the figures were disturbed by other work even after retries (see the JSON).`);
  if (capped) notes.push(`\\* capped at ${grouped(capped.connections)} readers of ${grouped(capped.requested)} by the ${capped.cappedBy}.`);
  return `${runs}\n\n${ratios}\n\n${notes.join(' ')}`;
}
