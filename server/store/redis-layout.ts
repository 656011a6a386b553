import { ErrorReply } from 'redis';
import { CHANNEL_PATTERN } from '../headlines/schema.js';
import type { Logger } from '../logger.js';
import type { RedisConnection } from './redis-connection.js';
import { keys } from './redis-keys.js';
import type { StreamEntry } from './redis-log-readers.js';
import { StoreLayoutError } from './store.js';

/**
 * The layout of earlier versions, without hash tags: per channel `ajel:ch:<channel>:<part>`, and
 * three global keys that every write of those versions touched (`ajel:channels` was written at
 * every start-up), so that any of them being there tells that the data is in that layout.
 */
const OLD_GLOBAL = { channels: 'ajel:channels', expiring: 'ajel:expiring', audit: 'ajel:audit' };
const OLD_CHANNEL_KEY = /^ajel:ch:([^:]+):(.+)$/;
const PAGE = 500;

export interface UpgradeOptions {
  /** Move old-layout data instead of refusing. */
  migrate: boolean;
  /** Re-reads a channel's next expiry into the new `ajel:{expiring}`. */
  noteDue: (channel: string) => Promise<void>;
}

/**
 * Run before a node writes anything. Fresh or already moved data: nothing to do. Data in the old
 * layout: a StoreLayoutError saying how to move it, unless `migrate` is set, in which case it is
 * moved (on a single Redis: RENAME needs both names on one node), resuming where a move that was
 * cut short stopped. The old global keys go last, `ajel:channels` the very last, so a move cut short
 * is still seen as one to finish.
 */
export async function upgradeLayout(redis: RedisConnection, logger: Logger, options: UpgradeOptions): Promise<void> {
  const found: string[] = [];
  for (const key of Object.values(OLD_GLOBAL)) if ((await redis.send(key, ['EXISTS', key])) === 1) found.push(key);
  if (found.length === 0) return;
  const how =
    redis.mode === 'single'
      ? 'Stop every Ajel node of the earlier version, then start one node with AJEL_REDIS_MIGRATE=on: it moves the data, then starts'
      : 'Move it on a single Redis first (an Ajel node with AJEL_REDIS_MIGRATE=on there), then copy the moved data into the Cluster';
  if (!options.migrate || redis.mode !== 'single') {
    throw new StoreLayoutError(
      `Redis holds Ajel data in the key layout of earlier versions (${found.join(', ')}, ajel:ch:<channel>:...), which this version does not read. ${how} (README, "Upgrading from the untagged key layout").`,
    );
  }
  logger.warn({ found }, 'moving Redis data from the untagged key layout (AJEL_REDIS_MIGRATE=on)');
  const touched = new Set<string>();
  const moved = await moveChannelKeys(redis, touched);
  const audited = await splitAudit(redis);
  const registered = (await redis.send(OLD_GLOBAL.channels, ['SMEMBERS', OLD_GLOBAL.channels])) as string[];
  if (registered.length > 0) {
    await redis.send(keys.channels, ['SADD', keys.channels, ...registered]);
    for (const channel of registered) await redis.send(keys.registered(channel), ['SET', keys.registered(channel), '1']);
  }
  for (const channel of new Set([...touched, ...registered])) await options.noteDue(channel);
  await redis.send(OLD_GLOBAL.expiring, ['DEL', OLD_GLOBAL.expiring]);
  await redis.send(OLD_GLOBAL.channels, ['DEL', OLD_GLOBAL.channels]);
  logger.info({ keys: moved, auditEntries: audited, channels: registered.length }, 'moved Redis data to the hash-tagged key layout');
}

/** `ajel:ch:<channel>:<part>` → `ajel:{ch:<channel>}:<part>`, expiry included (RENAME keeps it). */
async function moveChannelKeys(redis: RedisConnection, touched: Set<string>): Promise<number> {
  let moved = 0;
  for (const scan of await redis.primaries()) {
    let cursor = '0';
    do {
      const [next, found] = (await scan(['SCAN', cursor, 'MATCH', 'ajel:ch:*', 'COUNT', String(PAGE)])) as [string, string[]];
      cursor = next;
      for (const key of found) {
      const match = OLD_CHANNEL_KEY.exec(key);
        if (!match || !CHANNEL_PATTERN.test(match[1])) continue;
        const target = `ajel:{ch:${match[1]}}:${match[2]}`;
        if ((await redis.send(key, ['RENAMENX', key, target])) === 0) {
          throw new StoreLayoutError(`both ${key} and ${target} exist: an Ajel node of this version wrote to the channel before the move; keep one of them by hand and start again`);
        }
        touched.add(match[1]);
        moved++;
      }
    } while (cursor !== '0');
  }
  return moved;
}

/**
 * The one `ajel:audit` stream → each channel's `ajel:{ch:<channel>}:audit`, under the same entry ids
 * (in order, so every copy lands after the one before; an id already there was copied by a move
 * that was cut short, and is skipped).
 */
async function splitAudit(redis: RedisConnection): Promise<number> {
  let copied = 0;
  let start = '-';
  for (;;) {
    const page = (await redis.send(OLD_GLOBAL.audit, ['XRANGE', OLD_GLOBAL.audit, start, '+', 'COUNT', String(PAGE)])) as StreamEntry[];
    for (const [id, flat] of page) {
      const channel = fieldOf(flat, 'channel');
      if (channel === undefined || !CHANNEL_PATTERN.test(channel)) continue;
      try {
        await redis.send(keys.audit(channel), ['XADD', keys.audit(channel), id, ...flat]);
        copied++;
      } catch (error) {
        if (!(error instanceof ErrorReply) || !/equal or smaller/.test(error.message)) throw error;
      }
    }
    if (page.length < PAGE) break;
    start = `(${page.at(-1)![0]}`;
  }
  await redis.send(OLD_GLOBAL.audit, ['DEL', OLD_GLOBAL.audit]);
  return copied;
}

function fieldOf(flat: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i] === name) return flat[i + 1];
  return undefined;
}
