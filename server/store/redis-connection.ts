import { createClient, createCluster, ErrorReply, type RedisClientType, type RedisClusterType } from 'redis';
import type { Logger } from '../logger.js';
import { BlockingLogReader, NotifiedLogReader, type LogReader } from './redis-log-readers.js';
import { StoreUnavailableError } from './store.js';

/** Where the Redis data lives; one of these per `AJEL_REDIS_MODE`. */
export type RedisTopology =
  | { mode: 'single'; url: string }
  /** Seed nodes: any one that answers tells the client the rest. */
  | { mode: 'cluster'; seeds: string[] };

export type Reply = string | number | null | Reply[];

/** What the store needs of Redis, whatever the topology. */
export interface RedisConnection {
  readonly mode: RedisTopology['mode'];
  /**
   * Sends a command to the node serving `key` (any node for a command without keys). Fails with
   * StoreUnavailableError when Redis cannot answer (nothing was done, or, for a timed-out write,
   * nothing that a retry with the same idempotency key would double), and with Redis's ErrorReply otherwise.
   */
  send(key: string | undefined, args: string[]): Promise<Reply>;
  /** A sender to each primary, for commands about one node's own keys (SCAN). */
  primaries(): Promise<Array<(args: string[]) => Promise<Reply>>>;
  /** Follows channel logs: blocking reads on a single Redis, wake-ups and reads per slot on a Cluster. */
  readonly logs: LogReader;
  close(): Promise<void>;
}

const COMMON_OPTIONS = {
  disableOfflineQueue: true,
  pingInterval: 5000,
  socket: { connectTimeout: 3000, reconnectStrategy: backoff },
};

function backoff(retries: number): number {
  return Math.min(100 * 2 ** retries, 5000) + Math.floor(Math.random() * 100);
}

/**
 * Builds the node-redis client(s) for a topology. Does not wait for Redis to be up: the clients keep
 * reconnecting with backoff, and every call fails fast with StoreUnavailableError meanwhile.
 */
export function connectRedis(topology: RedisTopology, logger: Logger): RedisConnection {
  switch (topology.mode) {
    case 'single':
      return connectSingle(topology.url, logger);
    case 'cluster':
      return connectCluster(topology.seeds, logger);
  }
}

/** Logs a lost connection once, and its return once. */
function outageLog(logger: Logger) {
  const down = new Set<string>();
  return {
    lost(connection: string, error: Error) {
      if (!down.has(connection)) logger.warn({ err: error.message, connection }, 'redis connection lost; reconnecting');
      down.add(connection);
    },
    back(connection: string) {
      if (down.delete(connection)) logger.info({ connection }, 'redis connection back');
    },
  };
}

function connectSingle(url: string, logger: Logger): RedisConnection {
  const client = createClient({ url, ...COMMON_OPTIONS }) as RedisClientType;
  /** A second connection for the blocking XREAD, so it never holds up writes. */
  const reader = createClient({ url, ...COMMON_OPTIONS }) as RedisClientType;
  const log = outageLog(logger);
  for (const [name, connection] of [['writer', client], ['reader', reader]] as const) {
    connection.on('error', (error: Error) => log.lost(name, error));
    connection.on('ready', () => log.back(name));
  }
  client.connect().catch(() => undefined);
  reader.connect().catch(() => undefined);
  const send = (args: string[]) => guard(() => client.sendCommand<Reply>(args));
  return {
    mode: 'single',
    send: (_key, args) => send(args),
    primaries: async () => [send],
    logs: new BlockingLogReader(reader, client),
    async close() {
      await Promise.allSettled([client.close(), reader.destroy()]);
    },
  };
}

/** Errors a Cluster answers while it moves slots or elects a primary: worth a retry, then a 503. */
const PASSING = /^(TRYAGAIN|CLUSTERDOWN|MASTERDOWN|LOADING)\b/;
const PASSING_RETRIES = 8;

function connectCluster(seeds: string[], logger: Logger): RedisConnection {
  const first = new URL(seeds[0]);
  const cluster = createCluster({
    rootNodes: seeds.map((url) => ({ url })),
    // Nodes found through the seeds are reached with the seeds' credentials and TLS.
    defaults: {
      ...COMMON_OPTIONS,
      ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
      ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
      socket: { ...COMMON_OPTIONS.socket, ...(first.protocol === 'rediss:' ? { tls: true as const } : {}) },
    },
  }) as RedisClusterType;
  let connected = false;
  let closed = false;
  const send = async (key: string | undefined, args: string[]): Promise<Reply> => {
    for (let retry = 0; ; retry++) {
      try {
        if (!connected) throw new StoreUnavailableError(new Error('the cluster is not connected yet'));
        return await guard(() => cluster.sendCommand<Reply>(key, false, args));
      } catch (error) {
        if (!(error instanceof ErrorReply) || !PASSING.test(error.message)) throw error;
        // A multi-key step caught in a slot being moved, or a failover: Redis asks to retry shortly.
        if (retry === PASSING_RETRIES) throw new StoreUnavailableError(error);
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** Math.min(retry, 5)));
      }
    }
  };
  const logs = new NotifiedLogReader(cluster, send);
  const log = outageLog(logger);
  const connect = (attempt: number) => {
    cluster.connect().then(
      () => {
        if (closed) return void cluster.destroy();
        connected = true;
        log.back('cluster');
      },
      (error: Error) => {
        log.lost('cluster', error);
        if (!closed) setTimeout(() => connect(attempt + 1), backoff(attempt)).unref();
      },
    );
  };
  // Without a listener, a seed that does not answer ends the walk over the seeds (an unhandled 'error').
  cluster.on('error', (error: Error) => log.lost('cluster', error));
  cluster.on('node-error', (error: Error, node: { host: string; port: number }) => log.lost(`${node.host}:${node.port}`, error));
  cluster.on('node-ready', (node: { host: string; port: number }) => {
    log.back(`${node.host}:${node.port}`);
    // Wake-ups published while a node was away were lost: read every followed log again.
    logs.readAll();
  });
  connect(0);

  return {
    mode: 'cluster',
    send,
    async primaries() {
      if (!connected) throw new StoreUnavailableError();
      return Promise.all(cluster.masters.map(async (master) => {
        const client = await cluster.nodeClient(master);
        return (args: string[]) => guard(() => client.sendCommand<Reply>(args));
      }));
    },
    logs,
    async close() {
      closed = true;
      logs.close();
      if (connected) await cluster.close().catch(() => cluster.destroy());
    },
  };
}

/** Redis's own answers pass through; anything else means Redis could not be reached. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ErrorReply || error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(error);
  }
}
