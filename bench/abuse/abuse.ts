// Abuse: each attack for a fixed time against an Ajel node on Redis, while 200 honest readers (stock
// socket.io-client) watch the channel and an honest editor publishes a headline a second on the same
// node; beside an idle run of the same length. A fresh node (and helper processes) for every run, on
// one Redis whose channel is full of headlines, so a snapshot weighs what a live channel's does.

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { DEFAULT_BUDGETS } from '../../server/config.js';
import { TestRedis } from '../../test/harness/redis.js';
import { headlineText } from '../fanout/messages.js';
import { nextMessage, spawnNode, stopProcess } from '../lib/node-process.js';
import { DISTURBED_CORES, foreignCpuMeter, waitForQuietMachine } from '../lib/proc.js';
import { ajelEnv, AJEL_ENTRY, AJEL_READY_PATH, BENCH_CHANNEL, editorKey, startServerProcess, type ServerProcess } from '../lib/server-process.js';
import { distribution, ratio, type Distribution } from '../lib/stats.js';
import { fixed, grouped, markdownTable, percent, times } from '../lib/table.js';
import {
  ATTACK_SETTINGS,
  ATTACKS,
  PRIVATE_CHANNEL,
  PUBLISHER_ADDRESS,
  type AttackerMessage,
  type AttackName,
  type AttackReport,
  type ReadersConnected,
  type ReadersMessage,
  type ReadersReport,
} from './messages.js';

const READERS_ENTRY = 'bench/abuse/readers.ts';
const ATTACKERS_ENTRY = 'bench/abuse/attackers.ts';
/** Sockets per client address on the node under test: every attacker shares one address, every honest reader has its own. */
const CONNECTIONS_PER_ADDRESS = 100;

export interface AbuseOptions {
  /** Length of each run (idle and every attack). */
  seconds: number;
  readers: number;
  attacks: AttackName[];
  /** The channel holds this many headlines (AJEL_MAX_HEADLINES), published before the first run. */
  channelHeadlines: number;
  /** Unmeasured headlines after the readers connect, before measuring. */
  warmups: number;
  /** After the last publish, how long the readers may take to receive it. */
  graceMs: number;
  /** How long each run may wait for other work on the machine to finish first. */
  quietWaitMs: number;
  /** Further attempts at a run disturbed by other work on the machine. */
  retries: number;
}

export const ABUSE_FULL: AbuseOptions = { seconds: 20, readers: 200, attacks: [...ATTACKS], channelHeadlines: 50, warmups: 2, graceMs: 5000, quietWaitMs: 30_000, retries: 2 };
export const ABUSE_SMOKE: AbuseOptions = { ...ABUSE_FULL, seconds: 3, readers: 40, quietWaitMs: 0, graceMs: 3000, retries: 0 };

/** Targets against the idle run. */
export const ABUSE_TARGETS = { rss: 1.5, p99: 2 } as const;

export interface AbuseRun {
  run: 'idle' | AttackName;
  node: {
    /** Up and answering /healthz at the end of the run. */
    up: boolean;
    /** How it stopped, when it died during the run. */
    exit?: string;
    /** It could not be started (or a helper failed): nothing else was measured. */
    failure?: string;
    /** The end of its output, when it died or failed. */
    output?: string;
  };
  foreignCpu: { seconds: number; cores: number };
  /** Other work took more than DISTURBED_CORES while this run measured: it was run again, up to `retries` times. */
  disturbed: boolean;
  /** Runs made of it, the disturbed ones before this one included. */
  attempts: number;
  memory: {
    /** Peak resident set over the run: VmHWM, reset at the start (or the highest VmRSS sampled, every 50 ms, where that is not possible). */
    peakRssBytes: number;
    peakRssFrom: 'VmHWM' | 'VmRSS';
    sampledPeakRssBytes: number;
    /** Highest `nodejs_heap_size_used_bytes` of /metrics, sampled every 500 ms. */
    peakHeapUsedBytes: number;
  };
  healthz: { probes: number; failures: number; latencyMs: Distribution };
  readers: { requested: number; subscribed: number; failedToConnect: number; errors: string[]; disconnects: number; duplicates: number };
  publishes: { sent: number; accepted: number; refused: number; statuses: Record<string, number> };
  delivery: { expected: number; delivered: number; ratio: number };
  latencyMs: Distribution;
  attack?: AttackReport;
  /** `ajel_refusals_total` by budget at the end of the run, from /metrics. */
  refusals: Record<string, number>;
}

