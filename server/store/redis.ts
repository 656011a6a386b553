import { createHash } from 'node:crypto';
import { createClient, ErrorReply, type RedisClientType } from 'redis';
import { storedKeySchema, type StoredKey } from '../auth/keys.js';
import type { StoredChannel } from '../channels/record.js';
import { storedChannelSchema } from '../channels/schema.js';
import { storedPartnerSchema, type Partner } from '../partners/partner.js';
import { headlineOrder } from '../headlines/order.js';
import { coerceChange, coerceHeadline } from '../headlines/coerce.js';
import type { Logger } from '../logger.js';
import type { Change, Headline, Snapshot } from '../protocol.js';
import * as scripts from './redis-scripts.js';
import {
  DEFAULT_LIMITS,
  IdempotencyKeyReusedError,
  LIVE_REPORT_MS,
  USAGE_DAYS,
  type PartnerDayUsage,
  type PartnerUsageIncrement,
  StoreUnavailableError,
  type AuditEntry,
  type ChangeBatch,
  type ChangesSince,
  type HeadlineStore,
  type IdempotencyRequest,
  type PublishResult,
  type StoreLimits,
} from './store.js';

/** The key layout, documented in the README for systems that read or write it directly. */
export const keys = {
  channels: 'ajel:channels',
  expiring: 'ajel:expiring',
  audit: 'ajel:audit',
  storedKeys: 'ajel:keys',
  /** Hash of partner id → partner JSON; with its version in one slot (`{partners}`). */
  partners: 'ajel:{partners}',
  partnersVersion: 'ajel:{partners}:version',
  /** A partner's counts of one day (`connections`, `deliveries`) and its distinct pages (HyperLogLog). */
  partnerUsage: (partner: string, day: string) => `ajel:{partner:${partner}}:usage:${day}`,
  partnerPages: (partner: string, day: string) => `ajel:{partner:${partner}}:pages:${day}`,
  /** Node id → `readers:at` (ms) of a partner's live readers. */
  partnerLive: (partner: string) => `ajel:{partner:${partner}}:live`,
  items: (channel: string) => `ajel:ch:${channel}:items`,
  order: (channel: string) => `ajel:ch:${channel}:order`,
  expiry: (channel: string) => `ajel:ch:${channel}:expiry`,
  log: (channel: string) => `ajel:ch:${channel}:log`,
  /** The channel's record (title, language, link, label...): JSON of `StoredChannel`. */
  record: (channel: string) => `ajel:ch:${channel}:meta`,
  /** One caller's key (SHA-256 of the JSON `[actor, key]`): two callers' keys never meet. */
  idempotency: (channel: string, actor: string, key: string) =>
    `ajel:ch:${channel}:idem:${createHash('sha256').update(JSON.stringify([actor, key])).digest('hex')}`,
};

const LOG_KEY = /^ajel:ch:([a-z0-9-]+):log$/;

type Reply = string | number | null | Reply[];
type StreamEntry = [string, string[]];

function fieldsOf(flat: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
  return fields;
}

/** Written by hand or by other systems: what does not parse is nothing. */
function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function backoff(retries: number): number {
  return Math.min(100 * 2 ** retries, 5000) + Math.floor(Math.random() * 100);
}

export class RedisStore implements HeadlineStore {
  readonly kind = 'redis';
  readonly limits: StoreLimits;
  private readonly shas = new Map<string, string>();
  private readerId: number | undefined;

  private constructor(
    private readonly client: RedisClientType,
    /** A second connection for the blocking XREAD, so it never holds up writes. */
    private readonly reader: RedisClientType,
    limits: StoreLimits,
    private readonly logger: Logger,
  ) {
    this.limits = limits;
  }

  /**
   * Connects both connections. Does not wait for Redis to be up: the clients keep reconnecting
   * with backoff, and every call fails fast with StoreUnavailableError meanwhile.
   */
  static create(url: string, logger: Logger, limits: Partial<StoreLimits> = {}): RedisStore {
    const options = {
      url,
      disableOfflineQueue: true,
      pingInterval: 5000,
      socket: { connectTimeout: 3000, reconnectStrategy: backoff },
    };
    const client = createClient(options) as RedisClientType;
    const reader = createClient(options) as RedisClientType;
    const store = new RedisStore(client, reader, { ...DEFAULT_LIMITS, ...limits }, logger);
    let down = false;
    for (const [name, connection] of [['writer', client], ['reader', reader]] as const) {
      connection.on('error', (error: Error) => {
        if (!down) logger.warn({ err: error.message, connection: name }, 'redis connection lost; reconnecting');
        down = true;
      });
      connection.on('ready', () => {
        if (down) logger.info({ connection: name }, 'redis connection back');
        down = false;
      });
    }
    reader.on('ready', () => {
      reader.sendCommand<number>(['CLIENT', 'ID']).then(
        (id) => (store.readerId = id),
        () => undefined,
      );
    });
    client.connect().catch(() => undefined);
    reader.connect().catch(() => undefined);
    return store;
  }

