import type { Logger } from '../logger.js';
import type { ScheduledHeadline } from '../protocol.js';
import { heldOrder, storedHeldSchema } from '../schedule/held.js';
import type { Reply } from './redis-connection.js';
import { keys } from './redis-keys.js';

// Held headlines (server/schedule/) live in the channel's slot: `ajel:{ch:<channel>}:held`, id →
// ScheduledHeadline JSON, written with the channel's audit log in one script. Their timing is due work
// (kind `publish`, another slot), which the schedule service writes in steps of their own.
//
// KEYS: 1 held, 2 audit. ARGV: 1 id, then per script; audited ones end with at, actor, channel, audit length.

const HELPERS = `
local held, audit, id = KEYS[1], KEYS[2], ARGV[1]
local function current()
  local json = redis.call('HGET', held, id)
  if not json then return nil end
  local ok, decoded = pcall(cjson.decode, json)
  if not ok or type(decoded) ~= 'table' then return nil end
  return decoded
end
local function record(action, at, actor, channel, auditLength, text)
  redis.call('XADD', audit, 'MAXLEN', '~', auditLength, '*',
    'at', at, 'actor', actor, 'action', action, 'channel', channel, 'id', id, 'text', text)
end
`;

/** ARGV: id, json, max per channel, text, at, actor, channel, audit length. */
const HOLD = `${HELPERS}
if redis.call('HEXISTS', held, id) == 1 then return 'exists' end
if redis.call('HLEN', held) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', held, id, ARGV[2])
record('schedule', ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[4])
return 'held'
`;

/** ARGV: id, json, expected rev, text, at, actor, channel, audit length. */
const EDIT = `${HELPERS}
local stored = current()
if not stored then return 'missing' end
if stored.publishing == true then return 'publishing' end
if tonumber(stored.rev) ~= tonumber(ARGV[3]) then return 'conflict' end
redis.call('HSET', held, id, ARGV[2])
record('schedule_edit', ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[4])
return 'edited'
`;

/** ARGV: id, at, actor, channel, audit length. A value that does not parse is dropped as missing. */
const CANCEL = `${HELPERS}
local stored = current()
if not stored then
  redis.call('HDEL', held, id)
  return 'missing'
end
if stored.publishing == true then return 'publishing' end
redis.call('HDEL', held, id)
record('schedule_cancel', ARGV[2], ARGV[3], ARGV[4], ARGV[5], type(stored.text) == 'string' and stored.text or '')
return 'cancelled'
`;

/** ARGV: id, rev. Answers the status and the record as now stored. */
const START_PUBLISHING = `${HELPERS}
local stored = current()
if not stored then return {'missing'} end
if stored.publishing ~= true and tonumber(stored.rev) ~= tonumber(ARGV[2]) then return {'conflict'} end
stored.publishing = true
local json = cjson.encode(stored)
redis.call('HSET', held, id, json)
return {'ok', json}
`;

/** How the Redis store runs what this module needs (see RedisStore). */
export interface RedisScheduleAccess {
  script(source: string, keyList: string[], args: string[]): Promise<Reply>;
  command(key: string, args: string[]): Promise<Reply>;
  replicated(key: string): Promise<void>;
  auditLength: number;
  logger: Logger;
}

export class RedisSchedule {
  constructor(private readonly redis: RedisScheduleAccess) {}

  async hold(held: ScheduledHeadline, maxPerChannel: number): Promise<'held' | 'full' | 'exists'> {
    const reply = (await this.run(HOLD, held.channel, [held.id, JSON.stringify(held), String(maxPerChannel), held.text, ...this.auditArgs(held.scheduledBy, held.channel)])) as
      'held' | 'full' | 'exists';
    if (reply === 'held') await this.redis.replicated(keys.held(held.channel));
    return reply;
  }

  async get(channel: string, id: string): Promise<ScheduledHeadline | undefined> {
    const json = (await this.redis.command(keys.held(channel), ['HGET', keys.held(channel), id])) as string | null;
    return json === null ? undefined : this.parse(channel, id, json);
  }

  async list(channel: string): Promise<ScheduledHeadline[]> {
    const flat = (await this.redis.command(keys.held(channel), ['HGETALL', keys.held(channel)])) as string[];
    const list: ScheduledHeadline[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const held = this.parse(channel, flat[i], flat[i + 1]);
      if (held) list.push(held);
    }
    return list.sort(heldOrder);
  }

  async edit(held: ScheduledHeadline, expectedRev: number, actor: string): Promise<'edited' | 'conflict' | 'missing' | 'publishing'> {
    const reply = (await this.run(EDIT, held.channel, [held.id, JSON.stringify(held), String(expectedRev), held.text, ...this.auditArgs(actor, held.channel)])) as
      'edited' | 'conflict' | 'missing' | 'publishing';
    if (reply === 'edited') await this.redis.replicated(keys.held(held.channel));
    return reply;
  }

  async cancel(channel: string, id: string, actor: string): Promise<'cancelled' | 'missing' | 'publishing'> {
    const reply = (await this.run(CANCEL, channel, [id, ...this.auditArgs(actor, channel)])) as 'cancelled' | 'missing' | 'publishing';
    if (reply === 'cancelled') await this.redis.replicated(keys.held(channel));
    return reply;
  }

  async startPublishing(channel: string, id: string, rev: number): Promise<ScheduledHeadline | 'conflict' | 'missing'> {
    const [status, json] = (await this.run(START_PUBLISHING, channel, [id, String(rev)])) as [string, string?];
    if (status !== 'ok') return status as 'conflict' | 'missing';
    await this.redis.replicated(keys.held(channel));
    return this.parse(channel, id, json!) ?? 'missing';
  }

  async release(channel: string, id: string): Promise<void> {
    await this.redis.command(keys.held(channel), ['HDEL', keys.held(channel), id]);
    await this.redis.replicated(keys.held(channel));
  }

  private run(source: string, channel: string, args: string[]): Promise<Reply> {
    return this.redis.script(source, [keys.held(channel), keys.audit(channel)], args);
  }

  private auditArgs(actor: string, channel: string): string[] {
    return [new Date().toISOString(), actor, channel, String(this.redis.auditLength)];
  }

  /** A held headline written badly by another system is none, and is logged. */
  private parse(channel: string, id: string, json: string): ScheduledHeadline | undefined {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      value = undefined;
    }
    const parsed = storedHeldSchema.safeParse(value);
    if (parsed.success && parsed.data.id === id && parsed.data.channel === channel) return parsed.data;
    this.redis.logger.error({ key: `${keys.held(channel)} ${id}`, problem: parsed.error?.issues[0]?.message ?? 'names another headline' }, 'ignoring a malformed held headline');
    return undefined;
  }
}
