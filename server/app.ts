import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import proxyAddr from 'proxy-addr';
import { Server as SocketServer } from 'socket.io';
import { Authenticator } from './auth/authenticator.js';
import { hashSecret } from './auth/keys.js';
import { SignInGuard } from './auth/sign-in-guard.js';
import { ChannelDirectory } from './channels/directory.js';
import { DEFAULT_BUDGETS, DEFAULT_INGEST, DEFAULT_STATS_BEACONS_PER_MINUTE, DEFAULT_WEBHOOK_SETTINGS, type Config } from './config.js';
import { expiryTask } from './headlines/expiry.js';
import { HeadlineService } from './headlines/service.js';
import { Ingest } from './ingest/ingest.js';
import { Poller } from './ingest/poller.js';
import { createIngestRouter } from './ingest/routes.js';
import { createAddressPolicy } from './net/address-policy.js';
import { createOutboundClient } from './net/outbound-client.js';
import { createApiRouter } from './http/api.js';
import { bearer, requestIdentifier } from './http/identify.js';
import { originAllowed } from './http/cors.js';
import { ReadBudget } from './http/read-budget.js';
import { errorHandler, notFound } from './http/errors.js';
import { serveStatic } from './http/static.js';
import { ConnectionAdmission } from './live/admission.js';
import { createEmbedRouter } from './embed/routes.js';
import { PartnerDirectory } from './partners/directory.js';
import { EmbedTokens } from './partners/embed-tokens.js';
import { createPartnerRouter } from './partners/routes.js';
import { ChangeFollower } from './live/follower.js';
import { LiveHub, type LiveServer } from './live/socket-hub.js';
import { SocketAccess } from './live/socket-access.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { Tarpit } from './rate-limit.js';
import { PartnerUsage } from './stats/partner-usage.js';
import { createStatsRouter } from './stats/routes.js';
import { startSweeper, type SweepTask } from './work/sweeper.js';
import { pushAlertTask } from './push/alert-follower.js';
import { createPushRouter } from './push/routes.js';
import { PushSender } from './push/sender.js';
import { shardDeliveryTask } from './push/shard-delivery.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { createWebhookRouter } from './webhooks/routes.js';
import { createWebhookSender } from './webhooks/sender.js';
import { ScheduleService } from './schedule/service.js';
import { StoreLayoutError, type HeadlineStore } from './store/store.js';

export interface ServerDeps {
  store: HeadlineStore;
  logger: Logger;
  /** Where the built widget and demo pages are (`dist/`); omitted in tests that need only the API. */
  staticDir?: string;
  /** Adds Node's process metrics (CPU, memory, event loop) to /metrics; once per process. */
  processMetrics?: boolean;
  /** Called when the store's data cannot be used by this version (StoreLayoutError); the node stays unready. */
  onFatal?: (error: Error) => void;
  /** The base URL of the demo partner's own site, when it runs beside the server (`npm start`). */
  demoPartnerSite?: string;
}

export interface AjelServer {
  app: Express;
  http: HttpServer;
  io: LiveServer;
  follower: ChangeFollower;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /**
   * Leaves the balancer's rotation and stops: /readyz answers 503 at once; after `delayMs` the node stops
   * accepting, finishes the requests in flight and closes its sockets, whose clients reconnect elsewhere.
   */
  close(delayMs?: number): Promise<void>;
}

export type ServerConfig = Pick<
  Config,
  'editorKeys' | 'partnerKeys' | 'channels' | 'privateChannels' | 'urgentTtlSeconds' | 'corsOrigins' | 'writeOrigins' | 'writeRatePerMinute'
> & Partial<Pick<Config, 'metricsKey' | 'trustProxy' | 'adminKeys' | 'tokenMaxLifetimeSeconds' | 'channelLanguage' | 'publicUrl' | 'push' | 'outboundAllow' | 'statsBeaconsPerMinute'>> & {
  budgets?: Partial<Config['budgets']>;
  webhooks?: Partial<Config['webhooks']>;
  ingest?: Partial<Config['ingest']>;
};

