import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { languageTag } from './channels/schema.js';
import { CHANNEL_PATTERN } from './headlines/schema.js';
import { parseKeyList, type KeyGrant } from './auth/keys.js';
import { parseOutboundAllow, type OutboundAllow } from './net/address-policy.js';
import type { RedisDurability, RedisTopology } from './store/redis-connection.js';

const channelList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(CHANNEL_PATTERN, 'channel slugs are 1-64 of a-z, 0-9 and "-"')));

const originList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.union([
        z.literal('*'),
        z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin),
      ]),
    ),
  );

/** An absolute http(s) URL with nothing after the path, kept without its trailing slash. */
const publicUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
  .transform((value, ctx) => {
    const url = new URL(value);
    if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials, a query or a fragment' });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, '');
  });

const keyList = (env: string, options: { bylines: boolean }) =>
  z.string().transform((value, ctx): KeyGrant[] => {
    try {
      return parseKeyList(value, options);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `${env}: ${(error as Error).message}` });
      return z.NEVER;
    }
  });

const outboundAllow = z.string().transform((value, ctx): OutboundAllow => {
  try {
    return parseOutboundAllow(value.split(',').map((item) => item.trim()).filter(Boolean));
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const vapidKey = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url (as `npx web-push generate-vapid-keys` prints it)')
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `must be a P-256 key of ${bytes} bytes, base64url`);

const vapidSubject = z.string().refine((value) => /^mailto:[^\s@]+@[^\s@]+$/.test(value) || /^https:\/\/[^\s]+$/.test(value), 'must be a mailto: address or an https: URL where the push services can reach the publisher');

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().positive().max(max).default(fallback);

/** What one client may use of a node; see the README's configuration table. */
export interface Budgets {
  /** Anonymous HTTP reads per minute per client address. */
  readsPerMinute: number;
  /** Wrong keys per minute per client address, over HTTP and the socket handshake together. */
  failedAuthPerMinute: number;
  /** Protocol events per second per socket. */
  socketEventsPerSecond: number;
  /** Bytes a socket may leave unread before it is dropped as a slow consumer. */
  socketBufferBytes: number;
  connectionsPerAddress: number;
  /** Sockets on this node; beyond it new connections get 503 and go elsewhere. */
  maxConnections: number;
}

export const DEFAULT_BUDGETS: Budgets = {
  readsPerMinute: 600,
  failedAuthPerMinute: 20,
  socketEventsPerSecond: 10,
  socketBufferBytes: 1024 * 1024,
  connectionsPerAddress: 100,
  maxConnections: 15_000,
};

/** A reader's widget sends a beacon every 30 s at most, and one more as the page goes: room for a few readers behind one address. */
export const DEFAULT_STATS_BEACONS_PER_MINUTE = 20;

/** How webhooks are delivered and given up on; see the README's configuration table. */
export interface WebhookSettings {
  /** Delay before the first retry of an event; each further retry waits twice as long, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Tries of one event (the first included) before it goes to the dead letters. */
  maxAttempts: number;
  /** Events in a row sent to the dead letters that disable an endpoint. */
  disableAfterDeadLetters: number;
  /** How long an endpoint may keep failing, without one delivery succeeding, before it is disabled. */
  disableAfterMs: number;
  /** For one delivery: connecting, sending and the answer. */
  timeoutMs: number;
  /** How long a node's hold on an endpoint lasts unrenewed: another node takes over a dead node's endpoints after it. */
  leaseMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retryBaseMs: 10_000,
  retryMaxMs: 3_600_000,
  maxAttempts: 12,
  disableAfterDeadLetters: 5,
  disableAfterMs: 24 * 3_600_000,
  timeoutMs: 10_000,
  leaseMs: 15_000,
};

/** Express's `trust proxy` values: `true`/`false`, a hop count, or addresses, CIDR ranges and names (`loopback`, `uniquelocal`). */
const trustProxy = z.string().transform((value, ctx): boolean | number | string => {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  try {
    proxyAddr.compile(value.split(',').map((item) => item.trim()));
    return value;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `must be true, false, a hop count or addresses/CIDR ranges: ${(error as Error).message}` });
    return z.NEVER;
  }
});

