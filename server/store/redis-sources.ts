import { MAX_SEEN_ITEMS, storedPollStateSchema, storedSourceSchema, type PollState, type SeenItem, type Source } from '../ingest/source.js';
import type { Logger } from '../logger.js';
import type { Reply } from './redis-connection.js';
import { keys } from './redis-keys.js';

// Each script touches the keys of one source (`{src:<id>}`); the global index `ajel:{sources}` is
// written in a step of its own: before the record on create (an index entry without a record is not
// listed), after it on delete.

/** KEYS: record. ARGV: source JSON. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
redis.call('SET', KEYS[1], ARGV[1])
return 'created'
`;

/** KEYS: record. ARGV: source JSON, expected revision. */
const REPLACE = `
local current = redis.call('GET', KEYS[1])
if not current then return 'missing' end
local ok, decoded = pcall(cjson.decode, current)
if not ok or type(decoded) ~= 'table' or decoded.rev ~= tonumber(ARGV[2]) then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[1])
return 'replaced'
`;

/** KEYS: record, state. ARGV: state JSON. Nothing for a source that was removed. */
const WRITE_STATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`;

/** KEYS: record, seen (key → JSON), seen-at (key → last seen, ms). ARGV: most kept, then key, seenAt, JSON per item. */
const RECORD_SEEN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 2, #ARGV, 3 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
  redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i])
end
local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[1])
if excess > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[3], excess)
  for i = 1, #popped, 2 do redis.call('HDEL', KEYS[2], popped[i]) end
end
return 1
`;

type Send = (key: string, args: string[]) => Promise<Reply>;
type Script = (source: string, keyList: string[], args: string[]) => Promise<Reply>;

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** Feed sources on Redis: the logic behind RedisStore's source methods. */
export class RedisSources {
  constructor(
    private readonly send: Send,
    private readonly script: Script,
    private readonly replicated: (key: string) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async create(source: Source): Promise<'created' | 'exists'> {
    await this.send(keys.sources, ['SADD', keys.sources, source.id]);
    const created = (await this.script(CREATE, [keys.sourceRecord(source.id)], [JSON.stringify(source)])) as 'created' | 'exists';
    await this.replicated(keys.sourceRecord(source.id));
    return created;
  }

  async replace(source: Source, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    const outcome = (await this.script(REPLACE, [keys.sourceRecord(source.id)], [JSON.stringify(source), String(expectedRev)])) as 'replaced' | 'conflict' | 'missing';
    await this.replicated(keys.sourceRecord(source.id));
    return outcome;
  }

  async get(id: string): Promise<Source | undefined> {
    const json = (await this.send(keys.sourceRecord(id), ['GET', keys.sourceRecord(id)])) as string | null;
    return json === null ? undefined : this.parseSource(id, json);
  }

  async list(): Promise<Source[]> {
    const ids = (await this.send(keys.sources, ['SMEMBERS', keys.sources])) as string[];
    const sources = await Promise.all(ids.map((id) => this.get(id)));
    return sources.filter((source): source is Source => source !== undefined).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async delete(id: string): Promise<boolean> {
    const record = keys.sourceRecord(id);
    const removed = (await this.send(record, ['DEL', record, keys.sourceState(id), keys.sourceSeen(id), keys.sourceSeenAt(id)])) as number;
    await this.send(keys.sources, ['SREM', keys.sources, id]);
    await this.replicated(record);
    return removed > 0;
  }

  async readState(id: string): Promise<PollState | undefined> {
    const json = (await this.send(keys.sourceState(id), ['GET', keys.sourceState(id)])) as string | null;
    if (json === null) return undefined;
    const parsed = storedPollStateSchema.safeParse(parseJson(json));
    if (parsed.success) return parsed.data;
    this.logger.error({ key: keys.sourceState(id) }, "ignoring a source's malformed poll state");
    return undefined;
  }

  async writeState(id: string, state: PollState): Promise<void> {
    await this.script(WRITE_STATE, [keys.sourceRecord(id), keys.sourceState(id)], [JSON.stringify(state)]);
    await this.replicated(keys.sourceState(id));
  }

  async readSeen(id: string): Promise<SeenItem[]> {
    const flat = (await this.send(keys.sourceSeen(id), ['HGETALL', keys.sourceSeen(id)])) as string[];
    const items: SeenItem[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const item = parseJson(flat[i + 1]) as Partial<SeenItem> | undefined;
      if (typeof item?.headlineId === 'string' && typeof item.titleDigest === 'string' && typeof item.seenAt === 'number') {
        items.push({ key: flat[i], headlineId: item.headlineId, titleDigest: item.titleDigest, seenAt: item.seenAt, ...(item.gone ? { gone: true } : {}) });
      }
    }
    return items;
  }

  async recordSeen(id: string, items: SeenItem[]): Promise<void> {
    if (items.length === 0) return;
    const args = [String(MAX_SEEN_ITEMS)];
    for (const { key, ...item } of items) args.push(key, String(item.seenAt), JSON.stringify(item));
    await this.script(RECORD_SEEN, [keys.sourceRecord(id), keys.sourceSeen(id), keys.sourceSeenAt(id)], args);
    await this.replicated(keys.sourceSeen(id));
  }

  /** A source written by hand that does not parse is none, and is logged. */
  private parseSource(id: string, json: string): Source | undefined {
    const parsed = storedSourceSchema.safeParse(parseJson(json));
    if (parsed.success && parsed.data.id === id) return parsed.data as Source;
    this.logger.error({ key: keys.sourceRecord(id), problem: parsed.error?.issues[0]?.message ?? 'id does not match its field' }, 'ignoring a malformed source');
    return undefined;
  }
}