/** How often each node looks for scheduled headlines that are due: they go out within a second of their time. */
const SCHEDULE_SWEEP_MS = 250;

/** Longest request line a client may send; links and cursors are far shorter. */
const MAX_URL_LENGTH = 2048;

/** Builds the whole service around a store; the CLI starts it, tests build as many as they like. */
export function createServer(config: ServerConfig, deps: ServerDeps): AjelServer {
  const { store, logger } = deps;
  const privateChannels = new Set(config.privateChannels);
  const budgets = { ...DEFAULT_BUDGETS, ...config.budgets };
  const headlines = new HeadlineService(store, { urgentTtlSeconds: config.urgentTtlSeconds });
  const schedule = new ScheduleService(store, headlines, logger);
  const channels = new ChannelDirectory(store, { privateChannels, defaultLanguage: config.channelLanguage ?? 'ar' });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ?? 'loopback');
  const trusted = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const addressOf = (req: IncomingMessage) => proxyAddr(req, trusted);
  app.use((req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    if (req.originalUrl.length > MAX_URL_LENGTH) {
      return void res.status(414).json({ error: { code: 'uri_too_long', message: `URLs are at most ${MAX_URL_LENGTH} characters` } });
    }
    next();
  });

  const nodeId = randomUUID();
  const outboundAllow = config.outboundAllow ?? { hosts: [], ranges: [] };
  const addressPolicy = createAddressPolicy(outboundAllow);
  const outbound = createOutboundClient({ policy: addressPolicy, userAgent: 'Ajel/0.1' });
  const ingestSettings = { ...DEFAULT_INGEST, ...config.ingest };
  const ingest = new Ingest(store, headlines, async (channel) => (await channels.current(channel)).lang, ingestSettings);
  const poller = new Poller(store, outbound, ingest, logger, { ...ingestSettings, node: nodeId });

  const partners = new PartnerDirectory(store, logger);
  /** A page may load the widget and connect from the publisher's origins and from those its partners registered. */
  const pageOriginAllowed = (origin: string) => originAllowed(config.corsOrigins, origin) || partners.registers(origin);

  const http = createHttpServer({ maxHeaderSize: 8192, requestTimeout: 30_000, headersTimeout: 10_000 }, app);
  const io: LiveServer = new SocketServer(http, {
    serveClient: false,
    maxHttpBufferSize: 4096,
    cors: { origin: config.corsOrigins.includes('*') ? '*' : (origin, callback) => callback(null, origin !== undefined && pageOriginAllowed(origin)) },
    allowRequest: (req, callback) => callback(null, req.headers.origin === undefined || pageOriginAllowed(req.headers.origin)),
  });

  const tarpit = new Tarpit();
  const readBudget = new ReadBudget(budgets.readsPerMinute, tarpit, () => metrics.refusals.inc({ budget: 'reads' }));
  const refusedPushes = new ReadBudget(budgets.failedAuthPerMinute, tarpit, () => metrics.refusals.inc({ budget: 'refused_pushes' }), 'refused pushes');
  const admission = new ConnectionAdmission({
    maxConnections: budgets.maxConnections,
    connectionsPerAddress: budgets.connectionsPerAddress,
    addressOf,
    onRefused: (reason) => metrics.refusals.inc({ budget: reason }),
    tarpit,
  });
  io.engine.use(admission.middleware);
  io.engine.on('connection', (connection) => admission.track(connection));

  const webhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...config.webhooks };
  const sendWebhook = createWebhookSender(createOutboundClient({ policy: addressPolicy, userAgent: 'Ajel-Webhooks/1' }), webhookSettings.timeoutMs);
  const webhooks = new WebhookDispatcher(store, sendWebhook, webhookSettings, nodeId, logger);

  const usage = new PartnerUsage(store, logger, nodeId, {
    connection: (partner) => metrics.partnerConnections.inc({ partner }),
    delivery: (partner, count) => metrics.partnerDeliveries.inc({ partner }, count),
  });
  const metrics = new Metrics(
    {
      sockets: () => io.engine.clientsCount,
      followedChannels: () => follower.followedChannels,
      following: () => follower.healthy,
      partnerReaders: () => usage.live,
      pushSubscribers: async () => {
        if (!config.push) return new Map();
        const counted = new Map<string, number>();
        for (const record of await channels.list(await store.listChannels())) {
          if (record.pushAlerts) counted.set(record.channel, await store.countPushSubscriptions(record.channel));
        }
        return counted;
      },
    },
    { processMetrics: deps.processMetrics },
  );
  let hub: LiveHub | undefined;
  const follower = new ChangeFollower(store, logger, (channel, changes) => {
    hub?.broadcast(channel, changes);
    webhooks.wake();
    for (const change of changes) {
      metrics.pushes.inc({ type: change.type });
      metrics.followLag.observe(Math.max(0, Date.now() - Number(change.cursor.split('-')[0])) / 1000);
    }
  }, (channel) => hub?.resync(channel));
  const tokens = new EmbedTokens(partners, config.tokenMaxLifetimeSeconds ?? 3600);
  const keySets = { editorKeys: config.editorKeys, partnerKeys: config.partnerKeys, adminKeys: config.adminKeys ?? [] };
  const guard = new SignInGuard(new Authenticator(keySets, store, tokens), budgets.failedAuthPerMinute, tarpit, (reason, address, via) => {
    metrics.refusals.inc({ budget: reason === 'limited' ? 'failed_auth_limited' : 'failed_auth' });
    logger.warn({ event: 'key_refused', address, reason, via }, 'refused a key');
  });
  hub = new LiveHub(io, {
    store,
    channels,
    follower,
    access: new SocketAccess({ guard, tokens, partners, publisherOrigins: config.corsOrigins, writeOrigins: config.writeOrigins, addressOf, usage }),
    logger,
    privateChannels,
    configuredChannels: config.channels,
    addressOf,
    eventsPerSecond: budgets.socketEventsPerSecond,
    bufferBytes: budgets.socketBufferBytes,
    onRefused: (budget) => metrics.refusals.inc({ budget }),
  });

  /** `starting` until the configured channels are registered; `draining` from the start of close(). */
  let state: 'starting' | 'ready' | 'draining' = 'starting';

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    if (state !== 'ready') {
      const message = state === 'starting' ? 'registering the configured channels' : 'shutting down';
      return void res.status(503).json({ ok: false, store: store.kind, error: { code: state, message } });
    }
    try {
      await Promise.race([store.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))]);
      res.json({ ok: true, store: store.kind });
    } catch {
      res.status(503).json({ ok: false, store: store.kind, error: { code: 'store_unavailable', message: 'the headline store is unreachable' } });
    }
  });
  if (config.metricsKey) {
    const expected = hashSecret(config.metricsKey);
    app.get('/metrics', async (req, res) => {
      const presented = bearer(req);
      if (!presented || !timingSafeEqual(hashSecret(presented), expected)) {
        return void res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: { code: 'unauthorized', message: 'metrics need AJEL_METRICS_KEY' } });
      }
      res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  app.use(
    createApiRouter({
      store,
      headlines,
      channels,
      follower,
      guard,
      logger,
      corsOrigins: config.corsOrigins,
      writeOrigins: config.writeOrigins,
      privateChannels,
      configuredChannels: config.channels,
      writeRatePerMinute: config.writeRatePerMinute,
      readBudget,
      metrics,
      schedule,
      publicUrl: config.publicUrl,
    }),
  );
  const identify = requestIdentifier(guard, logger);
  app.use(createPartnerRouter({ store, partners, logger, writeOrigins: config.writeOrigins, identify: async (req) => (await identify(req, { required: true }))! }));
  app.use(createWebhookRouter({
    store,
    dispatcher: webhooks,
    send: sendWebhook,
    outboundAllow,
    policy: addressPolicy,
    logger,
    writeOrigins: config.writeOrigins,
    identify: async (req) => (await identify(req, { required: true }))!,
  }));
  app.use(createIngestRouter({
    store,
    poller,
    ingest,
    policy: addressPolicy,
    logger,
    writeOrigins: config.writeOrigins,
    identify: async (req) => (await identify(req, { required: true }))!,
    refusedPushes,
  }));
  app.use(createEmbedRouter({
    store,
    channels,
    tokens,
    partners,
    privateChannels,
    publisherOrigins: config.corsOrigins,
    readBudget,
  }));
  app.use(createStatsRouter({
    store,
    partners,
    pageOriginAllowed,
    writeOrigins: config.writeOrigins,
    beaconsPerMinute: config.statsBeaconsPerMinute ?? DEFAULT_STATS_BEACONS_PER_MINUTE,
    identify: async (req) => (await identify(req, { required: true }))!,
  }));
  app.use(createPushRouter({ store, channels, push: config.push, privateChannels, pageOriginAllowed, corsOrigins: config.corsOrigins, readBudget, addressPolicy }));
  if (deps.staticDir) app.use(serveStatic(deps.staticDir, config.corsOrigins, pageOriginAllowed, deps.demoPartnerSite));
  app.use(notFound);
  app.use(errorHandler(logger));

  const backgroundTasks: SweepTask[] = [expiryTask(store), webhooks.task];
  let pushSends: ReturnType<typeof shardDeliveryTask> | undefined;
  if (config.push) {
    pushSends = shardDeliveryTask(store, new PushSender(config.push, outbound), { logger, onSent: (outcome) => metrics.pushSends.inc({ outcome }) });
    backgroundTasks.push(pushAlertTask(store, channels, { owner: nodeId, urgentTtlSeconds: config.urgentTtlSeconds, logger }), pushSends);
  }
  let stopSweeper: (() => void) | undefined;
  let stopPolling: (() => void) | undefined;
  let stopScheduleSweeper: (() => void) | undefined;
  let registerRetry: NodeJS.Timeout | undefined;

  /**
   * Readies the store's data, then registers the configured channels, retrying with backoff while
   * the store cannot be reached; data this version cannot use stops it there.
   */
  async function registerChannels(attempt = 0): Promise<void> {
    try {
      await store.prepare();
      await store.addChannels(config.channels);
      if (state === 'starting') state = 'ready';
      if (attempt > 0) logger.info({ channels: config.channels }, 'registered the configured channels');
    } catch (error) {
      if (error instanceof StoreLayoutError) {
        logger.fatal({ err: error.message }, 'the stored data cannot be used as it is');
        return deps.onFatal?.(error);
      }
      if (attempt === 0) logger.warn({ err: (error as Error).message }, 'could not register channels yet; the store is unreachable; retrying');
      if (state !== 'draining') registerRetry = setTimeout(() => void registerChannels(attempt + 1), Math.min(100 * 2 ** attempt, 5000));
    }
  }

  return {
    app,
    http,
    io,
    follower,
    async listen(port = 0, host = '127.0.0.1') {
      await registerChannels();
      follower.start();
      partners.start();
      usage.start();
      stopSweeper = startSweeper(backgroundTasks, logger);
      // Feeds are polled by a sweeper of their own: a slow feed does not hold up expiry.
      stopPolling = startSweeper([poller.task()], logger);
      stopScheduleSweeper = startSweeper([schedule.publishTask()], logger, SCHEDULE_SWEEP_MS);
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve());
      });
      return http.address() as AddressInfo;
    },
    async close(delayMs = 0) {
      state = 'draining';
      clearTimeout(registerRetry);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      // Stop accepting first (idle keep-alive connections close too); the requests in flight, writes
      // among them, finish before `closed` resolves.
      const closed = http.listening ? new Promise<void>((resolve) => http.close(() => resolve())) : Promise.resolve();
      stopSweeper?.();
      await pushSends?.idle();
      await webhooks.stop();
      stopPolling?.();
      stopScheduleSweeper?.();
      partners.stop();
      hub?.close();
      await io.close();
      await closed;
      await usage.stop();
      await follower.stop();
    },
  };
}