/** One URL, or several comma-separated (a Cluster's seed nodes). */
const redisUrls = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, or several comma-separated' })).min(1));

/** `host:port` entries, comma-separated (`AJEL_REDIS_SENTINELS`). */
const hostPorts = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'each must be host:port')
          .transform((entry) => {
            const at = entry.lastIndexOf(':');
            return { host: entry.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(entry.slice(at + 1)) };
          })
          .refine((address) => address.port >= 1 && address.port <= 65535, 'the port must be 1-65535'),
      )
      .min(1),
  );

type RedisMode = 'single' | 'cluster' | 'sentinel';

/** The topology `AJEL_REDIS_MODE`, `REDIS_URL` and the sentinel settings name together; a ConfigError when they do not fit. */
function redisTopology(
  mode: RedisMode,
  urls: string[] | undefined,
  sentinel: { sentinels?: Array<{ host: string; port: number }>; masterName: string },
): RedisTopology | undefined {
  const refuse = (variable: string, message: string) => new ConfigError(`invalid configuration:\n  ${variable}: ${message}`);
  if (mode === 'sentinel') {
    if (urls) throw refuse('REDIS_URL', 'with AJEL_REDIS_MODE=sentinel the sentinels say where the primary is: give AJEL_REDIS_SENTINELS instead');
    if (!sentinel.sentinels) throw refuse('AJEL_REDIS_SENTINELS', 'AJEL_REDIS_MODE=sentinel needs the sentinels, host:port comma-separated');
    return { mode, sentinels: sentinel.sentinels, masterName: sentinel.masterName };
  }
  if (sentinel.sentinels) throw refuse('AJEL_REDIS_SENTINELS', 'is for AJEL_REDIS_MODE=sentinel');
  if (!urls) {
    if (mode === 'single') return undefined;
    throw refuse('REDIS_URL', 'AJEL_REDIS_MODE=cluster needs one or more seed nodes, comma-separated');
  }
  if (mode === 'single') {
    if (urls.length === 1) return { mode, url: urls[0] };
    throw refuse('REDIS_URL', `names ${urls.length} servers: several seed nodes are for AJEL_REDIS_MODE=cluster`);
  }
  const database = urls.find((url) => !['', '/', '/0'].includes(new URL(url).pathname));
  if (database) throw refuse('REDIS_URL', `${database}: a Cluster has only database 0`);
  return { mode, seeds: urls };
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: redisUrls.optional(),
  AJEL_REDIS_MODE: z.enum(['single', 'cluster', 'sentinel']).default('single'),
  AJEL_REDIS_SENTINELS: hostPorts.optional(),
  AJEL_REDIS_MASTER_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 of A-Z, a-z, 0-9, ".", "_" and "-"').default('mymaster'),
  AJEL_REDIS_MIN_REPLICAS: z.coerce.number().int().min(0).max(10).default(0),
  AJEL_REDIS_WAIT_TIMEOUT: positiveInt(1000, 60_000),
  AJEL_REDIS_MIGRATE: z.enum(['on', 'off']).default('off'),
  AJEL_EDITOR_KEYS: keyList('AJEL_EDITOR_KEYS', { bylines: true }).optional(),
  AJEL_PARTNER_KEYS: keyList('AJEL_PARTNER_KEYS', { bylines: false }).optional(),
  AJEL_ADMIN_KEYS: keyList('AJEL_ADMIN_KEYS', { bylines: false }).optional(),
  AJEL_TOKEN_MAX_LIFETIME: positiveInt(3600, 24 * 3600),
  AJEL_CHANNELS: channelList.default(['ar-main', 'ar-sport', 'en-world']),
  AJEL_PRIVATE_CHANNELS: channelList.default([]),
  AJEL_CHANNEL_LANGUAGE: languageTag.default('ar'),
  AJEL_PUBLIC_URL: publicUrl.optional(),
  AJEL_MAX_HEADLINES: positiveInt(50, 1000),
  AJEL_LOG_LENGTH: positiveInt(1000, 100_000),
  AJEL_URGENT_TTL: positiveInt(1800, 7 * 24 * 3600),
  AJEL_CORS_ORIGINS: originList.default(['*']),
  AJEL_WRITE_ORIGINS: originList.default([]),
  AJEL_WRITE_RATE: positiveInt(120, 100_000),
  AJEL_TRUST_PROXY: trustProxy.default('loopback'),
  AJEL_READ_RATE: positiveInt(DEFAULT_BUDGETS.readsPerMinute, 1_000_000),
  AJEL_FAILED_AUTH_RATE: positiveInt(DEFAULT_BUDGETS.failedAuthPerMinute, 10_000),
  AJEL_SOCKET_EVENT_RATE: positiveInt(DEFAULT_BUDGETS.socketEventsPerSecond, 10_000),
  AJEL_SOCKET_BUFFER_BYTES: positiveInt(DEFAULT_BUDGETS.socketBufferBytes, 256 * 1024 * 1024),
  AJEL_CONNECTIONS_PER_ADDRESS: positiveInt(DEFAULT_BUDGETS.connectionsPerAddress, 1_000_000),
  AJEL_MAX_CONNECTIONS: positiveInt(DEFAULT_BUDGETS.maxConnections, 1_000_000),
  AJEL_SHUTDOWN_DELAY: z.coerce.number().min(0).max(300).default(0),
  AJEL_METRICS_KEY: z.string().regex(/^[\x21-\x7e]{8,256}$/, 'must be 8-256 printable characters').optional(),
  AJEL_VAPID_PUBLIC_KEY: vapidKey(65).optional(),
  AJEL_VAPID_PRIVATE_KEY: vapidKey(32).optional(),
  AJEL_VAPID_SUBJECT: vapidSubject.optional(),
  AJEL_PUSH_MAX_SUBSCRIPTIONS: positiveInt(100_000, 10_000_000),
  AJEL_PUSH_SUBSCRIBE_RATE: positiveInt(10, 100_000),
  AJEL_STATS_BEACON_RATE: positiveInt(DEFAULT_STATS_BEACONS_PER_MINUTE, 10_000),
  AJEL_OUTBOUND_ALLOW: outboundAllow.default({ hosts: [], ranges: [] }),
  AJEL_WEBHOOK_RETRY_BASE_MS: positiveInt(DEFAULT_WEBHOOK_SETTINGS.retryBaseMs, 3_600_000),
  AJEL_WEBHOOK_RETRY_MAX_MS: positiveInt(DEFAULT_WEBHOOK_SETTINGS.retryMaxMs, 24 * 3_600_000),
  AJEL_WEBHOOK_MAX_ATTEMPTS: positiveInt(DEFAULT_WEBHOOK_SETTINGS.maxAttempts, 100),
  AJEL_WEBHOOK_DISABLE_AFTER: positiveInt(DEFAULT_WEBHOOK_SETTINGS.disableAfterDeadLetters, 10_000),
  AJEL_WEBHOOK_DISABLE_AFTER_MS: positiveInt(DEFAULT_WEBHOOK_SETTINGS.disableAfterMs, 30 * 24 * 3_600_000),
  AJEL_WEBHOOK_TIMEOUT_MS: positiveInt(DEFAULT_WEBHOOK_SETTINGS.timeoutMs, 60_000),
  AJEL_WEBHOOK_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(DEFAULT_WEBHOOK_SETTINGS.leaseMs),
  AJEL_INGEST_INTERVAL: positiveInt(60, 24 * 3600),
  AJEL_INGEST_TIMEOUT: positiveInt(10, 120),
  AJEL_INGEST_MAX_BYTES: positiveInt(2 * 1024 * 1024, 64 * 1024 * 1024),
  AJEL_INGEST_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(3),
  AJEL_INGEST_FIRST_ITEMS: z.coerce.number().int().min(0).max(50).default(3),
  AJEL_INGEST_FIRST_MAX_AGE: positiveInt(3600, 30 * 24 * 3600),
  AJEL_DEMO: z.enum(['on', 'off', 'auto']).default('auto'),
  AJEL_DEMO_PARTNER_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Without it, the embedded store. */
  redis?: RedisTopology;
  /** Move Redis data from the key layout of earlier versions at start-up (`AJEL_REDIS_MIGRATE`). */
  redisMigrate: boolean;
  /** How many replicas a write must be on before it is acknowledged (`AJEL_REDIS_MIN_REPLICAS`), and how long to wait for them. */
  redisDurability: RedisDurability;
  editorKeys: KeyGrant[];
  partnerKeys: KeyGrant[];
  /** Keys that manage partners (`/api/partners`, `ajel partners`). */
  adminKeys: KeyGrant[];
  /** The longest lifetime (`exp - iat`) of a partner's embed token. */
  tokenMaxLifetimeSeconds: number;
  /** Channels known at start-up; more can be registered in the store. */
  channels: string[];
  /** Channels that only a partner key may read. */
  privateChannels: string[];
  /** Language of a channel without a record whose slug does not start with one. */
  channelLanguage: string;
  /** The public base URL feeds link to, without a trailing slash; without it, the request's origin. */
  publicUrl?: string;
  maxHeadlines: number;
  logLength: number;
  urgentTtlSeconds: number;
  /** Origins allowed to read (widget script, read API, socket); `*` for any. */
  corsOrigins: string[];
  /** Origins other than the server's own allowed to call the write API from a browser. */
  writeOrigins: string[];
  /** Writes per minute per editor key. */
  writeRatePerMinute: number;
  /** Which forwarded address counts as the client's, in Express's `trust proxy` syntax. */
  trustProxy: boolean | number | string;
  budgets: Budgets;
  /** Seconds between /readyz turning 503 on SIGTERM and the node refusing new connections. */
  shutdownDelaySeconds: number;
  /** Bearer token for /metrics; /metrics is off without it. */
  metricsKey?: string;
  /** Web Push for urgent alerts (server/push/); off without VAPID keys. */
  push?: PushConfig;
  /** Readers' stats beacons per minute per client address: the most one address adds to a headline's counts. */
  statsBeaconsPerMinute: number;
  /** Private hosts, addresses and ranges that feeds, webhooks and push may reach all the same. */
  outboundAllow: OutboundAllow;
  webhooks: WebhookSettings;
  /** How feed sources are polled (server/ingest/). */
  ingest: IngestSettings;
  demo: 'on' | 'off' | 'auto';
  /** Port of the demo partner's own site, which `npm start` (demo/main.ts) runs beside the server. */
  demoPartnerPort: number;
  logLevel: string;
  production: boolean;
}

