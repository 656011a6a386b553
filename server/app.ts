import { timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { Server as SocketServer } from 'socket.io';
import { Authenticator } from './auth/authenticator.js';
import { hashSecret } from './auth/keys.js';
import type { Config } from './config.js';
import { startExpirySweeper } from './headlines/expiry.js';
import { HeadlineService } from './headlines/service.js';
import { createApiRouter } from './http/api.js';
import { originAllowed } from './http/cors.js';
import { errorHandler, notFound } from './http/errors.js';
import { serveStatic } from './http/static.js';
import { ChangeFollower } from './live/follower.js';
import { LiveHub, type LiveServer } from './live/socket-hub.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import type { HeadlineStore } from './store/store.js';

export interface ServerDeps {
  store: HeadlineStore;
  logger: Logger;
  /** Where the built widget and demo pages are (`dist/`); omitted in tests that need only the API. */
  staticDir?: string;
  /** Adds Node's process metrics (CPU, memory, event loop) to /metrics; once per process. */
  processMetrics?: boolean;
}

export interface AjelServer {
  app: Express;
  http: HttpServer;
  io: LiveServer;
  follower: ChangeFollower;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export type ServerConfig = Pick<
  Config,
  'editorKeys' | 'partnerKeys' | 'channels' | 'privateChannels' | 'urgentTtlSeconds' | 'corsOrigins' | 'writeOrigins' | 'writeRatePerMinute'
> & Partial<Pick<Config, 'metricsKey'>>;

/** Builds the whole service around a store; the CLI starts it, tests build as many as they like. */
export function createServer(config: ServerConfig, deps: ServerDeps): AjelServer {
  const { store, logger } = deps;
  const privateChannels = new Set(config.privateChannels);
  const auth = new Authenticator(config.editorKeys, config.partnerKeys, store);
  const headlines = new HeadlineService(store, { urgentTtlSeconds: config.urgentTtlSeconds });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    next();
  });

  const http = createHttpServer(app);
  const io: LiveServer = new SocketServer(http, {
    serveClient: false,
    maxHttpBufferSize: 4096,
    cors: { origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins },
    allowRequest: (req, callback) => callback(null, originAllowed(config.corsOrigins, req.headers.origin)),
  });

  const metrics = new Metrics(
    { sockets: () => io.engine.clientsCount, followedChannels: () => follower.followedChannels, following: () => follower.healthy },
    { processMetrics: deps.processMetrics },
  );
  let hub: LiveHub | undefined;
  const follower = new ChangeFollower(store, logger, (channel, changes) => {
    hub?.broadcast(channel, changes);
    for (const change of changes) {
      metrics.pushes.inc({ type: change.type });
      metrics.followLag.observe(Math.max(0, Date.now() - Number(change.cursor.split('-')[0])) / 1000);
    }
  });
  hub = new LiveHub(io, { store, follower, auth, logger, privateChannels });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
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
      const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
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
      follower,
      auth,
      logger,
      corsOrigins: config.corsOrigins,
      writeOrigins: config.writeOrigins,
      privateChannels,
      writeRatePerMinute: config.writeRatePerMinute,
      metrics,
    }),
  );
  if (deps.staticDir) app.use(serveStatic(deps.staticDir, config.corsOrigins));
  app.use(notFound);
  app.use(errorHandler(logger));

  let stopSweeper: (() => void) | undefined;
  let registerRetry: NodeJS.Timeout | undefined;
  let closed = false;

  /** Registers the configured channels, retrying with backoff while the store cannot be reached. */
  async function registerChannels(attempt = 0): Promise<void> {
    try {
      await store.addChannels(config.channels);
      if (attempt > 0) logger.info({ channels: config.channels }, 'registered the configured channels');
    } catch (error) {
      if (attempt === 0) logger.warn({ err: (error as Error).message }, 'could not register channels yet; the store is unreachable; retrying');
      if (!closed) registerRetry = setTimeout(() => void registerChannels(attempt + 1), Math.min(100 * 2 ** attempt, 5000));
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
      stopSweeper = startExpirySweeper(store, logger);
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve());
      });
      return http.address() as AddressInfo;
    },
    async close() {
      closed = true;
      clearTimeout(registerRetry);
      stopSweeper?.();
      hub?.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await follower.stop();
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
