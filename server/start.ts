import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from './app.js';
import { hashSecret } from './auth/keys.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { demoWanted, seedDemoHeadlines, withDemoChannels } from './demo-seed.js';
import { createLogger, type Logger } from './logger.js';
import { MemoryStore } from './store/memory.js';
import { RedisStore } from './store/redis.js';
import type { HeadlineStore } from './store/store.js';

/** The configuration from the environment; a bad value ends the process (exit code 2) with a message naming it. */
export function configFromEnvironment(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`ajel: ${error.message}\n`);
    process.exit(2);
  }
}

export interface StartOptions {
  /** The base URL of the demo partner's site, run beside the server: `/partner` sends readers there. */
  demoPartnerSite?: string;
}

/** A node started by `startAjel`, for whoever runs more beside it in the process (`npm start`). */
export interface RunningAjel {
  /** The configuration in use: the demo's private channel added when the demo is in. */
  config: Config;
  logger: Logger;
  store: HeadlineStore;
  /** `http://localhost:<port>`. */
  url: string;
  /** Whether the demo is in (`AJEL_DEMO`): its headlines and its private channel. */
  demo: boolean;
  /** Whether the built widget and demo pages (dist/) are there to serve. */
  pages: boolean;
  /** Work done when the process is told to stop, before the node closes. */
  onStop(task: () => Promise<void>): void;
}

/** Starts a node as `node server/main.ts` does: the store, the keys, the server, the demo headlines, and a clean stop on SIGINT/SIGTERM. */
export async function startAjel(loaded: Config, options: StartOptions = {}): Promise<RunningAjel> {
  const demo = demoWanted(loaded);
  const config = demo ? withDemoChannels(loaded) : loaded;
  const logger = createLogger(config.logLevel);
  const limits = { maxHeadlines: config.maxHeadlines, logLength: config.logLength };

  let store: HeadlineStore;
  if (config.redis) {
    store = RedisStore.create(config.redis, logger, limits, { migrate: config.redisMigrate, durability: config.redisDurability });
    const where =
      config.redis.mode === 'sentinel'
        ? { sentinels: config.redis.sentinels.map(({ host, port }) => `${host}:${port}`), masterName: config.redis.masterName }
        : { urls: (config.redis.mode === 'single' ? [config.redis.url] : config.redis.seeds).map(redactUrl) };
    logger.info({ store: 'redis', mode: config.redis.mode, ...where, minReplicas: config.redisDurability.minReplicas }, `using Redis (${config.redis.mode})`);
  } else {
    if (config.production) {
      logger.fatal('REDIS_URL is required when NODE_ENV=production: the embedded store keeps nothing across restarts');
      process.exit(2);
    }
    store = new MemoryStore({ limits });
    logger.info({ store: 'memory' }, 'using the embedded in-memory store (REDIS_URL is not set); headlines last until the process stops');
  }

  if (config.editorKeys.length === 0 && !config.production) {
    const secret = `dev-${randomBytes(12).toString('base64url')}`;
    config.editorKeys = [{ name: 'dev-editor', hash: hashSecret(secret) }];
    logger.warn({ key: secret }, 'AJEL_EDITOR_KEYS is not set: created a development-only editor key for this run');
  }

  const staticDir = fileURLToPath(new URL('../dist', import.meta.url));
  const pages = existsSync(staticDir);
  if (!pages) logger.warn('dist/ is missing: run `npm run build` to serve the widget and demo pages');
  const server = createServer(config, {
    store,
    logger,
    staticDir,
    processMetrics: true,
    demoPartnerSite: options.demoPartnerSite,
    onFatal(error) {
      process.stderr.write(`ajel: ${error.message}\n`);
      process.exit(2);
    },
  });
  const address = await server.listen(config.port, config.host);

  if (demo) await seedDemoHeadlines(store, config.channels);

  const url = `http://localhost:${address.port}`;
  logger.info({ port: address.port }, `Ajel is listening on ${url}`);

  const stopTasks: Array<() => Promise<void>> = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const delayMs = config.shutdownDelaySeconds * 1000;
    const force = setTimeout(() => process.exit(1), delayMs + 10_000);
    force.unref();
    await Promise.all(stopTasks.map((task) => task()));
    await server.close(delayMs);
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  return { config, logger, store, url, demo, pages, onStop: (task) => void stopTasks.push(task) };
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