  async addChannels(channels: string[]): Promise<void> {
    if (channels.length > 0) await this.command(['SADD', keys.channels, ...channels]);
  }

  async hasChannel(channel: string): Promise<boolean> {
    return (await this.command(['SISMEMBER', keys.channels, channel])) === 1;
  }

  async listChannels(): Promise<string[]> {
    return ((await this.command(['SMEMBERS', keys.channels])) as string[]).sort();
  }

  async readChannelRecords(channels: string[]): Promise<Map<string, StoredChannel>> {
    const values = await Promise.all(channels.map((channel) => this.command(['GET', keys.record(channel)]) as Promise<string | null>));
    const found = new Map<string, StoredChannel>();
    channels.forEach((channel, i) => {
      const record = this.parseChannelRecord(channel, values[i]);
      if (record) found.set(channel, record);
    });
    return found;
  }

  async createChannel(record: StoredChannel): Promise<'created' | 'exists'> {
    return (await this.script(scripts.CREATE_CHANNEL, [keys.channels, keys.record(record.channel)], [record.channel, JSON.stringify(record)])) as
      'created' | 'exists';
  }

  async writeChannelRecord(record: StoredChannel, expectedRev: number): Promise<'written' | 'conflict' | 'missing'> {
    return (await this.script(
      scripts.WRITE_CHANNEL_RECORD,
      [keys.channels, keys.record(record.channel)],
      [record.channel, JSON.stringify(record), String(expectedRev)],
    )) as 'written' | 'conflict' | 'missing';
  }

  async snapshot(channel: string): Promise<Snapshot> {
    const [cursor, values] = (await this.script(scripts.SNAPSHOT, [keys.items(channel), keys.log(channel)], [])) as [string, string[]];
    const headlines = values.map(coerceHeadline).filter((headline): headline is Headline => !!headline);
    return { channel, cursor, headlines: headlines.sort(headlineOrder) };
  }

  async getHeadline(channel: string, id: string): Promise<Headline | undefined> {
    const json = (await this.command(['HGET', keys.items(channel), id])) as string | null;
    return json === null ? undefined : coerceHeadline(json);
  }

  async changesSince(channel: string, cursor: string, limit = 1000): Promise<ChangesSince> {
    const reply = (await this.script(scripts.CHANGES_SINCE, [keys.log(channel)], [cursor, String(limit)])) as [string, StreamEntry[]?];
    if (reply[0] === 'stale') return { kind: 'stale' };
    const entries = reply[1] ?? [];
    return {
      kind: 'changes',
      cursor: entries.at(-1)?.[0] ?? cursor,
      changes: this.toChanges(channel, entries),
    };
  }

  async readChanges(positions: ReadonlyMap<string, string>, blockMs: number): Promise<ChangeBatch> {
    if (positions.size === 0) return { changes: [], readTo: new Map() };
    const streams = [...positions.keys()].map(keys.log);
    const reply = await this.guard(() =>
      this.reader.sendCommand<[string, StreamEntry[]][] | null>([
        'XREAD', 'COUNT', '1000', ...(blockMs > 0 ? ['BLOCK', String(blockMs)] : []), 'STREAMS', ...streams, ...positions.values(),
      ]),
    );
    const changes: Change[] = [];
    const readTo = new Map<string, string>();
    for (const [key, entries] of reply ?? []) {
      const channel = LOG_KEY.exec(key)?.[1];
      if (!channel || entries.length === 0) continue;
      changes.push(...this.toChanges(channel, entries));
      readTo.set(channel, entries.at(-1)![0]);
    }
    return { changes, readTo };
  }

  interruptRead(): void {
    if (this.readerId !== undefined && this.client.isReady) {
      this.client.sendCommand(['CLIENT', 'UNBLOCK', String(this.readerId)]).catch(() => undefined);
    }
  }

