import { createHash, randomUUID } from 'node:crypto';
import { ErrorReply } from 'redis';
import { z } from 'zod';
import { storedKeySchema, type StoredKey } from '../auth/keys.js';
import type { StoredChannel } from '../channels/record.js';
import { storedChannelSchema } from '../channels/schema.js';
import { compareCursors } from '../cursor.js';
import type { PollState, SeenItem, Source } from '../ingest/source.js';
import { storedPartnerSchema, type Partner } from '../partners/partner.js';
import { headlineOrder } from '../headlines/order.js';
import { coerceChange, coerceHeadline } from '../headlines/coerce.js';
import type { Logger } from '../logger.js';
import type { Change, Headline, ScheduledHeadline, Snapshot } from '../protocol.js';
import { connectRedis, type RedisConnection, type RedisDurability, type RedisTopology, type Reply } from './redis-connection.js';
import { keys } from './redis-keys.js';
import { upgradeLayout } from './redis-layout.js';
import type { StreamEntry } from './redis-log-readers.js';
import { RedisSchedule } from './redis-schedule.js';
import * as scripts from './redis-scripts.js';
import { RedisSources } from './redis-sources.js';
import * as workScripts from './redis-work-scripts.js';
import { ADD_PUSH_SUBSCRIPTION, REMOVE_PUSH_SUBSCRIPTION, shardRange } from './redis-push.js';
import { pushSubscriptionRecordSchema, type PushSubscriptionRecord } from '../push/subscription.js';
import { RedisWebhooks } from './redis-webhooks.js';
import type { WebhookAttempt, WebhookDeadLetter, WebhookEndpoint } from '../webhooks/endpoint.js';
import {
  DEFAULT_LIMITS,
  IdempotencyKeyReusedError,
  LIVE_REPORT_MS,
  StoreUnavailableError,
  USAGE_DAYS,
  type PartnerDayUsage,
  type PartnerUsageIncrement,
  type AuditEntry,
  type ChangeBatch,
  type ChangesSince,
  type HeadlineCountBatch,
  type HeadlineCounts,
  type HeadlineStore,
  type IdempotencyRequest,
  type PublishResult,
  type StoreLimits,
  type WorkItem,
} from './store.js';

export { keys } from './redis-keys.js';

/** How often each node re-reads every channel's next expiry into `ajel:{expiring}` (and once at its first sweep). */
const DUE_REPAIR_MS = 60_000;
/** Audit entries read per channel at a time while merging the channels' audit logs. */
const AUDIT_PAGE = 200;

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

const readerCountsSchema = z.object({ seen: z.number().int().nonnegative(), clicked: z.number().int().nonnegative() });
const headlineCountsSchema = readerCountsSchema.extend({ partners: z.record(z.string(), readerCountsSchema) });

const sha1 = (source: string) => createHash('sha1').update(source).digest('hex');

export interface RedisStoreOptions {
  /** Move data found in the key layout of earlier versions at `prepare()`, instead of refusing to start. */
  migrate?: boolean;
  /** Replicas each acknowledged write must reach first; none by default. */
  durability?: RedisDurability;
}

export class RedisStore implements HeadlineStore {
  readonly kind = 'redis';
  readonly limits: StoreLimits;
  private readonly shas = new Map<string, string>();
  /** When the next sweep re-reads every channel's next expiry; the first sweep does at once. */
  private nextDueRepair = 0;
  private readonly webhooks: RedisWebhooks;
  private readonly sources: RedisSources;
  private readonly schedule: RedisSchedule;

