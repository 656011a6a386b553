import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { RedisTopology } from '../../server/store/redis-connection.js';
import { freePort } from '../../test/harness/redis.js';
import { nextMessage, spawnNode, stopProcess } from './node-process.js';
import type { MemoryProbeReply } from './probe.js';
import { cpuSeconds } from './proc.js';

/** How long a server may take to answer its readiness check: tsx compiles it first, and on a loaded 2-core machine that took over 20 s. */
const READY_WITHIN_MS = 60_000;

export const AJEL_ENTRY = 'server/main.ts';
export const BENCH_CHANNEL = 'ar-main';

/** A server under test in its own process, measured from outside (/proc) and through the memory probe. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Publishes through the public HTTP API (`POST /api/channels/<channel>/headlines`); returns the status. */
  publish(key: string, body: object): Promise<number>;
  /** memoryUsage() after full garbage collections. */
  memory(): Promise<NodeJS.MemoryUsage>;
  cpuSeconds(): number;
  /** False once the process has exited (crashed, killed). */
  alive(): boolean;
  /** How it exited (`exit code 1`, `signal SIGKILL`), or undefined while it runs. */
  exit(): string | undefined;
  /** The last few KB it wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  entry: string;
  env?: Record<string, string>;
  /** Answers 200 once the server can take readers; `/healthz` when omitted. */
  readyPath?: string;
  /** Write V8 CPU profiles (`--cpu-prof`) of the whole run into this folder, one per thread. */
  cpuProfileDir?: string;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const nodeArgs = ['--expose-gc', '--import', 'tsx', '--import', './bench/lib/probe.ts'];
  if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const child = spawnNode([...nodeArgs, options.entry], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env, PORT: String(port) },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  // Its own keep-alive connections, closed with it: a later server may get the same port.
  const agent = new Agent({ keepAlive: true });
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end(body);
    });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.entry} exited with ${child.exitCode}:\n${output}`);
    const ready = await call('GET', options.readyPath ?? '/healthz').then((status) => status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      agent.destroy();
      await stopProcess(child);
      throw new Error(`${options.entry} was not ready within ${READY_WITHIN_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const pid = child.pid!;
  return {
    url,
    pid,
    memory: async () => {
      const reply = nextMessage(child, (message: MemoryProbeReply) => (message?.probe === 'memory' ? message.usage : undefined), 30_000, 'memory probe');
      child.send({ probe: 'memory' });
      return reply;
    },
    publish: (key, body) =>
      call('POST', `/api/channels/${BENCH_CHANNEL}/headlines`, { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, JSON.stringify(body)),
    cpuSeconds: () => cpuSeconds(pid),
    alive: () => child.exitCode === null && child.signalCode === null,
    exit: () => (child.signalCode !== null ? `signal ${child.signalCode}` : child.exitCode !== null ? `exit code ${child.exitCode}` : undefined),
    output: () => output,
    stop: async () => {
      agent.destroy();
      await stopProcess(child);
    },
  };
}

/** An Ajel node is ready for readers once its store answers for the bench channel. */
export const AJEL_READY_PATH = `/api/channels/${BENCH_CHANNEL}/headlines`;

export const editorKey = () => `bench-${randomBytes(12).toString('base64url')}`;

/**
 * The environment of an Ajel node for benchmarks: one editor key, no demo data, no write rate limit,
 * quiet logs, and connection caps far above what a run opens: every bench reader comes from 127.0.0.1.
 */
export function ajelEnv(options: { editorKey: string; redis?: RedisTopology; maxHeadlines?: number }): Record<string, string> {
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    AJEL_EDITOR_KEYS: `bench:${options.editorKey}`,
    AJEL_CHANNELS: BENCH_CHANNEL,
    AJEL_WRITE_RATE: '100000',
    AJEL_CONNECTIONS_PER_ADDRESS: '100000',
    AJEL_MAX_CONNECTIONS: '100000',
    AJEL_DEMO: 'off',
    LOG_LEVEL: 'warn',
  };
  if (options.redis?.mode === 'single') env.REDIS_URL = options.redis.url;
  if (options.redis?.mode === 'cluster') Object.assign(env, { REDIS_URL: options.redis.seeds.join(','), AJEL_REDIS_MODE: 'cluster' });
  if (options.maxHeadlines) env.AJEL_MAX_HEADLINES = String(options.maxHeadlines);
  return env;
}