  async publish(channel: string, headline: Headline, options: { idempotency?: IdempotencyRequest; actor: string }): Promise<PublishResult> {
    const json = JSON.stringify(headline);
    const { idempotency } = options;
    const keyList = this.writeKeys(channel);
    if (idempotency) keyList.push(keys.idempotency(channel, options.actor, idempotency.key));
    const reply = (await this.script(scripts.PUBLISH, keyList, [
      ...this.writeArgs(channel, options.actor),
      headline.id,
      json,
      String(Date.parse(headline.publishedAt)),
      headline.expiresAt ? String(Date.parse(headline.expiresAt)) : '',
      String(this.limits.maxHeadlines),
      idempotency ? String(this.limits.idempotencySeconds) : '',
      idempotency ? idempotency.digest : '',
    ])) as [string, string?];
    if (reply[0] === 'reused') throw new IdempotencyKeyReusedError();
    if (reply[0] === 'replayed') {
      const earlier = JSON.parse(reply[1]!) as { cursor: string; headline: Headline };
      return { headline: earlier.headline, cursor: earlier.cursor, replayed: true };
    }
    return { headline, cursor: reply[1]!, replayed: false };
  }

  async replace(channel: string, headline: Headline, expectedRev: number, actor: string) {
    const reply = (await this.script(scripts.REPLACE, this.writeKeys(channel), [
      ...this.writeArgs(channel, actor),
      headline.id,
      JSON.stringify(headline),
      String(expectedRev),
      headline.expiresAt ? String(Date.parse(headline.expiresAt)) : '',
    ])) as [string, string?];
    if (reply[0] === 'missing' || reply[0] === 'conflict') return reply[0];
    return { cursor: reply[1]! };
  }

  async retract(channel: string, id: string, actor: string) {
    const reply = (await this.script(scripts.RETRACT, this.writeKeys(channel), [...this.writeArgs(channel, actor), id])) as [string, string?];
    if (reply[0] === 'missing') return 'missing' as const;
    return { cursor: reply[1]! };
  }

  async expireDue(now: number): Promise<number> {
    const channels = (await this.command(['ZRANGEBYSCORE', keys.expiring, '-inf', String(now)])) as string[];
    let expired = 0;
    for (const channel of channels) {
      expired += (await this.script(scripts.EXPIRE, this.writeKeys(channel), [...this.writeArgs(channel, 'system'), String(now)])) as number;
    }
    return expired;
  }

  async readAudit(options: { channels?: string[]; limit: number }): Promise<AuditEntry[]> {
    const wanted = options.channels && new Set(options.channels);
    const entries: AuditEntry[] = [];
    let end = '+';
    while (entries.length < options.limit) {
      const batch = (await this.command(['XREVRANGE', keys.audit, end, '-', 'COUNT', '500'])) as StreamEntry[];
      for (const [cursorOfEntry, flat] of batch) {
        end = `(${cursorOfEntry}`;
        const fields = fieldsOf(flat);
        if (wanted && !wanted.has(fields.channel)) continue;
        const entry: AuditEntry = {
          at: fields.at,
          actor: fields.actor,
          action: fields.action as AuditEntry['action'],
          channel: fields.channel,
          id: fields.id,
          cursor: fields.cursor,
        };
        if (fields.text) entry.text = fields.text;
        entries.push(entry);
        if (entries.length === options.limit) break;
      }
      if (batch.length < 500) break;
    }
    return entries;
  }

  async findStoredKey(hashHex: string): Promise<StoredKey | undefined> {
    const json = (await this.command(['HGET', keys.storedKeys, hashHex])) as string | null;
    if (json === null) return undefined;
    const parsed = storedKeySchema.safeParse(parseJson(json));
    if (parsed.success) return parsed.data;
    // An operator's typo must not grant more than it says, nor fail every request that presents the key.
    this.logger.error({ key: `${keys.storedKeys} ${hashHex.slice(0, 8)}…`, problem: parsed.error.issues[0]?.message }, 'ignoring a malformed stored key');
    return undefined;
  }

  async createPartner(partner: Partner): Promise<'created' | 'exists'> {
    const reply = await this.script(scripts.PUT_PARTNER, [keys.partners, keys.partnersVersion], [partner.id, JSON.stringify(partner), '']);
    return reply === 'exists' ? 'exists' : 'created';
  }

  async replacePartner(partner: Partner, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    const reply = await this.script(scripts.PUT_PARTNER, [keys.partners, keys.partnersVersion], [partner.id, JSON.stringify(partner), String(expectedRev)]);
    return reply === 'ok' ? 'replaced' : (reply as 'conflict' | 'missing');
  }

  async getPartner(id: string): Promise<Partner | undefined> {
    const json = (await this.command(['HGET', keys.partners, id])) as string | null;
    return json === null ? undefined : this.parsePartner(id, json);
  }

