import type { Logger } from '../logger.js';
import {
  ATTEMPTS_KEPT,
  DEAD_LETTERS_KEPT,
  MAX_WEBHOOKS,
  storedWebhookSchema,
  type WebhookAttempt,
  type WebhookDeadLetter,
  type WebhookEndpoint,
} from '../webhooks/endpoint.js';
import type { Reply } from './redis-connection.js';
import { keys } from './redis-keys.js';

// Endpoints are fields of one hash (`{webhooks}`); each endpoint's lists share its own hash tag
// (`{webhook:<id>}`), so moving dead letters to the replay queue is one step in one slot.

/** KEYS: webhooks. ARGV: id, JSON, most endpoints. */
const CREATE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'exists' end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'created'
`;

/** KEYS: webhooks. ARGV: id, JSON, expected revision. */
const REPLACE = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 'missing' end
local ok, decoded = pcall(cjson.decode, current)
if not ok or type(decoded) ~= 'table' or decoded.rev ~= tonumber(ARGV[3]) then return 'conflict' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'replaced'
`;

/** KEYS: list. ARGV: JSON, entries kept. */
const PREPEND = `
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
return 1
`;

/** KEYS: dead letters, replay queue. ARGV: entries kept. */
const REQUEUE = `
local letters = redis.call('LRANGE', KEYS[1], 0, -1)
for i = #letters, 1, -1 do redis.call('RPUSH', KEYS[2], letters[i]) end
redis.call('DEL', KEYS[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[1]), -1)
return #letters
`;

/** KEYS: replay queue. ARGV: event id. */
const FINISH_REPLAY = `
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then return 0 end
local ok, letter = pcall(cjson.decode, head)
if ok and type(letter) == 'table' and letter.eventId ~= ARGV[1] then return 0 end
redis.call('LPOP', KEYS[1])
return 1
`;

export interface RedisAccess {
  command(key: string | undefined, args: string[]): Promise<Reply>;
  script(source: string, keyList: string[], args: string[]): Promise<Reply>;
  /** Waits for the writes so far to reach the replicas the store requires. */
  replicated(key: string): Promise<void>;
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** Webhook endpoints and their bounded lists on Redis (the store methods of server/webhooks/). */
export class RedisWebhooks {
  constructor(
    private readonly redis: RedisAccess,
    private readonly logger: Logger,
  ) {}

  async create(endpoint: WebhookEndpoint): Promise<'created' | 'exists' | 'full'> {
    const reply = (await this.redis.script(CREATE, [keys.webhooks], [endpoint.id, JSON.stringify(endpoint), String(MAX_WEBHOOKS)])) as 'created' | 'exists' | 'full';
    if (reply === 'created') await this.redis.replicated(keys.webhooks);
    return reply;
  }

  async replace(endpoint: WebhookEndpoint, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    const reply = (await this.redis.script(REPLACE, [keys.webhooks], [endpoint.id, JSON.stringify(endpoint), String(expectedRev)])) as 'replaced' | 'conflict' | 'missing';
    if (reply === 'replaced') await this.redis.replicated(keys.webhooks);
    return reply;
  }

  async get(id: string): Promise<WebhookEndpoint | undefined> {
    const json = (await this.redis.command(keys.webhooks, ['HGET', keys.webhooks, id])) as string | null;
    return json === null ? undefined : this.parse(id, json);
  }

  async list(): Promise<WebhookEndpoint[]> {
    const flat = (await this.redis.command(keys.webhooks, ['HGETALL', keys.webhooks])) as string[];
    const endpoints: WebhookEndpoint[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const endpoint = this.parse(flat[i], flat[i + 1]);
      if (endpoint) endpoints.push(endpoint);
    }
    return endpoints.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** The record goes first: lists left behind by a failure after it belong to no endpoint and are never read. */
  async remove(id: string): Promise<boolean> {
    const removed = (await this.redis.command(keys.webhooks, ['HDEL', keys.webhooks, id])) === 1;
    await this.redis.command(keys.webhookAttempts(id), ['DEL', keys.webhookAttempts(id), keys.webhookDead(id), keys.webhookReplay(id)]);
    await this.redis.replicated(keys.webhooks);
    return removed;
  }

  async recordAttempt(id: string, attempt: WebhookAttempt): Promise<void> {
    await this.redis.script(PREPEND, [keys.webhookAttempts(id)], [JSON.stringify(attempt), String(ATTEMPTS_KEPT)]);
  }

  readAttempts(id: string, limit: number): Promise<WebhookAttempt[]> {
    return this.range<WebhookAttempt>(keys.webhookAttempts(id), 0, limit - 1);
  }

  async addDeadLetter(id: string, letter: WebhookDeadLetter): Promise<void> {
    await this.redis.script(PREPEND, [keys.webhookDead(id)], [JSON.stringify(letter), String(DEAD_LETTERS_KEPT)]);
    await this.redis.replicated(keys.webhookDead(id));
  }

  readDeadLetters(id: string, limit: number): Promise<WebhookDeadLetter[]> {
    return this.range<WebhookDeadLetter>(keys.webhookDead(id), 0, limit - 1);
  }

  async requeueDeadLetters(id: string): Promise<number> {
    const moved = Number(await this.redis.script(REQUEUE, [keys.webhookDead(id), keys.webhookReplay(id)], [String(DEAD_LETTERS_KEPT)]));
    await this.redis.replicated(keys.webhookReplay(id));
    return moved;
  }

  async nextReplay(id: string): Promise<WebhookDeadLetter | undefined> {
    const [next] = await this.range<WebhookDeadLetter>(keys.webhookReplay(id), 0, 0);
    return next;
  }

  async finishReplay(id: string, eventId: string): Promise<boolean> {
    return (await this.redis.script(FINISH_REPLAY, [keys.webhookReplay(id)], [eventId])) === 1;
  }

  /** Entries written by this store; one that does not parse (written by hand) is skipped. */
  private async range<T>(key: string, start: number, stop: number): Promise<T[]> {
    if (stop < start) return [];
    const values = (await this.redis.command(key, ['LRANGE', key, String(start), String(stop)])) as string[];
    return values.map(parseJson).filter((value): value is T => typeof value === 'object' && value !== null);
  }

  private parse(id: string, json: string): WebhookEndpoint | undefined {
    const parsed = storedWebhookSchema.safeParse(parseJson(json));
    if (parsed.success && parsed.data.id === id) return parsed.data;
    this.logger.error({ key: `${keys.webhooks} ${id}`, problem: parsed.error?.issues[0]?.message ?? 'id does not match its field' }, 'ignoring a malformed webhook endpoint');
    return undefined;
  }
}