  private constructor(
    private readonly redis: RedisConnection,
    limits: StoreLimits,
    private readonly logger: Logger,
    private readonly options: RedisStoreOptions,
  ) {
    this.limits = limits;
    this.webhooks = new RedisWebhooks(
      { command: (key, args) => this.command(key, args), script: (source, keyList, args) => this.script(source, keyList, args), replicated: (key) => this.replicated(key) },
      logger,
    );
    this.sources = new RedisSources(
      (key, args) => this.command(key, args),
      (source, keyList, args) => this.script(source, keyList, args),
      (key) => this.replicated(key),
      logger,
    );
    this.schedule = new RedisSchedule({
      script: (source, keyList, args) => this.script(source, keyList, args),
      command: (key, args) => this.command(key, args),
      replicated: (key) => this.replicated(key),
      auditLength: limits.auditLength,
      logger,
    });
  }

  /**
   * Connects to a single Redis (a URL) or to the topology given. Does not wait for Redis to be up:
   * the clients keep reconnecting with backoff, and every call fails fast with StoreUnavailableError meanwhile.
   */
  static create(target: string | RedisTopology, logger: Logger, limits: Partial<StoreLimits> = {}, options: RedisStoreOptions = {}): RedisStore {
    const topology: RedisTopology = typeof target === 'string' ? { mode: 'single', url: target } : target;
    return new RedisStore(connectRedis(topology, logger), { ...DEFAULT_LIMITS, ...limits }, logger, options);
  }

  async prepare(): Promise<void> {
    await upgradeLayout(this.redis, this.logger, { migrate: this.options.migrate ?? false, noteDue: (channel) => this.repairDue(channel) });
  }

  /** Indexes the channels first, then registers each in its own slot: an index entry without a registration is not listed. */
  async addChannels(channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    await this.command(keys.channels, ['SADD', keys.channels, ...channels]);
    await Promise.all(channels.map((channel) => this.command(keys.registered(channel), ['SET', keys.registered(channel), '1'])));
  }

  async hasChannel(channel: string): Promise<boolean> {
    return (await this.command(keys.registered(channel), ['EXISTS', keys.registered(channel)])) === 1;
  }

  async listChannels(): Promise<string[]> {
    const indexed = (await this.command(keys.channels, ['SMEMBERS', keys.channels])) as string[];
    const registered = await Promise.all(indexed.map((channel) => this.hasChannel(channel)));
    return indexed.filter((_, i) => registered[i]).sort();
  }

  async readChannelRecords(channels: string[]): Promise<Map<string, StoredChannel>> {
    const values = await Promise.all(channels.map((channel) => this.command(keys.record(channel), ['GET', keys.record(channel)]) as Promise<string | null>));
    const found = new Map<string, StoredChannel>();
    channels.forEach((channel, i) => {
      const record = this.parseChannelRecord(channel, values[i]);
      if (record) found.set(channel, record);
    });
    return found;
  }

  async createChannel(record: StoredChannel): Promise<'created' | 'exists'> {
    await this.command(keys.channels, ['SADD', keys.channels, record.channel]);
    const created = (await this.script(scripts.CREATE_CHANNEL, [keys.registered(record.channel), keys.record(record.channel)], [JSON.stringify(record)])) as
      'created' | 'exists';
    await this.replicated(keys.record(record.channel));
    return created;
  }

  async writeChannelRecord(record: StoredChannel, expectedRev: number): Promise<'written' | 'conflict' | 'missing'> {
    const written = (await this.script(
      scripts.WRITE_CHANNEL_RECORD,
      [keys.registered(record.channel), keys.record(record.channel)],
      [record.channel, JSON.stringify(record), String(expectedRev)],
    )) as 'written' | 'conflict' | 'missing';
    if (written === 'written') await this.replicated(keys.record(record.channel));
    return written;
  }

  async snapshot(channel: string): Promise<Snapshot> {
    const [cursor, values] = (await this.script(scripts.SNAPSHOT, [keys.items(channel), keys.log(channel)], [])) as [string, string[]];
    const headlines = values.map(coerceHeadline).filter((headline): headline is Headline => !!headline);
    return { channel, cursor, headlines: headlines.sort(headlineOrder) };
  }