export interface PushConfig {
  /** The application server's key pair (RFC 8292), the same on every node: subscriptions are bound to the public key. */
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** Subscriptions a channel may have. */
  maxSubscriptionsPerChannel: number;
  /** Subscribes and unsubscribes per client address per minute: a reader does one now and then. */
  subscribeRatePerMinute: number;
}

export interface IngestSettings {
  /** Between two polls of a feed (AJEL_INGEST_INTERVAL), unless the feed asks for longer. */
  intervalMs: number;
  /** Of one fetch, redirects and body included. */
  timeoutMs: number;
  /** Of a feed's body, after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /** At a new source's first poll, at most this many items are published... */
  firstPollItems: number;
  /** ...and only those newer than this. */
  firstPollMaxAgeMs: number;
}

export const DEFAULT_INGEST: IngestSettings = {
  intervalMs: 60_000,
  timeoutMs: 10_000,
  maxBytes: 2 * 1024 * 1024,
  maxRedirects: 3,
  firstPollItems: 3,
  firstPollMaxAgeMs: 3_600_000,
};

export class ConfigError extends Error {}

function pushConfig(e: z.infer<typeof envSchema>): PushConfig | undefined {
  const given = [e.AJEL_VAPID_PUBLIC_KEY, e.AJEL_VAPID_PRIVATE_KEY, e.AJEL_VAPID_SUBJECT].filter((value) => value !== undefined).length;
  if (given === 0) return undefined;
  if (given < 3) throw new ConfigError('invalid configuration:\n  AJEL_VAPID_PUBLIC_KEY, AJEL_VAPID_PRIVATE_KEY and AJEL_VAPID_SUBJECT: push needs all three, or none');
  return {
    vapid: { publicKey: e.AJEL_VAPID_PUBLIC_KEY!, privateKey: e.AJEL_VAPID_PRIVATE_KEY!, subject: e.AJEL_VAPID_SUBJECT! },
    maxSubscriptionsPerChannel: e.AJEL_PUSH_MAX_SUBSCRIPTIONS,
    subscribeRatePerMinute: e.AJEL_PUSH_SUBSCRIBE_RATE,
  };
}