  async listPartners(): Promise<Partner[]> {
    const flat = (await this.command(['HGETALL', keys.partners])) as string[];
    const partners: Partner[] = [];
    for (const [id, json] of Object.entries(fieldsOf(flat))) {
      const partner = this.parsePartner(id, json);
      if (partner) partners.push(partner);
    }
    return partners.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async partnersVersion(): Promise<number> {
    return Number((await this.command(['GET', keys.partnersVersion])) ?? 0);
  }

  async addPartnerUsage(partner: string, day: string, usage: PartnerUsageIncrement): Promise<void> {
    const counts = keys.partnerUsage(partner, day);
    const pages = keys.partnerPages(partner, day);
    const ttl = String(USAGE_DAYS * 86_400);
    await this.command(['HINCRBY', counts, 'connections', String(usage.connections)]);
    await this.command(['HINCRBY', counts, 'deliveries', String(usage.deliveries)]);
    await this.command(['EXPIRE', counts, ttl]);
    if (usage.pages.length > 0) {
      await this.command(['PFADD', pages, ...usage.pages]);
      await this.command(['EXPIRE', pages, ttl]);
    }
  }

  async readPartnerUsage(partner: string, days: string[]): Promise<PartnerDayUsage[]> {
    return Promise.all(days.map(async (day) => {
      const counts = fieldsOf((await this.command(['HGETALL', keys.partnerUsage(partner, day)])) as string[]);
      const pages = Number(await this.command(['PFCOUNT', keys.partnerPages(partner, day)]));
      return { day, connections: Number(counts.connections ?? 0), deliveries: Number(counts.deliveries ?? 0), pages };
    }));
  }

  async reportLiveReaders(node: string, readers: ReadonlyMap<string, number>, at: number): Promise<void> {
    for (const [partner, count] of readers) await this.command(['HSET', keys.partnerLive(partner), node, `${count}:${at}`]);
  }

  async liveReaders(partner: string, now: number): Promise<number> {
    const reports = fieldsOf((await this.command(['HGETALL', keys.partnerLive(partner)])) as string[]);
    let total = 0;
    for (const [node, report] of Object.entries(reports)) {
      const [readers, at] = report.split(':').map(Number);
      if (at + LIVE_REPORT_MS >= now) total += readers || 0;
      else await this.command(['HDEL', keys.partnerLive(partner), node]);
    }
    return total;
  }

  /** A partner entry written by hand that does not parse grants nothing, and is logged. */
  private parsePartner(id: string, json: string): Partner | undefined {
    const parsed = storedPartnerSchema.safeParse(parseJson(json));
    if (parsed.success && parsed.data.id === id) return parsed.data as Partner;
    this.logger.error({ key: `${keys.partners} ${id}`, problem: parsed.error?.issues[0]?.message ?? 'id does not match its field' }, 'ignoring a malformed partner');
    return undefined;
  }

  async ping(): Promise<void> {
    await this.command(['PING']);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.close(), this.reader.destroy()]);
  }

  /** A record another system wrote badly reads as none (the channel's defaults), and is logged. */
  private parseChannelRecord(channel: string, json: string | null): StoredChannel | undefined {
    if (json === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      value = undefined;
    }
    const parsed = storedChannelSchema.safeParse(value);
    if (parsed.success && parsed.data.channel === channel) return parsed.data;
    this.logger.error({ key: keys.record(channel), problem: parsed.error?.issues[0]?.message ?? 'names another channel' }, 'ignoring a malformed channel record');
    return undefined;
  }

  private writeKeys(channel: string): string[] {
    return [keys.items(channel), keys.order(channel), keys.expiry(channel), keys.log(channel), keys.expiring, keys.audit];
  }

  private writeArgs(channel: string, actor: string): string[] {
    return [channel, new Date().toISOString(), actor, String(this.limits.logLength), String(this.limits.auditLength)];
  }

  private toChanges(channel: string, entries: StreamEntry[]): Change[] {
    const changes: Change[] = [];
    for (const [cursor, flat] of entries) {
      const change = coerceChange(channel, cursor, fieldsOf(flat));
      if (change) changes.push(change);
    }
    return changes;
  }

  private command(args: string[]): Promise<Reply> {
    return this.guard(() => this.client.sendCommand<Reply>(args));
  }

  /** Runs a script by its SHA, loading it on first use and again after Redis lost its script cache. */
  private async script(source: string, keyList: string[], args: string[]): Promise<Reply> {
    let sha = this.shas.get(source);
    if (!sha) {
      sha = (await this.command(['SCRIPT', 'LOAD', source])) as string;
      this.shas.set(source, sha);
    }
    try {
      return await this.command(['EVALSHA', sha, String(keyList.length), ...keyList, ...args]);
    } catch (error) {
      if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.command(['EVAL', source, String(keyList.length), ...keyList, ...args]);
    }
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ErrorReply) throw error;
      throw new StoreUnavailableError(error);
    }
  }
}