  async getHeadline(channel: string, id: string): Promise<Headline | undefined> {
    const json = (await this.command(keys.items(channel), ['HGET', keys.items(channel), id])) as string | null;
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
    const changes: Change[] = [];
    const readTo = new Map<string, string>();
    for (const [channel, entries] of await this.redis.logs.read(positions, blockMs)) {
      if (entries.length === 0) continue;
      changes.push(...this.toChanges(channel, entries));
      readTo.set(channel, entries.at(-1)![0]);
    }
    return { changes, readTo };
  }

  interruptRead(): void {
    this.redis.logs.interrupt();
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
    ])) as string[];
    if (reply[0] === 'reused') throw new IdempotencyKeyReusedError();
    // A replay waits too: the retry of a write that timed out waiting is answered only once the write is safe.
    await this.replicated(keyList[0]);
    if (reply[0] === 'replayed') {
      const earlier = JSON.parse(reply[1]) as { cursor: string; headline: Headline };
      return { headline: earlier.headline, cursor: earlier.cursor, replayed: true };
    }
    await this.noteDue(channel, reply[2], reply[3]);
    return { headline, cursor: reply[1], replayed: false };
  }

  async replace(channel: string, headline: Headline, expectedRev: number, actor: string) {
    const reply = (await this.script(scripts.REPLACE, this.writeKeys(channel), [
      ...this.writeArgs(channel, actor),
      headline.id,
      JSON.stringify(headline),
      String(expectedRev),
      headline.expiresAt ? String(Date.parse(headline.expiresAt)) : '',
    ])) as string[];
    if (reply[0] === 'missing' || reply[0] === 'conflict') return reply[0];
    await this.replicated(keys.log(channel));
    await this.noteDue(channel, reply[2], reply[3]);
    return { cursor: reply[1] };
  }

  async retract(channel: string, id: string, actor: string) {
    const reply = (await this.script(scripts.RETRACT, this.writeKeys(channel), [...this.writeArgs(channel, actor), id])) as string[];
    if (reply[0] === 'missing') return 'missing' as const;
    await this.replicated(keys.log(channel));
    await this.noteDue(channel, reply[2], reply[3]);
    return { cursor: reply[1] };
  }

  /**
   * Sweeps the channels `ajel:{expiring}` says are due, each in its own slot, then writes what each
   * sweep found back. Once a minute, and at a node's first sweep, it also re-reads every channel's
   * next expiry into the index: that repairs an entry a writer did not get to note (it died between
   * its write and the note), so such a headline expires late by at most that minute, never not at all.
   */
  async expireDue(now: number): Promise<number> {
    if (Date.now() >= this.nextDueRepair) {
      await Promise.all((await this.listChannels()).map((channel) => this.repairDue(channel)));
      this.nextDueRepair = Date.now() + DUE_REPAIR_MS;
    }
    const channels = (await this.command(keys.expiring, ['ZRANGEBYSCORE', keys.expiring, '-inf', String(now)])) as string[];
    let expired = 0;
    for (const channel of channels) {
      const [count, view, due] = (await this.script(scripts.EXPIRE, this.writeKeys(channel), [...this.writeArgs(channel, 'system'), String(now)])) as [number, string, string];
      expired += count;
      await this.noteDue(channel, view, due);
    }
    return expired;
  }

  /**
   * Every channel's audit log, newest first: each channel's own (written in the same step as the
   * change), merged by entry id, reading a page of each at a time.
   */
  async readAudit(options: { channels?: string[]; limit: number }): Promise<AuditEntry[]> {
    const channels = options.channels ?? (await this.listChannels());
    const sources = channels.map((channel) => ({ channel, key: keys.audit(channel), page: [] as StreamEntry[], end: '+', more: true }));
    const fill = async (source: (typeof sources)[number]) => {
      source.page = (await this.command(source.key, ['XREVRANGE', source.key, source.end, '-', 'COUNT', String(AUDIT_PAGE)])) as StreamEntry[];
      source.more = source.page.length === AUDIT_PAGE;
      if (source.page.length > 0) source.end = `(${source.page.at(-1)![0]}`;
    };
    await Promise.all(sources.map(fill));
    const entries: AuditEntry[] = [];
    while (entries.length < options.limit) {
      let newest: (typeof sources)[number] | undefined;
      for (const source of sources) {
        if (source.page.length > 0 && (!newest || compareCursors(source.page[0][0], newest.page[0][0]) > 0)) newest = source;
      }
      if (!newest) break;
      const fields = fieldsOf(newest.page.shift()![1]);
      const entry: AuditEntry = {
        at: fields.at,
        actor: fields.actor,
        action: fields.action as AuditEntry['action'],
        channel: newest.channel,
        id: fields.id,
        cursor: fields.cursor,
      };
      if (fields.text) entry.text = fields.text;
      entries.push(entry);
      if (newest.page.length === 0 && newest.more) await fill(newest);
    }
    return entries;
  }

  async findStoredKey(hashHex: string): Promise<StoredKey | undefined> {
    const json = (await this.command(keys.storedKeys, ['HGET', keys.storedKeys, hashHex])) as string | null;
    if (json === null) return undefined;
    const parsed = storedKeySchema.safeParse(parseJson(json));
    if (parsed.success) return parsed.data;
    // An operator's typo must not grant more than it says, nor fail every request that presents the key.
    this.logger.error({ key: `${keys.storedKeys} ${hashHex.slice(0, 8)}…`, problem: parsed.error.issues[0]?.message }, 'ignoring a malformed stored key');
    return undefined;
  }

  async createPartner(partner: Partner): Promise<'created' | 'exists'> {
    const reply = await this.script(scripts.PUT_PARTNER, [keys.partners, keys.partnersVersion], [partner.id, JSON.stringify(partner), '']);
    if (reply === 'exists') return 'exists';
    await this.replicated(keys.partners);
    return 'created';
  }

  async replacePartner(partner: Partner, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    const reply = await this.script(scripts.PUT_PARTNER, [keys.partners, keys.partnersVersion], [partner.id, JSON.stringify(partner), String(expectedRev)]);
    if (reply !== 'ok') return reply as 'conflict' | 'missing';
    await this.replicated(keys.partners);
    return 'replaced';
  }

  async getPartner(id: string): Promise<Partner | undefined> {
    const json = (await this.command(keys.partners, ['HGET', keys.partners, id])) as string | null;
    return json === null ? undefined : this.parsePartner(id, json);
  }

  async listPartners(): Promise<Partner[]> {
    const flat = (await this.command(keys.partners, ['HGETALL', keys.partners])) as string[];
    const partners: Partner[] = [];
    for (const [id, json] of Object.entries(fieldsOf(flat))) {
      const partner = this.parsePartner(id, json);
      if (partner) partners.push(partner);
    }
    return partners.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async partnersVersion(): Promise<number> {
    return Number((await this.command(keys.partnersVersion, ['GET', keys.partnersVersion])) ?? 0);
  }

  async addPartnerUsage(partner: string, day: string, usage: PartnerUsageIncrement): Promise<void> {
    const counts = keys.partnerUsage(partner, day);
    const pages = keys.partnerPages(partner, day);
    const ttl = String(USAGE_DAYS * 86_400);
    await this.command(counts, ['HINCRBY', counts, 'connections', String(usage.connections)]);
    await this.command(counts, ['HINCRBY', counts, 'deliveries', String(usage.deliveries)]);
    await this.command(counts, ['EXPIRE', counts, ttl]);
    if (usage.pages.length > 0) {
      await this.command(pages, ['PFADD', pages, ...usage.pages]);
      await this.command(pages, ['EXPIRE', pages, ttl]);
    }
  }

  async readPartnerUsage(partner: string, days: string[]): Promise<PartnerDayUsage[]> {
    return Promise.all(days.map(async (day) => {
      const countsKey = keys.partnerUsage(partner, day);
      const pagesKey = keys.partnerPages(partner, day);
      const counts = fieldsOf((await this.command(countsKey, ['HGETALL', countsKey])) as string[]);
      const pages = Number(await this.command(pagesKey, ['PFCOUNT', pagesKey]));
      return { day, connections: Number(counts.connections ?? 0), deliveries: Number(counts.deliveries ?? 0), pages };
    }));
  }

  async reportLiveReaders(node: string, readers: ReadonlyMap<string, number>, at: number): Promise<void> {
    for (const [partner, count] of readers) await this.command(keys.partnerLive(partner), ['HSET', keys.partnerLive(partner), node, `${count}:${at}`]);
  }

  async liveReaders(partner: string, now: number): Promise<number> {
    const key = keys.partnerLive(partner);
    const reports = fieldsOf((await this.command(key, ['HGETALL', key])) as string[]);
    let total = 0;
    for (const [node, report] of Object.entries(reports)) {
      const [readers, at] = report.split(':').map(Number);
      if (at + LIVE_REPORT_MS >= now) total += readers || 0;
      else await this.command(key, ['HDEL', key, node]);
    }
    return total;
  }

  async addHeadlineCounts(channel: string, batch: HeadlineCountBatch, partner?: string): Promise<void> {
    await this.script(scripts.ADD_COUNTS, [keys.items(channel), keys.counts(channel)], [partner ?? '', JSON.stringify(batch)]);
  }

  async readHeadlineCounts(channel: string): Promise<Map<string, HeadlineCounts>> {
    const key = keys.counts(channel);
    const stored = fieldsOf((await this.command(key, ['HGETALL', key])) as string[]);
    const counts = new Map<string, HeadlineCounts>();
    for (const [id, json] of Object.entries(stored)) {
      const parsed = headlineCountsSchema.safeParse(parseJson(json));
      if (parsed.success) counts.set(id, parsed.data);
      else this.logger.error({ key: `${key} ${id}` }, 'ignoring malformed headline counts');
    }
    return counts;
  }

  /** A partner entry written by hand that does not parse grants nothing, and is logged. */
  private parsePartner(id: string, json: string): Partner | undefined {
    const parsed = storedPartnerSchema.safeParse(parseJson(json));
    if (parsed.success && parsed.data.id === id) return parsed.data as Partner;
    this.logger.error({ key: `${keys.partners} ${id}`, problem: parsed.error?.issues[0]?.message ?? 'id does not match its field' }, 'ignoring a malformed partner');
    return undefined;
  }

  createSource(source: Source): Promise<'created' | 'exists'> {
    return this.sources.create(source);
  }

  replaceSource(source: Source, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    return this.sources.replace(source, expectedRev);
  }

  getSource(id: string): Promise<Source | undefined> {
    return this.sources.get(id);
  }

  listSources(): Promise<Source[]> {
    return this.sources.list();
  }

  deleteSource(id: string): Promise<boolean> {
    return this.sources.delete(id);
  }

  readPollState(id: string): Promise<PollState | undefined> {
    return this.sources.readState(id);
  }

  writePollState(id: string, state: PollState): Promise<void> {
    return this.sources.writeState(id, state);
  }

  readSeenItems(id: string): Promise<SeenItem[]> {
    return this.sources.readSeen(id);
  }

  recordSeenItems(id: string, items: SeenItem[]): Promise<void> {
    return this.sources.recordSeen(id, items);
  }

  async scheduleWork(kind: string, id: string, dueAt: number, payload: string): Promise<void> {
    await this.script(workScripts.SCHEDULE, [keys.workDue(kind), keys.workItems(kind)], [id, String(dueAt), payload]);
    await this.replicated(keys.workDue(kind));
  }

  async cancelWork(kind: string, id: string): Promise<boolean> {
    const removed = (await this.script(workScripts.CANCEL, [keys.workDue(kind), keys.workItems(kind)], [id])) === 1;
    await this.replicated(keys.workDue(kind));
    return removed;
  }

  async getWork(kind: string, id: string): Promise<WorkItem | undefined> {
    const [json, due] = await Promise.all([
      this.command(keys.workItems(kind), ['HGET', keys.workItems(kind), id]) as Promise<string | null>,
      this.command(keys.workDue(kind), ['ZSCORE', keys.workDue(kind), id]) as Promise<string | null>,
    ]);
    const item = json === null || due === null ? undefined : (parseJson(json) as { payload?: unknown; attempts?: unknown; claim?: unknown } | undefined);
    if (typeof item?.payload !== 'string') return undefined;
    return { id, dueAt: Number(due), payload: item.payload, attempts: Number(item.attempts) || 0, claim: typeof item.claim === 'string' ? item.claim : '' };
  }

  async claimDueWork(kind: string, now: number, limit: number, leaseMs: number): Promise<WorkItem[]> {
    const flat = (await this.script(workScripts.CLAIM, [keys.workDue(kind), keys.workItems(kind)], [String(now), String(limit), String(leaseMs), randomUUID()])) as string[];
    const claimed: WorkItem[] = [];
    for (let i = 0; i + 4 < flat.length; i += 5) {
      claimed.push({ id: flat[i], dueAt: Number(flat[i + 1]), payload: flat[i + 2], attempts: Number(flat[i + 3]), claim: flat[i + 4] });
    }
    return claimed;
  }

  async completeWork(kind: string, item: Pick<WorkItem, 'id' | 'claim'>): Promise<boolean> {
    const completed = (await this.script(workScripts.COMPLETE, [keys.workDue(kind), keys.workItems(kind)], [item.id, item.claim])) === 1;
    await this.replicated(keys.workDue(kind));
    return completed;
  }

  async retryWork(kind: string, item: Pick<WorkItem, 'id' | 'claim'>, dueAt: number, payload?: string): Promise<boolean> {
    const args = [item.id, item.claim, String(dueAt), payload === undefined ? '0' : '1', payload ?? ''];
    const retried = (await this.script(workScripts.RETRY, [keys.workDue(kind), keys.workItems(kind)], args)) === 1;
    await this.replicated(keys.workDue(kind));
    return retried;
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.script(workScripts.ACQUIRE_LEASE, [keys.lease(name)], [owner, String(ttlMs)])) === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.script(workScripts.RELEASE_LEASE, [keys.lease(name)], [owner]);
  }

  async readConsumerCursor(consumer: string, channel: string): Promise<string | undefined> {
    const cursor = (await this.command(keys.consumerCursors(consumer), ['HGET', keys.consumerCursors(consumer), channel])) as string | null;
    return cursor ?? undefined;
  }

  async advanceConsumerCursor(consumer: string, channel: string, expected: string | undefined, next: string): Promise<boolean> {
    const advanced = (await this.script(workScripts.ADVANCE_CURSOR, [keys.consumerCursors(consumer)], [channel, expected ?? '', next])) === 1;
    await this.replicated(keys.consumerCursors(consumer));
    return advanced;
  }

  async dropConsumerCursors(consumer: string): Promise<void> {
    await this.command(keys.consumerCursors(consumer), ['DEL', keys.consumerCursors(consumer)]);
  }

  async addPushSubscription(channel: string, subscription: PushSubscriptionRecord, max: number): Promise<'added' | 'exists' | 'full'> {
    const added = (await this.script(ADD_PUSH_SUBSCRIPTION, [keys.pushSubscriptions(channel), keys.pushIds(channel)], [subscription.id, JSON.stringify(subscription), String(max)])) as 'added' | 'exists' | 'full';
    await this.replicated(keys.pushSubscriptions(channel));
    return added;
  }

  async removePushSubscription(channel: string, id: string): Promise<boolean> {
    const removed = (await this.script(REMOVE_PUSH_SUBSCRIPTION, [keys.pushSubscriptions(channel), keys.pushIds(channel)], [id])) === 1;
    await this.replicated(keys.pushSubscriptions(channel));
    return removed;
  }

  async countPushSubscriptions(channel: string): Promise<number> {
    return (await this.command(keys.pushSubscriptions(channel), ['HLEN', keys.pushSubscriptions(channel)])) as number;
  }

  async readPushSubscriptions(channel: string, shard: string, after: string, limit: number): Promise<PushSubscriptionRecord[]> {
    const [from, to] = shardRange(shard, after);
    const ids = (await this.command(keys.pushIds(channel), ['ZRANGE', keys.pushIds(channel), from, to, 'BYLEX', 'LIMIT', '0', String(limit)])) as string[];
    if (ids.length === 0) return [];
    const records = (await this.command(keys.pushSubscriptions(channel), ['HMGET', keys.pushSubscriptions(channel), ...ids])) as Array<string | null>;
    return records.flatMap((json) => {
      const parsed = json === null ? undefined : pushSubscriptionRecordSchema.safeParse(JSON.parse(json));
      return parsed?.success ? [parsed.data] : [];
    });
  }

  async markPushSent(channel: string, batch: string, ids: string[], ttlMs: number): Promise<void> {
    if (ids.length === 0) return;
    const key = keys.pushSent(channel, batch);
    await this.command(key, ['SADD', key, ...ids]);
    await this.command(key, ['PEXPIRE', key, String(ttlMs)]);
  }

  async unsentPushes(channel: string, batch: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const key = keys.pushSent(channel, batch);
    const marked = (await this.command(key, ['SMISMEMBER', key, ...ids])) as number[];
    return ids.filter((_, index) => marked[index] !== 1);
  }

  createWebhook(endpoint: WebhookEndpoint): Promise<'created' | 'exists' | 'full'> {
    return this.webhooks.create(endpoint);
  }

  replaceWebhook(endpoint: WebhookEndpoint, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    return this.webhooks.replace(endpoint, expectedRev);
  }

  getWebhook(id: string): Promise<WebhookEndpoint | undefined> {
    return this.webhooks.get(id);
  }

  listWebhooks(): Promise<WebhookEndpoint[]> {
    return this.webhooks.list();
  }

  removeWebhook(id: string): Promise<boolean> {
    return this.webhooks.remove(id);
  }

  recordWebhookAttempt(id: string, attempt: WebhookAttempt): Promise<void> {
    return this.webhooks.recordAttempt(id, attempt);
  }

  readWebhookAttempts(id: string, limit: number): Promise<WebhookAttempt[]> {
    return this.webhooks.readAttempts(id, limit);
  }

  addWebhookDeadLetter(id: string, letter: WebhookDeadLetter): Promise<void> {
    return this.webhooks.addDeadLetter(id, letter);
  }

  readWebhookDeadLetters(id: string, limit: number): Promise<WebhookDeadLetter[]> {
    return this.webhooks.readDeadLetters(id, limit);
  }

  requeueWebhookDeadLetters(id: string): Promise<number> {
    return this.webhooks.requeueDeadLetters(id);
  }

  nextWebhookReplay(id: string): Promise<WebhookDeadLetter | undefined> {
    return this.webhooks.nextReplay(id);
  }

  finishWebhookReplay(id: string, eventId: string): Promise<boolean> {
    return this.webhooks.finishReplay(id, eventId);
  }

  holdHeadline(held: ScheduledHeadline, maxPerChannel: number): Promise<'held' | 'full' | 'exists'> {
    return this.schedule.hold(held, maxPerChannel);
  }

  getHeld(channel: string, id: string): Promise<ScheduledHeadline | undefined> {
    return this.schedule.get(channel, id);
  }

  listHeld(channel: string): Promise<ScheduledHeadline[]> {
    return this.schedule.list(channel);
  }

  editHeld(held: ScheduledHeadline, expectedRev: number, actor: string): Promise<'edited' | 'conflict' | 'missing' | 'publishing'> {
    return this.schedule.edit(held, expectedRev, actor);
  }

  cancelHeld(channel: string, id: string, actor: string): Promise<'cancelled' | 'missing' | 'publishing'> {
    return this.schedule.cancel(channel, id, actor);
  }

  startPublishingHeld(channel: string, id: string, rev: number): Promise<ScheduledHeadline | 'conflict' | 'missing'> {
    return this.schedule.startPublishing(channel, id, rev);
  }

  releaseHeld(channel: string, id: string): Promise<void> {
    return this.schedule.release(channel, id);
  }

  async ping(): Promise<void> {
    await this.command(undefined, ['PING']);
  }

  async close(): Promise<void> {
    await this.redis.close();
  }

  /** A record another system wrote badly reads as none (the channel's defaults), and is logged. */
  private parseChannelRecord(channel: string, json: string | null): StoredChannel | undefined {
    if (json === null) return undefined;
    const parsed = storedChannelSchema.safeParse(parseJson(json));
    if (parsed.success && parsed.data.channel === channel) return parsed.data;
    this.logger.error({ key: keys.record(channel), problem: parsed.error?.issues[0]?.message ?? 'names another channel' }, 'ignoring a malformed channel record');
    return undefined;
  }

  /**
   * The second step of a write that moved the channel's next expiry: copies it into the global
   * `ajel:{expiring}` (another slot). The write itself is done and answered whatever happens here;
   * a note that cannot be written is left to the sweepers' repair.
   */
  private async noteDue(channel: string, view: string, due: string): Promise<void> {
    if (due === 'same') return;
    try {
      await this.script(scripts.NOTE_DUE, [keys.expiring, keys.expiringView], [channel, view, due]);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, channel }, "could not note the channel's next expiry; the next repair sweep will");
    }
  }

  /** Re-reads one channel's next expiry (in its slot) and notes it. */
  private async repairDue(channel: string): Promise<void> {
    const [view, due] = (await this.script(scripts.DUE, [keys.expiry(channel), keys.log(channel)], [])) as [string, string];
    await this.noteDue(channel, view, due);
  }

  private writeKeys(channel: string): string[] {
    return [keys.items(channel), keys.order(channel), keys.expiry(channel), keys.log(channel), keys.audit(channel), keys.counts(channel)];
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

  /**
   * Waits until this connection's writes so far are on `minReplicas` replicas (WAIT), and fails
   * with StoreUnavailableError (a 503) when they are not in time. A write that is answered is then
   * on enough servers to outlive its primary; one answered 503 may be there or not, and its retry
   * with the same idempotency key is answered once it is, without writing it twice.
   */
  private async replicated(key: string): Promise<void> {
    const durability = this.options.durability;
    if (!durability || durability.minReplicas === 0) return;
    const reached = (await this.command(key, ['WAIT', String(durability.minReplicas), String(durability.waitTimeoutMs)])) as number;
    if (reached < durability.minReplicas) {
      throw new StoreUnavailableError(new Error(`the write reached ${reached} of the ${durability.minReplicas} replicas required in ${durability.waitTimeoutMs} ms`));
    }
  }

  /** A command, sent to the node that serves `key`. */
  private command(key: string | undefined, args: string[]): Promise<Reply> {
    return this.redis.send(key, args);
  }

  /** Runs a script by its SHA, sending its source once a node does not have it (a new node, or one that lost its script cache). */
  private async script(source: string, keyList: string[], args: string[]): Promise<Reply> {
    let sha = this.shas.get(source);
    if (!sha) this.shas.set(source, (sha = sha1(source)));
    try {
      return await this.command(keyList[0], ['EVALSHA', sha, String(keyList.length), ...keyList, ...args]);
    } catch (error) {
      if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.command(keyList[0], ['EVAL', source, String(keyList.length), ...keyList, ...args]);
    }
  }
}