/** Reads and validates the environment once, at the edge; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const redis = redisTopology(e.AJEL_REDIS_MODE, e.REDIS_URL, { sentinels: e.AJEL_REDIS_SENTINELS, masterName: e.AJEL_REDIS_MASTER_NAME });
  return {
    port: e.PORT,
    host: e.HOST,
    redis,
    redisMigrate: e.AJEL_REDIS_MIGRATE === 'on',
    redisDurability: { minReplicas: e.AJEL_REDIS_MIN_REPLICAS, waitTimeoutMs: e.AJEL_REDIS_WAIT_TIMEOUT },
    editorKeys: e.AJEL_EDITOR_KEYS ?? [],
    partnerKeys: e.AJEL_PARTNER_KEYS ?? [],
    adminKeys: e.AJEL_ADMIN_KEYS ?? [],
    tokenMaxLifetimeSeconds: e.AJEL_TOKEN_MAX_LIFETIME,
    channels: [...new Set([...e.AJEL_CHANNELS, ...e.AJEL_PRIVATE_CHANNELS])],
    privateChannels: e.AJEL_PRIVATE_CHANNELS,
    channelLanguage: e.AJEL_CHANNEL_LANGUAGE,
    publicUrl: e.AJEL_PUBLIC_URL,
    maxHeadlines: e.AJEL_MAX_HEADLINES,
    logLength: e.AJEL_LOG_LENGTH,
    urgentTtlSeconds: e.AJEL_URGENT_TTL,
    corsOrigins: e.AJEL_CORS_ORIGINS,
    writeOrigins: e.AJEL_WRITE_ORIGINS,
    writeRatePerMinute: e.AJEL_WRITE_RATE,
    trustProxy: e.AJEL_TRUST_PROXY,
    budgets: {
      readsPerMinute: e.AJEL_READ_RATE,
      failedAuthPerMinute: e.AJEL_FAILED_AUTH_RATE,
      socketEventsPerSecond: e.AJEL_SOCKET_EVENT_RATE,
      socketBufferBytes: e.AJEL_SOCKET_BUFFER_BYTES,
      connectionsPerAddress: e.AJEL_CONNECTIONS_PER_ADDRESS,
      maxConnections: e.AJEL_MAX_CONNECTIONS,
    },
    shutdownDelaySeconds: e.AJEL_SHUTDOWN_DELAY,
    metricsKey: e.AJEL_METRICS_KEY,
    push: pushConfig(e),
    statsBeaconsPerMinute: e.AJEL_STATS_BEACON_RATE,
    outboundAllow: e.AJEL_OUTBOUND_ALLOW,
    webhooks: {
      retryBaseMs: e.AJEL_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.AJEL_WEBHOOK_RETRY_MAX_MS,
      maxAttempts: e.AJEL_WEBHOOK_MAX_ATTEMPTS,
      disableAfterDeadLetters: e.AJEL_WEBHOOK_DISABLE_AFTER,
      disableAfterMs: e.AJEL_WEBHOOK_DISABLE_AFTER_MS,
      timeoutMs: e.AJEL_WEBHOOK_TIMEOUT_MS,
      leaseMs: e.AJEL_WEBHOOK_LEASE_MS,
    },
    ingest: {
      intervalMs: e.AJEL_INGEST_INTERVAL * 1000,
      timeoutMs: e.AJEL_INGEST_TIMEOUT * 1000,
      maxBytes: e.AJEL_INGEST_MAX_BYTES,
      maxRedirects: e.AJEL_INGEST_MAX_REDIRECTS,
      firstPollItems: e.AJEL_INGEST_FIRST_ITEMS,
      firstPollMaxAgeMs: e.AJEL_INGEST_FIRST_MAX_AGE * 1000,
    },
    demo: e.AJEL_DEMO,
    demoPartnerPort: e.AJEL_DEMO_PARTNER_PORT,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
  };
}
