import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from './app.js';
import { hashSecret } from './auth/keys.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { seedDemoHeadlines } from './demo-seed.js';
import { createLogger } from './logger.js';
import { MemoryStore } from './store/memory.js';
import { RedisStore } from './store/redis.js';
import type { HeadlineStore } from './store/store.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`ajel: ${error.message}\n`);
    process.exit(2);
  }
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
  if (!existsSync(staticDir)) logger.warn('dist/ is missing: run `npm run build` to serve the widget and demo pages');
  const server = createServer(config, {
    store,
    logger,
    staticDir,
    processMetrics: true,
    onFatal(error) {
      process.stderr.write(`ajel: ${error.message}\n`);
      process.exit(2);
    },
  });
  const address = await server.listen(config.port, config.host);

  const seedDemo = config.demo === 'on' || (config.demo === 'auto' && store.kind === 'memory');
  if (seedDemo) await seedDemoHeadlines(store, config.channels);

  logger.info({ port: address.port }, `Ajel is listening on http://localhost:${address.port}`);
  if (existsSync(staticDir)) {
    const site = `http://localhost:${address.port}`;
    logger.info(`demo: publisher ${site}/ · partner ${site}/partner · editor console ${site}/console`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const delayMs = config.shutdownDelaySeconds * 1000;
    const force = setTimeout(() => process.exit(1), delayMs + 10_000);
    force.unref();
    await server.close(delayMs);
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

await main();
