import { TestRedis } from './redis.js';
import { createServer, type AjelServer, type ServerConfig } from '../../server/app.js';
import { parseKeyList } from '../../server/auth/keys.js';
import { createLogger, type Logger } from '../../server/logger.js';
import { MemoryStore } from '../../server/store/memory.js';
import { RedisStore } from '../../server/store/redis.js';
import type { RedisTopology } from '../../server/store/redis-connection.js';
import type { HeadlineStore, StoreLimits } from '../../server/store/store.js';

export const EDITOR_KEY = 'alice-secret-key';
export const SPORT_EDITOR_KEY = 'bob-sport-key';
export const PARTNER_KEY = 'partner-key-123';
export const ADMIN_KEY = 'root-admin-key-456';

export const testConfig: ServerConfig = {
  editorKeys: parseKeyList(`alice:${EDITOR_KEY},bob:${SPORT_EDITOR_KEY}@ar-sport`, { bylines: true }),
  partnerKeys: parseKeyList(`acme:${PARTNER_KEY}@ar-private`, { bylines: false }),
  adminKeys: parseKeyList(`root:${ADMIN_KEY}`, { bylines: false }),
  channels: ['ar-main', 'ar-sport', 'en-world', 'ar-private'],
  privateChannels: ['ar-private'],
  urgentTtlSeconds: 1800,
  corsOrigins: ['*'],
  writeOrigins: [],
  writeRatePerMinute: 100_000,
};

export const silentLogger = createLogger(process.env.AJEL_TEST_LOG ?? 'silent');

/** A store on Redis (a URL for one server, or a topology such as a TestRedisCluster's), or the embedded one. */
export function makeStore(redis: string | RedisTopology | undefined, limits: Partial<StoreLimits> = {}): HeadlineStore {
  return redis ? RedisStore.create(redis, silentLogger, limits) : new MemoryStore({ limits });
}

export interface RunningNode {
  server: AjelServer;
  store: HeadlineStore;
  url: string;
  close(): Promise<void>;
}

/** One Ajel node on a free port; pass a shared Redis URL to run several as one service. */
export async function startNode(
  options: { redisUrl?: string | RedisTopology; store?: HeadlineStore; config?: Partial<ServerConfig>; limits?: Partial<StoreLimits>; logger?: Logger; staticDir?: string } = {},
): Promise<RunningNode> {
  const store = options.store ?? makeStore(options.redisUrl, options.limits);
  if (store.kind === 'redis') await waitFor(() => store.ping().then(() => true, () => false), 5000);
  const server = createServer({ ...testConfig, ...options.config }, { store, logger: options.logger ?? silentLogger, staticDir: options.staticDir });
  const address = await server.listen(0, '127.0.0.1');
  return {
    server,
    store,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await server.close();
      await store.close();
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A node's log, as the JSON lines it writes: a logger that writes them here, and the lines so far, parsed. */
export function capturedLog(level = 'info'): { logger: Logger; lines: Array<Record<string, any>>; raw: () => string } {
  const chunks: string[] = [];
  const logger = createLogger(level, { write: (chunk: string) => void chunks.push(chunk) });
  const raw = () => chunks.join('');
  return {
    logger,
    get lines() {
      return raw().split('\n').filter(Boolean).map((line) => JSON.parse(line));
    },
    raw,
  };
}

export function authHeaders(key = EDITOR_KEY): Record<string, string> {
  return { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
}

export async function publish(url: string, channel: string, body: unknown, key = EDITOR_KEY) {
  const response = await fetch(`${url}/api/channels/${channel}/headlines`, { method: 'POST', headers: authHeaders(key), body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

export interface TwoNodes {
  redis: TestRedis;
  nodeA: RunningNode;
  nodeB: RunningNode;
  close(): Promise<void>;
}

/** Two Ajel nodes sharing a private redis-server: one service, as behind a load balancer. */
export async function startTwoNodes(): Promise<TwoNodes> {
  const redis = await TestRedis.start();
  const [nodeA, nodeB] = await Promise.all([startNode({ redisUrl: redis.url }), startNode({ redisUrl: redis.url })]);
  return {
    redis,
    nodeA,
    nodeB,
    async close() {
      await Promise.all([nodeA.close(), nodeB.close()]);
      await redis.destroy();
    },
  };
}