export interface AbuseComparison {
  run: AttackName;
  vsIdle: { rss: number; heap: number; healthzP99: number; p99: number };
  meetsTargets: { up: boolean; rss: boolean; delivery: boolean; p99: boolean };
}

export interface AbuseResult {
  options: AbuseOptions;
  /** The node's settings that matter here (besides its defaults). */
  nodeEnv: Record<string, string>;
  budgets: typeof DEFAULT_BUDGETS;
  /** Bytes of `GET /api/channels/ar-main/headlines`: about what a subscribe's snapshot weighs. */
  snapshotBytes: number;
  runs: AbuseRun[];
  comparisons: AbuseComparison[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const emptyDistribution = (): Distribution => distribution(new Float64Array(0));

type Answer = { status: number; body: string; ms: number } | { error: string; ms: number };

function httpCall(agent: Agent, url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string, timeoutMs = 5000): Promise<Answer> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: hostname, port, method, path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
      res.on('error', (error) => resolve({ error: error.message, ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ error: error.message, ms: performance.now() - started }));
    req.end(body);
  });
}

/** Peak and current resident set of a process (`/proc/<pid>/status`), in bytes. */
function residentSet(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Resets the process's VmHWM to its current RSS (`echo 5 > /proc/<pid>/clear_refs`); false where not allowed. */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function parseMetrics(text: string): { heapUsed?: number; refusals: Record<string, number> } {
  const heap = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(text);
  const refusals: Record<string, number> = {};
  for (const match of text.matchAll(/^ajel_refusals_total\{budget="([^"]+)"\} (\S+)$/gm)) refusals[match[1]] = Number(match[2]);
  return { heapUsed: heap ? Number(heap[1]) : undefined, refusals };
}

async function startHelper(entry: string): Promise<ChildProcess> {
  const child = spawnNode(['--import', 'tsx', entry], { serialization: 'advanced', output: 'inherit' });
  await nextMessage(child, (message: { kind?: string }) => (message.kind === 'ready' ? true : undefined), 30_000, entry);
  return child;
}

const stopHelper = (child: ChildProcess | undefined) =>
  child ? stopProcess(child, { graceMs: 10_000, ask: () => (child.connected ? child.send({ kind: 'close' }) : child.kill('SIGTERM')) }) : Promise.resolve();

/** The channel's headlines: long enough, with Arabic text, that the snapshot weighs what a busy channel's does. */
const seedText = (index: number) =>
  `عاجل ${index}: the council votes on the budget tonight after a day of talks; follow the session live with our reporters in the chamber and outside`;

interface Suite {
  redis: TestRedis;
  key: string;
  metricsKey: string;
  env: Record<string, string>;
  seeded: boolean;
  snapshotBytes: number;
}

async function measure(run: 'idle' | AttackName, options: AbuseOptions, suite: Suite, log: (line: string) => void): Promise<AbuseRun> {
  const result: AbuseRun = {
    run,
    node: { up: false },
    foreignCpu: { seconds: 0, cores: 0 },
    disturbed: false,
    attempts: 1,
    memory: { peakRssBytes: NaN, peakRssFrom: 'VmRSS', sampledPeakRssBytes: NaN, peakHeapUsedBytes: NaN },
    healthz: { probes: 0, failures: 0, latencyMs: emptyDistribution() },
    readers: { requested: options.readers, subscribed: 0, failedToConnect: 0, errors: [], disconnects: 0, duplicates: 0 },
    publishes: { sent: 0, accepted: 0, refused: 0, statuses: {} },
    delivery: { expected: 0, delivered: 0, ratio: NaN },
    latencyMs: emptyDistribution(),
    refusals: {},
  };
  const agent = new Agent({ keepAlive: true });
  const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  let node: ServerProcess | undefined;
  let readers: ChildProcess | undefined;
  let attackers: ChildProcess | undefined;
  try {
    node = await startServerProcess({ entry: AJEL_ENTRY, readyPath: AJEL_READY_PATH, env: suite.env });
    const { url, pid } = node;
    const publish = (text: string) =>
      httpCall(agent, url, 'POST', `/api/channels/${BENCH_CHANNEL}/headlines`, {
        Authorization: `Bearer ${suite.key}`,
        'Content-Type': 'application/json',
        'X-Forwarded-For': PUBLISHER_ADDRESS,
      }, JSON.stringify({ text }));
    const scrape = async () => {
      const answer = await httpCall(probeAgent, url, 'GET', '/metrics', { Authorization: `Bearer ${suite.metricsKey}` });
      return 'status' in answer && answer.status === 200 ? parseMetrics(answer.body) : undefined;
    };

    if (!suite.seeded) {
      for (let index = 0; index < options.channelHeadlines; index++) {
        const answer = await publish(seedText(index));
        if (!('status' in answer) || answer.status !== 201) throw new Error(`seeding the channel failed: ${'status' in answer ? `${answer.status} ${answer.body}` : answer.error}`);
      }
      const snapshot = await httpCall(agent, url, 'GET', `/api/channels/${BENCH_CHANNEL}/headlines`);
      suite.snapshotBytes = 'status' in snapshot ? Buffer.byteLength(snapshot.body) : NaN;
      suite.seeded = true;
    }

    // The honest readers connect and subscribe; the attackers' process waits for its order.
    const slots = options.seconds + 2;
    readers = await startHelper(READERS_ENTRY);
    const connected = nextMessage(readers, (message: ReadersMessage) => (message.kind === 'connected' ? message : undefined), 120_000, 'honest readers');
    readers.send({ kind: 'connect', url, channel: BENCH_CHANNEL, count: options.readers, concurrency: 20, slots });
    const report: ReadersConnected = await connected;
    Object.assign(result.readers, { subscribed: report.subscribed, failedToConnect: report.failed, errors: report.errors });
    if (run !== 'idle') attackers = await startHelper(ATTACKERS_ENTRY);
    for (let warmup = 0; warmup < options.warmups; warmup++) {
      await publish(`warm-up ${warmup}`);
      await sleep(300);
    }
    await waitForQuietMachine(DISTURBED_CORES, options.quietWaitMs, log);

    // Measure: memory, heap and /healthz sampled throughout; one honest publish a second; the attack.
    // Start from live objects only: what start-up left (the TypeScript loader's work, a cold
    // transpile cache) would otherwise make peaks differ from one node to the next.
    await node.memory();
    const foreign = foreignCpuMeter();
    const hwmReset = resetPeakRss(pid);
    let sampling = true;
    let sampledPeak = residentSet(pid)?.rss ?? NaN;
    let peakHeap = NaN;
    const rssSampler = (async () => {
      while (sampling) {
        const reading = residentSet(pid);
        if (reading && !(reading.rss <= sampledPeak)) sampledPeak = reading.rss;
        await sleep(50);
      }
    })();
    const heapSampler = (async () => {
      while (sampling) {
        const metrics = await scrape();
        if (metrics?.heapUsed !== undefined && !(metrics.heapUsed <= peakHeap)) peakHeap = metrics.heapUsed;
        await sleep(500);
      }
    })();
    const healthzMs: number[] = [];
    const prober = (async () => {
      while (sampling) {
        const answer = await httpCall(probeAgent, url, 'GET', '/healthz', {}, undefined, 2000);
        result.healthz.probes++;
        if ('status' in answer && answer.status === 200) healthzMs.push(answer.ms);
        else result.healthz.failures++;
        await sleep(100);
      }
    })();

    const attackDone =
      attackers &&
      nextMessage(attackers, (message: AttackerMessage) => (message.kind === 'report' ? message : undefined), options.seconds * 1000 + 60_000, `attack ${run}`).catch((error: Error) => {
        log(`  the attack did not report: ${error.message}`);
        return undefined;
      });
    attackers?.send({ kind: 'attack', attack: run, url, channel: BENCH_CHANNEL, durationMs: options.seconds * 1000 });

    const accepted: number[] = [];
    const started = performance.now();
    for (let seq = 0; seq < options.seconds; seq++) {
      await sleep(Math.max(0, started + seq * 1000 + 500 - performance.now()));
      const answer = await publish(headlineText(seq, process.hrtime.bigint()));
      result.publishes.sent++;
      const status = 'status' in answer ? String(answer.status) : answer.error;
      result.publishes.statuses[status] = (result.publishes.statuses[status] ?? 0) + 1;
      if ('status' in answer && answer.status === 201) accepted.push(seq);
      else result.publishes.refused++;
    }
    result.publishes.accepted = accepted.length;
    await sleep(Math.max(0, started + options.seconds * 1000 - performance.now()));
    if (attackDone) result.attack = await attackDone;

    // The last headlines reach every reader, or the grace ends.
    const last = accepted.at(-1);
    if (last !== undefined && report.subscribed > 0 && node.alive()) {
      await nextMessage(readers, (message: ReadersMessage) => (message.kind === 'delivered' && message.seq === last ? true : undefined), options.graceMs, 'the last headline').catch(() => undefined);
    }
    const metrics = node.alive() ? await scrape() : undefined;
    sampling = false;
    await Promise.all([rssSampler, heapSampler, prober]);
    result.foreignCpu = foreign();
    result.disturbed = result.foreignCpu.cores > DISTURBED_CORES;
    const hwm = residentSet(pid)?.hwm;
    const fromHwm = hwmReset && hwm !== undefined && Number.isFinite(hwm);
    result.memory = {
      peakRssBytes: fromHwm ? Math.max(hwm, sampledPeak) : sampledPeak,
      peakRssFrom: fromHwm ? 'VmHWM' : 'VmRSS',
      sampledPeakRssBytes: sampledPeak,
      peakHeapUsedBytes: peakHeap,
    };
    result.healthz.latencyMs = distribution(Float64Array.from(healthzMs));
    result.refusals = metrics?.refusals ?? {};
    const healthy = node.alive() && (await httpCall(probeAgent, url, 'GET', '/healthz', {}, undefined, 5000).then((answer) => 'status' in answer && answer.status === 200));
    result.node = healthy ? { up: true } : { up: false, exit: node.exit() ?? 'running, but /healthz does not answer', output: node.output().slice(-1500) };

    const samples: number[] = [];
    const latencies = await readerReport(readers);
    if (latencies) {
      for (let index = 0; index < options.readers; index++) {
        for (const seq of accepted) {
          const value = latencies.latencyMs[index * slots + seq];
          if (!Number.isNaN(value)) samples.push(value);
        }
      }
      result.readers.disconnects = latencies.disconnects;
      result.readers.duplicates = latencies.duplicates;
    }
    const expected = options.readers * accepted.length;
    result.delivery = { expected, delivered: samples.length, ratio: expected > 0 ? samples.length / expected : NaN };
    result.latencyMs = distribution(Float64Array.from(samples));
  } catch (error) {
    result.node = { up: node?.alive() ?? false, ...(node && !node.alive() ? { exit: node.exit() } : {}), failure: (error as Error).message, output: node?.output().slice(-1500) };
    log(`  the run failed: ${(error as Error).message}`);
  } finally {
    agent.destroy();
    probeAgent.destroy();
    await Promise.all([stopHelper(attackers), stopHelper(readers)]);
    await node?.stop();
  }
  return result;
}

function readerReport(readers: ChildProcess): Promise<ReadersReport | undefined> {
  const report = nextMessage(readers, (message: ReadersMessage) => (message.kind === 'report' ? message : undefined), 30_000, 'reader report');
  readers.send({ kind: 'report' });
  return report.catch(() => undefined);
}

function compare(run: AbuseRun, idle: AbuseRun): AbuseComparison {
  const rss = ratio(run.memory.peakRssBytes, idle.memory.peakRssBytes);
  const p99 = ratio(run.latencyMs.p99, idle.latencyMs.p99);
  return {
    run: run.run as AttackName,
    vsIdle: { rss, heap: ratio(run.memory.peakHeapUsedBytes, idle.memory.peakHeapUsedBytes), healthzP99: ratio(run.healthz.latencyMs.p99, idle.healthz.latencyMs.p99), p99 },
    meetsTargets: { up: run.node.up, rss: rss <= ABUSE_TARGETS.rss, delivery: run.delivery.ratio === 1, p99: p99 <= ABUSE_TARGETS.p99 },
  };
}

export async function runAbuse(options: AbuseOptions, log: (line: string) => void = () => {}): Promise<AbuseResult> {
  const redis = await TestRedis.start({ appendfsync: 'everysec' });
  const key = editorKey();
  const metricsKey = `metrics-${randomBytes(12).toString('base64url')}`;
  const nodeEnv = {
    AJEL_MAX_HEADLINES: String(options.channelHeadlines),
    AJEL_PRIVATE_CHANNELS: PRIVATE_CHANNEL,
    AJEL_TRUST_PROXY: 'loopback',
    AJEL_CONNECTIONS_PER_ADDRESS: String(CONNECTIONS_PER_ADDRESS),
  };
  // Default budgets otherwise: drop the benchmarks' raised connection caps.
  const env: Record<string, string> = { ...ajelEnv({ editorKey: key, redis: redis.topology }), ...nodeEnv, AJEL_METRICS_KEY: metricsKey };
  delete env.AJEL_MAX_CONNECTIONS;
  const suite: Suite = { redis, key, metricsKey, env, seeded: false, snapshotBytes: NaN };
  const runs: AbuseRun[] = [];
  try {
    for (const run of ['idle' as const, ...options.attacks]) {
      log(`abuse: ${run}, ${options.seconds} s, ${grouped(options.readers)} honest readers...`);
      let measured: AbuseRun;
      for (let attempt = 0; ; attempt++) {
        measured = await measure(run, options, suite, log);
        measured.attempts = attempt + 1;
        if (!measured.disturbed || attempt >= options.retries) break;
        log(`  again, as other work on the machine took ${fixed(measured.foreignCpu.cores, 2)} cores...`);
      }
      runs.push(measured);
      const attack = measured.attack;
      log(
        `  node ${measured.node.up ? 'up' : `DOWN (${measured.node.exit ?? measured.node.failure})`}, peak RSS ${fixed(measured.memory.peakRssBytes / 2 ** 20)} MiB, ` +
          `heap ${fixed(measured.memory.peakHeapUsedBytes / 2 ** 20)} MiB, /healthz p99 ${fixed(measured.healthz.latencyMs.p99)} ms, ` +
          `delivered ${percent(measured.delivery.ratio)}, p99 ${fixed(measured.latencyMs.p99)} ms` +
          (attack ? `; attack sent ${grouped(attack.sent)}, served ${grouped(attack.accepted)}, refused ${grouped(attack.refused)}, cut off ${grouped(attack.disconnects)}` : '') +
          (measured.disturbed ? `; other work on the machine took ${fixed(measured.foreignCpu.cores, 2)} cores` : ''),
      );
    }
  } finally {
    await redis.destroy();
  }
  const idle = runs[0];
  const comparisons = runs.slice(1).map((run) => compare(run, idle));
  return { options, nodeEnv, budgets: DEFAULT_BUDGETS, snapshotBytes: suite.snapshotBytes, runs, comparisons };
}

const ATTACK_LABELS: Record<AttackName, string> = {
  'subscribe-flood-paused': 'subscribe flood, not reading',
  'subscribe-flood-reading': 'subscribe flood, reading',
  'connection-flood': 'connection flood',
  'key-guessing': 'key guessing',
  'slow-consumer': 'slow consumer',
  'http-read-flood': 'HTTP read flood',
};

function describeAttack(attack: AttackName): string {
  const s = ATTACK_SETTINGS;
  switch (attack) {
    case 'subscribe-flood-paused':
      return `${s.floodPaused.sockets} raw WebSockets that stop reading and send ${grouped(s.floodPaused.eventsPerSecond)} subscribe/unsubscribe events/s each, in ${s.floodPaused.sessionMs / 1000}-s sessions (then read what came back and reconnect)`;
    case 'subscribe-flood-reading':
      return `1 raw WebSocket reading its acks, subscribe/unsubscribe as fast as answered (${s.floodReading.backoffMs} ms pause after a rate_limited), reconnecting when cut off`;
    case 'connection-flood':
      return `up to ${grouped(s.connectionFlood.connections)} Socket.IO connections, ${s.connectionFlood.inFlight} handshakes in flight, held open to the end`;
    case 'key-guessing':
      return `${s.keyGuessing.httpLoops} HTTP loops of wrong bearer keys (whoami, publish) and \`?key=\` on a private channel's feed, ${s.keyGuessing.socketLoops} loops of handshakes with a wrong \`auth.key\`, from the honest publisher's own address`;
    case 'slow-consumer':
      return `${s.slowConsumer.sockets} raw WebSockets that subscribe and never read, asking for the snapshot again (unsubscribe, subscribe) at ${s.slowConsumer.eventsPerSecond} events/s, within the event budget; reconnecting when cut off`;
    case 'http-read-flood':
      return `${s.readFlood.loops} keep-alive loops of anonymous GET /api/channels/ar-main/headlines`;
  }
}

export function formatAbuse(result: AbuseResult): string {
  const mark = (ok: boolean) => (ok ? 'yes' : 'NO');
  const mib = (bytes: number) => fixed(bytes / 2 ** 20);
  const byRun = new Map(result.comparisons.map((comparison) => [comparison.run, comparison]));
  const rows = result.runs.map((run) => {
    const comparison = run.run === 'idle' ? undefined : byRun.get(run.run);
    const nodeState = run.node.up ? 'up' : run.node.failure ? 'FAILED' : 'DIED';
    return [
      run.run === 'idle' ? 'idle' : ATTACK_LABELS[run.run],
      nodeState,
      mib(run.memory.peakRssBytes),
      comparison ? times(comparison.vsIdle.rss) : '',
      mib(run.memory.peakHeapUsedBytes),
      fixed(run.healthz.latencyMs.p99),
      run.healthz.failures > 0 ? grouped(run.healthz.failures) : '0',
      `${percent(run.delivery.ratio, 1)} (${grouped(run.delivery.delivered)}/${grouped(run.delivery.expected)})`,
      fixed(run.latencyMs.p99),
      comparison ? times(comparison.vsIdle.p99) : '',
      `${run.publishes.refused}/${run.publishes.sent}`,
      comparison
        ? `${mark(comparison.meetsTargets.up)} / ${mark(comparison.meetsTargets.rss)} / ${mark(comparison.meetsTargets.delivery)} / ${mark(comparison.meetsTargets.p99)}`
        : '',
    ];
  });
  const main = markdownTable(
    [
      'run',
      'node',
      'peak RSS MiB',
      'RSS ×idle',
      'peak heap MiB',
      '/healthz p99 ms',
      '/healthz failed',
      'honest delivery',
      'honest p99 ms',
      'p99 ×idle',
      'publishes refused',
      `targets: up / RSS ≤${ABUSE_TARGETS.rss}× / 100% / p99 ≤${ABUSE_TARGETS.p99}×`,
    ],
    rows,
  );
  const attackRows = result.runs
    .filter((run) => run.run !== 'idle')
    .map((run) => {
      const attack = run.attack;
      const refusals = Object.entries(run.refusals)
        .filter(([, count]) => count > 0)
        .map(([budget, count]) => `${budget} ${grouped(count)}`)
        .join(', ');
      return [
        ATTACK_LABELS[run.run as AttackName],
        attack ? grouped(attack.sent) : '–',
        attack ? grouped(attack.accepted) : '–',
        attack ? grouped(attack.refused) : '–',
        attack ? grouped(attack.disconnects) : '–',
        attack ? grouped(attack.errors) : '–',
        attack ? fixed(attack.bytesReceived / 2 ** 20, 2) : '–',
        refusals || '–',
      ];
    });
  const attacks = markdownTable(['attack', 'sent', 'served', 'refused', 'cut off', 'errors', 'MiB read back', 'node refusals (ajel_refusals_total)'], attackRows);
  const { seconds, readers, channelHeadlines, warmups } = result.options;
  const b = result.budgets;
  const notes = [
    `Each run ${seconds} s on a fresh node on Redis (append-only, synced every second), ${readers} honest readers (stock socket.io-client over WebSocket, each its own X-Forwarded-For address, AJEL_TRUST_PROXY=loopback) ` +
      `subscribed to ar-main, one honest publish a second (after ${warmups} warm-ups) from an address of its own; the channel holds ${channelHeadlines} headlines, a ${fixed(result.snapshotBytes / 1024)} KB snapshot. ` +
      `Every attacker comes from one address, held to AJEL_CONNECTIONS_PER_ADDRESS=${CONNECTIONS_PER_ADDRESS}; default budgets otherwise ` +
      `(events ${b.socketEventsPerSecond}/s per socket, ${grouped(b.socketBufferBytes)} unread bytes per socket, ${grouped(b.readsPerMinute)} reads/min and ${b.failedAuthPerMinute} wrong keys/min per address, ${grouped(b.maxConnections)} sockets per node). ` +
      `Peak RSS: VmHWM of /proc/<pid>/status, reset at the start of the run, after full GCs; heap: the highest nodejs_heap_size_used_bytes of /metrics, every 500 ms; /healthz probed every 100 ms (2-s timeout). ` +
      `Honest delivery and p99: every (reader, accepted publish), publish → receive.`,
    ...result.runs.filter((run) => run.run !== 'idle').map((run) => `*${ATTACK_LABELS[run.run as AttackName]}*: ${describeAttack(run.run as AttackName)}.`),
    `Sent: requests, events or connection attempts; served: answered with what was asked (an ok ack, a 2xx, an accepted connection); refused: a refusal (429, 503, 401, rate_limited); cut off: connections the node closed.`,
  ];
  const disturbed = result.runs.filter((run) => run.disturbed).length;
  if (result.options.retries > 0) notes.push(`A run during which other processes averaged more than ${DISTURBED_CORES} of a core was run again (up to ${result.options.retries} times).`);
  if (disturbed > 0) notes.push(`${disturbed} run${disturbed > 1 ? 's were' : ' was'} disturbed all the same (see the JSON).`);
  for (const run of result.runs.filter((run) => !run.node.up)) {
    notes.push(`The node ${run.node.failure ? `failed in the ${run.run} run: ${run.node.failure}` : `died during the ${run.run} run (${run.node.exit})`}.`);
  }
  return `${main}\n\n${attacks}\n\n${notes.join(' ')}`;
}
