import { createClient, createCluster, ErrorReply, type RedisClientType, type RedisClusterType } from 'redis';
import type { Logger } from '../logger.js';
import { BlockingLogReader, NotifiedLogReader, type LogReader } from './redis-log-readers.js';
import { StoreUnavailableError } from './store.js';

/** Where the Redis data lives; one of these per `AJEL_REDIS_MODE`. */
export type RedisTopology =
  | { mode: 'single'; url: string }
  /** Seed nodes: any one that answers tells the client the rest. */
  | { mode: 'cluster'; seeds: string[] }
  /** Sentinels that watch the primary named `masterName` and its replicas, and say which is primary. */
  | { mode: 'sentinel'; sentinels: Array<{ host: string; port: number }>; masterName: string };

/** A write is acknowledged once it is on the primary and on `minReplicas` replicas, which get `waitTimeoutMs` to confirm it. */
export interface RedisDurability {
  minReplicas: number;
  waitTimeoutMs: number;
}

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
    case 'sentinel':
      return connectSentinel(topology.sentinels, topology.masterName, logger);
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

/** How often a node asks the sentinels which server is primary (they announce a switch too, but an announcement can be missed). */
const PRIMARY_CHECK_MS = 500;
/** Answers of a server that is no longer (or not yet) a writable primary: a failover is under way. */
const NOT_PRIMARY = /^(READONLY|MASTERDOWN|LOADING)\b/;

/**
 * Sentinel: a single-Redis connection to whichever server the sentinels name as primary, replaced
 * when they name another (a failover). Commands sent during the switch fail with
 * StoreUnavailableError, as during any outage, and nothing is written to a server that is no
 * longer primary (it answers READONLY). Blocked log reads on the old primary end when its
 * connection is closed, and the follower reads again from the new one.
 */
function connectSentinel(sentinels: Array<{ host: string; port: number }>, masterName: string, logger: Logger): RedisConnection {
  const clients = sentinels.map(({ host, port }) => {
    const client = createClient({ socket: { host, port, connectTimeout: 1000, reconnectStrategy: backoff }, disableOfflineQueue: true }) as RedisClientType;
    client.on('error', () => undefined);
    client.connect().catch(() => undefined);
    return client;
  });
  let current: { address: string; connection: RedisConnection } | undefined;
  let closed = false;
  let unreachable = false;

  const askSentinels = async (): Promise<string | undefined> => {
    for (const client of clients) {
      if (!client.isReady) continue;
      try {
        const reply = (await client.sendCommand(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName])) as [string, string] | null;
        if (reply) return `${reply[0].includes(':') ? `[${reply[0]}]` : reply[0]}:${reply[1]}`;
      } catch {
        // This sentinel cannot say: ask the next.
      }
    }
    return undefined;
  };

  const follow = async () => {
    const address = await askSentinels();
    if (closed) return;
    if (!address) {
      if (!unreachable) logger.warn({ masterName }, 'no sentinel names a primary; writes wait for one');
      unreachable = true;
      return;
    }
    unreachable = false;
    if (address === current?.address) return;
    const previous = current;
    current = { address, connection: connectSingle(`redis://${address}`, logger) };
    logger.warn({ masterName, primary: address, previous: previous?.address }, previous ? 'redis primary changed; following the new one' : 'redis primary found');
    previous?.connection.close().catch(() => undefined);
  };
  const timer = setInterval(() => void follow(), PRIMARY_CHECK_MS);
  timer.unref();
  void follow();

  const connection = () => {
    if (!current) throw new StoreUnavailableError(new Error(`no sentinel has named the primary of ${masterName} yet`));
    return current.connection;
  };
  const send = async (key: string | undefined, args: string[]): Promise<Reply> => {
    try {
      return await connection().send(key, args);
    } catch (error) {
      if (error instanceof ErrorReply && NOT_PRIMARY.test(error.message)) {
        void follow();
        throw new StoreUnavailableError(error);
      }
      throw error;
    }
  };
  return {
    mode: 'sentinel',
    send,
    primaries: async () => [(args) => send(undefined, args)],
    logs: {
      read: (positions, blockMs) => connection().logs.read(positions, blockMs),
      interrupt: () => current?.connection.logs.interrupt(),
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await Promise.allSettled([current?.connection.close(), ...clients.map((client) => client.close().catch(() => client.destroy()))]);
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
