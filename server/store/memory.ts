import type { StoredKey } from '../auth/keys.js';
import type { StoredChannel } from '../channels/record.js';
import type { PollState, SeenItem, Source } from '../ingest/source.js';
import type { Partner } from '../partners/partner.js';
import { headlineOrder } from '../headlines/order.js';
import { compareCursors, ORIGIN_CURSOR } from '../cursor.js';
import type { Change, ChangeType, Headline, ScheduledHeadline, Snapshot } from '../protocol.js';
import {
  DEFAULT_LIMITS,
  IdempotencyKeyReusedError,
  LIVE_REPORT_MS,
  USAGE_DAYS,
  usageDay,
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
import { MemorySources } from './memory-sources.js';
import { MemorySchedule } from './memory-schedule.js';
import { MemoryWork } from './memory-work.js';
import { MemoryPush } from './memory-push.js';
import type { PushSubscriptionRecord } from '../push/subscription.js';
import { MemoryWebhooks } from './memory-webhooks.js';
import type { WebhookAttempt, WebhookDeadLetter, WebhookEndpoint } from '../webhooks/endpoint.js';

interface ChannelState {
  items: Map<string, Headline>;
  log: Change[];
  lastCursor: string;
  /** The newest cursor trimmed off the log; a reader behind it has missed changes. */
  maxDeletedCursor: string;
  /** By caller and key (`idempotencyScope`): the first headline and the digest of its body. */
  idempotency: Map<string, { headline: Headline; cursor: string; digest: string; expiresAt: number }>;
  /** Readers' counts of live headlines; removed with the headline. */
  counts: Map<string, HeadlineCounts>;
}

/** One caller's key: the same key string of two callers never names the same record. */
function idempotencyScope(actor: string, key: string): string {
  return JSON.stringify([actor, key]);
}

/** Distinct pages one partner's day keeps in memory. */
const MEMORY_PAGES_PER_DAY = 100_000;

/** The embedded store for running without Redis: same behaviour, kept in this process only. */
export class MemoryStore implements HeadlineStore {
  readonly kind = 'memory';
  readonly limits: StoreLimits;
  private readonly channels = new Map<string, ChannelState>();
  private readonly channelRecords = new Map<string, StoredChannel>();
  /** Each channel's audit log, oldest first. */
  private readonly audit = new Map<string, AuditEntry[]>();
  private readonly storedKeys: Map<string, StoredKey>;
  private readonly readers = new Set<() => void>();
  private readonly partners = new Map<string, Partner>();
  private partnerWrites = 0;
  private readonly work = new MemoryWork();
  private readonly push = new MemoryPush();
  private readonly webhooks = new MemoryWebhooks();
  private readonly sources = new MemorySources();
  /** Its audit entries are ordered among the others by a cursor of the store's sequence. */
  private readonly schedule = new MemorySchedule((entry) => this.record({ ...entry, cursor: this.nextCursor() }));
  private readonly usage = new Map<string, { connections: number; deliveries: number; pages: Set<string> }>();
  private readonly live = new Map<string, Map<string, { readers: number; at: number }>>();
  private lastMs = 0;
  private lastSeq = 0;

  constructor(options: { limits?: Partial<StoreLimits>; storedKeys?: Map<string, StoredKey> } = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.storedKeys = options.storedKeys ?? new Map();
  }

  async prepare(): Promise<void> {}

  async addChannels(channels: string[]): Promise<void> {
    for (const channel of channels) this.state(channel);
  }

  async hasChannel(channel: string): Promise<boolean> {
    return this.channels.has(channel);
  }

  async listChannels(): Promise<string[]> {
    return [...this.channels.keys()].sort();
  }

  async readChannelRecords(channels: string[]): Promise<Map<string, StoredChannel>> {
    const found = new Map<string, StoredChannel>();
    for (const channel of channels) {
      const record = this.channelRecords.get(channel);
      if (record) found.set(channel, structuredClone(record));
    }
    return found;
  }

  async createChannel(record: StoredChannel): Promise<'created' | 'exists'> {
    if (this.channels.has(record.channel)) return 'exists';
    this.state(record.channel);
    this.channelRecords.set(record.channel, structuredClone(record));
    return 'created';
  }

  async writeChannelRecord(record: StoredChannel, expectedRev: number): Promise<'written' | 'conflict' | 'missing'> {
    if (!this.channels.has(record.channel)) return 'missing';
    if ((this.channelRecords.get(record.channel)?.rev ?? 0) !== expectedRev) return 'conflict';
    this.channelRecords.set(record.channel, structuredClone(record));
    return 'written';
  }

  async snapshot(channel: string): Promise<Snapshot> {
    const state = this.channels.get(channel);
    if (!state) return { channel, cursor: ORIGIN_CURSOR, headlines: [] };
    return { channel, cursor: state.lastCursor, headlines: [...state.items.values()].sort(headlineOrder) };
  }

  async getHeadline(channel: string, id: string): Promise<Headline | undefined> {
    return this.channels.get(channel)?.items.get(id);
  }

  async changesSince(channel: string, cursor: string, limit = 1000): Promise<ChangesSince> {
    const state = this.channels.get(channel);
    if (!state) return cursor === ORIGIN_CURSOR ? { kind: 'changes', cursor, changes: [] } : { kind: 'stale' };
    if (compareCursors(cursor, state.lastCursor) > 0 || compareCursors(cursor, state.maxDeletedCursor) < 0) {
      return { kind: 'stale' };
    }
    // Nothing was ever trimmed, so a cursor before the first entry comes from another log (this
    // process restarted since the reader saw it).
    const first = state.log[0]?.cursor;
    if (cursor !== ORIGIN_CURSOR && state.maxDeletedCursor === ORIGIN_CURSOR && first && compareCursors(cursor, first) < 0) {
      return { kind: 'stale' };
    }
    // Past every trim, a cursor names an entry the log holds (as on Redis, where one it lacks comes from a lost history).
    if (cursor !== ORIGIN_CURSOR && compareCursors(cursor, state.maxDeletedCursor) > 0 && !state.log.some((change) => change.cursor === cursor)) {
      return { kind: 'stale' };
    }
    const changes = state.log.filter((change) => compareCursors(change.cursor, cursor) > 0).slice(0, limit);
    return { kind: 'changes', cursor: changes.at(-1)?.cursor ?? cursor, changes };
  }

  async readChanges(positions: ReadonlyMap<string, string>, blockMs: number): Promise<ChangeBatch> {
    const pending = this.pendingAfter(positions);
    if (pending.changes.length > 0 || blockMs <= 0) return pending;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.readers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, blockMs);
      this.readers.add(wake);
    });
    return this.pendingAfter(positions);
  }

  interruptRead(): void {
    for (const wake of [...this.readers]) wake();
  }

  async publish(channel: string, headline: Headline, options: { idempotency?: IdempotencyRequest; actor: string }): Promise<PublishResult> {
    const state = this.state(channel);
    const now = Date.now();
    const idempotency = options.idempotency;
    const scope = idempotency && idempotencyScope(options.actor, idempotency.key);
    if (scope) {
      const earlier = state.idempotency.get(scope);
      if (earlier && earlier.expiresAt > now) {
        if (earlier.digest !== idempotency.digest) throw new IdempotencyKeyReusedError();
        return { headline: earlier.headline, cursor: earlier.cursor, replayed: true };
      }
    }
    state.items.set(headline.id, headline);
    const cursor = this.append(channel, state, 'publish', headline.id, headline);
    this.record({ actor: options.actor, action: 'publish', channel, id: headline.id, cursor, text: headline.text });
    const overflow = [...state.items.values()].sort(headlineOrder).slice(this.limits.maxHeadlines);
    for (const old of overflow.reverse()) {
      this.removeItem(state, old.id);
      const evicted = this.append(channel, state, 'evict', old.id);
      this.record({ actor: 'system', action: 'evict', channel, id: old.id, cursor: evicted, text: old.text });
    }
    if (scope) {
      state.idempotency.set(scope, { headline, cursor, digest: idempotency.digest, expiresAt: now + this.limits.idempotencySeconds * 1000 });
    }
    this.wakeReaders();
    return { headline, cursor, replayed: false };
  }

  async replace(channel: string, headline: Headline, expectedRev: number, actor: string) {
    const state = this.channels.get(channel);
    const current = state?.items.get(headline.id);
    if (!state || !current) return 'missing' as const;
    if (current.rev !== expectedRev) return 'conflict' as const;
    state.items.set(headline.id, headline);
    const cursor = this.append(channel, state, 'update', headline.id, headline);
    this.record({ actor, action: 'update', channel, id: headline.id, cursor, text: headline.text });
    this.wakeReaders();
    return { cursor };
  }

  async retract(channel: string, id: string, actor: string) {
    const state = this.channels.get(channel);
    const current = state?.items.get(id);
    if (!state || !current) return 'missing' as const;
    this.removeItem(state, id);
    const cursor = this.append(channel, state, 'retract', id);
    this.record({ actor, action: 'retract', channel, id, cursor, text: current.text });
    this.wakeReaders();
    return { cursor };
  }

  async expireDue(now: number): Promise<number> {
    let expired = 0;
    for (const [channel, state] of this.channels) {
      for (const headline of [...state.items.values()]) {
        if (headline.expiresAt === undefined || Date.parse(headline.expiresAt) > now) continue;
        this.removeItem(state, headline.id);
        const cursor = this.append(channel, state, 'expire', headline.id);
        this.record({ actor: 'system', action: 'expire', channel, id: headline.id, cursor, text: headline.text });
        expired++;
      }
      for (const [key, entry] of state.idempotency) if (entry.expiresAt <= now) state.idempotency.delete(key);
    }
    if (expired > 0) this.wakeReaders();
    return expired;
  }

  async readAudit(options: { channels?: string[]; limit: number }): Promise<AuditEntry[]> {
    // Cursors are unique across the store's channels: newest first is by cursor.
    const logs = (options.channels ?? [...this.audit.keys()]).map((channel) => this.audit.get(channel) ?? []);
    return logs
      .flatMap((log) => log.slice(-options.limit))
      .sort((a, b) => compareCursors(b.cursor!, a.cursor!))
      .slice(0, options.limit);
  }

  async findStoredKey(hashHex: string): Promise<StoredKey | undefined> {
    return this.storedKeys.get(hashHex);
  }

  async createPartner(partner: Partner): Promise<'created' | 'exists'> {
    if (this.partners.has(partner.id)) return 'exists';
    this.partners.set(partner.id, structuredClone(partner));
    this.partnerWrites++;
    return 'created';
  }

  async replacePartner(partner: Partner, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    const current = this.partners.get(partner.id);
    if (!current) return 'missing';
    if (current.rev !== expectedRev) return 'conflict';
    this.partners.set(partner.id, structuredClone(partner));
    this.partnerWrites++;
    return 'replaced';
  }

  async getPartner(id: string): Promise<Partner | undefined> {
    const partner = this.partners.get(id);
    return partner && structuredClone(partner);
  }

  async listPartners(): Promise<Partner[]> {
    return [...this.partners.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((partner) => structuredClone(partner));
  }

  async partnersVersion(): Promise<number> {
    return this.partnerWrites;
  }

  async addPartnerUsage(partner: string, day: string, usage: PartnerUsageIncrement): Promise<void> {
    const key = JSON.stringify([partner, day]);
    const totals = this.usage.get(key) ?? { connections: 0, deliveries: 0, pages: new Set<string>() };
    totals.connections += usage.connections;
    totals.deliveries += usage.deliveries;
    // A bound on what one partner's day may hold in memory; Redis estimates instead.
    for (const page of usage.pages) if (totals.pages.size < MEMORY_PAGES_PER_DAY) totals.pages.add(page);
    this.usage.set(key, totals);
    const oldest = usageDay(Date.now() - USAGE_DAYS * 86_400_000);
    for (const stored of this.usage.keys()) if ((JSON.parse(stored) as string[])[1] < oldest) this.usage.delete(stored);
  }

  async readPartnerUsage(partner: string, days: string[]): Promise<PartnerDayUsage[]> {
    return days.map((day) => {
      const totals = this.usage.get(JSON.stringify([partner, day]));
      return { day, connections: totals?.connections ?? 0, deliveries: totals?.deliveries ?? 0, pages: totals?.pages.size ?? 0 };
    });
  }

  async reportLiveReaders(node: string, readers: ReadonlyMap<string, number>, at: number): Promise<void> {
    for (const [partner, count] of readers) {
      const nodes = this.live.get(partner) ?? new Map<string, { readers: number; at: number }>();
      nodes.set(node, { readers: count, at });
      this.live.set(partner, nodes);
    }
  }

  async liveReaders(partner: string, now: number): Promise<number> {
    let total = 0;
    for (const [node, report] of this.live.get(partner) ?? []) {
      if (report.at + LIVE_REPORT_MS >= now) total += report.readers;
      else this.live.get(partner)!.delete(node);
    }
    return total;
  }

  async addHeadlineCounts(channel: string, batch: HeadlineCountBatch, partner?: string): Promise<void> {
    const state = this.channels.get(channel);
    if (!state) return;
    const add = (ids: string[], field: 'seen' | 'clicked') => {
      for (const id of ids) {
        if (!state.items.has(id)) continue;
        let counts = state.counts.get(id);
        if (!counts) state.counts.set(id, (counts = { seen: 0, clicked: 0, partners: {} }));
        counts[field]++;
        if (partner) (counts.partners[partner] ??= { seen: 0, clicked: 0 })[field]++;
      }
    };
    add(batch.impressions, 'seen');
    add(batch.clicks, 'clicked');
  }

  async readHeadlineCounts(channel: string): Promise<Map<string, HeadlineCounts>> {
    return new Map(structuredClone([...(this.channels.get(channel)?.counts ?? [])]));
  }

  async createSource(source: Source): Promise<'created' | 'exists'> {
    return this.sources.create(source);
  }

  async replaceSource(source: Source, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    return this.sources.replace(source, expectedRev);
  }

  async getSource(id: string): Promise<Source | undefined> {
    return this.sources.get(id);
  }

  async listSources(): Promise<Source[]> {
    return this.sources.list();
  }

  async deleteSource(id: string): Promise<boolean> {
    return this.sources.delete(id);
  }

  async readPollState(id: string): Promise<PollState | undefined> {
    return this.sources.readState(id);
  }

  async writePollState(id: string, state: PollState): Promise<void> {
    this.sources.writeState(id, state);
  }

  async readSeenItems(id: string): Promise<SeenItem[]> {
    return this.sources.readSeen(id);
  }

  async recordSeenItems(id: string, items: SeenItem[]): Promise<void> {
    this.sources.recordSeen(id, items);
  }

  async scheduleWork(kind: string, id: string, dueAt: number, payload: string): Promise<void> {
    this.work.schedule(kind, id, dueAt, payload);
  }

  async cancelWork(kind: string, id: string): Promise<boolean> {
    return this.work.cancel(kind, id);
  }

  async getWork(kind: string, id: string): Promise<WorkItem | undefined> {
    return this.work.get(kind, id);
  }

  async claimDueWork(kind: string, now: number, limit: number, leaseMs: number): Promise<WorkItem[]> {
    return this.work.claimDue(kind, now, limit, leaseMs);
  }

  async completeWork(kind: string, item: Pick<WorkItem, 'id' | 'claim'>): Promise<boolean> {
    return this.work.complete(kind, item);
  }

  async retryWork(kind: string, item: Pick<WorkItem, 'id' | 'claim'>, dueAt: number, payload?: string): Promise<boolean> {
    return this.work.retry(kind, item, dueAt, payload);
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.work.acquireLease(name, owner, ttlMs);
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.work.releaseLease(name, owner);
  }

  async readConsumerCursor(consumer: string, channel: string): Promise<string | undefined> {
    return this.work.readCursor(consumer, channel);
  }

  async advanceConsumerCursor(consumer: string, channel: string, expected: string | undefined, next: string): Promise<boolean> {
    return this.work.advanceCursor(consumer, channel, expected, next);
  }

  async dropConsumerCursors(consumer: string): Promise<void> {
    this.work.dropCursors(consumer);
  }

  async addPushSubscription(channel: string, subscription: PushSubscriptionRecord, max: number): Promise<'added' | 'exists' | 'full'> {
    return this.push.add(channel, subscription, max);
  }

  async removePushSubscription(channel: string, id: string): Promise<boolean> {
    return this.push.remove(channel, id);
  }

  async countPushSubscriptions(channel: string): Promise<number> {
    return this.push.count(channel);
  }

  async readPushSubscriptions(channel: string, shard: string, after: string, limit: number): Promise<PushSubscriptionRecord[]> {
    return this.push.read(channel, shard, after, limit);
  }

  async markPushSent(channel: string, batch: string, ids: string[], ttlMs: number): Promise<void> {
    this.push.markSent(channel, batch, ids, ttlMs);
  }

  async unsentPushes(channel: string, batch: string, ids: string[]): Promise<string[]> {
    return this.push.unsent(channel, batch, ids);
  }

  async createWebhook(endpoint: WebhookEndpoint): Promise<'created' | 'exists' | 'full'> {
    return this.webhooks.create(endpoint);
  }

  async replaceWebhook(endpoint: WebhookEndpoint, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'> {
    return this.webhooks.replace(endpoint, expectedRev);
  }

  async getWebhook(id: string): Promise<WebhookEndpoint | undefined> {
    return this.webhooks.get(id);
  }

  async listWebhooks(): Promise<WebhookEndpoint[]> {
    return this.webhooks.list();
  }

  async removeWebhook(id: string): Promise<boolean> {
    return this.webhooks.remove(id);
  }

  async recordWebhookAttempt(id: string, attempt: WebhookAttempt): Promise<void> {
    this.webhooks.recordAttempt(id, attempt);
  }

  async readWebhookAttempts(id: string, limit: number): Promise<WebhookAttempt[]> {
    return this.webhooks.readAttempts(id, limit);
  }

  async addWebhookDeadLetter(id: string, letter: WebhookDeadLetter): Promise<void> {
    this.webhooks.addDeadLetter(id, letter);
  }

  async readWebhookDeadLetters(id: string, limit: number): Promise<WebhookDeadLetter[]> {
    return this.webhooks.readDeadLetters(id, limit);
  }

  async requeueWebhookDeadLetters(id: string): Promise<number> {
    return this.webhooks.requeueDeadLetters(id);
  }

  async nextWebhookReplay(id: string): Promise<WebhookDeadLetter | undefined> {
    return this.webhooks.nextReplay(id);
  }

  async finishWebhookReplay(id: string, eventId: string): Promise<boolean> {
    return this.webhooks.finishReplay(id, eventId);
  }

  async holdHeadline(held: ScheduledHeadline, maxPerChannel: number): Promise<'held' | 'full' | 'exists'> {
    return this.schedule.hold(held, maxPerChannel);
  }

  async getHeld(channel: string, id: string): Promise<ScheduledHeadline | undefined> {
    return this.schedule.get(channel, id);
  }

  async listHeld(channel: string): Promise<ScheduledHeadline[]> {
    return this.schedule.list(channel);
  }

  async editHeld(held: ScheduledHeadline, expectedRev: number, actor: string): Promise<'edited' | 'conflict' | 'missing' | 'publishing'> {
    return this.schedule.edit(held, expectedRev, actor);
  }

  async cancelHeld(channel: string, id: string, actor: string): Promise<'cancelled' | 'missing' | 'publishing'> {
    return this.schedule.cancel(channel, id, actor);
  }

  async startPublishingHeld(channel: string, id: string, rev: number): Promise<ScheduledHeadline | 'conflict' | 'missing'> {
    return this.schedule.startPublishing(channel, id, rev);
  }

  async releaseHeld(channel: string, id: string): Promise<void> {
    this.schedule.release(channel, id);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.interruptRead();
  }

  private state(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (!state) {
      state = { items: new Map(), log: [], lastCursor: ORIGIN_CURSOR, maxDeletedCursor: ORIGIN_CURSOR, idempotency: new Map(), counts: new Map() };
      this.channels.set(channel, state);
    }
    return state;
  }

  private removeItem(state: ChannelState, id: string): void {
    state.items.delete(id);
    state.counts.delete(id);
  }

  private nextCursor(): string {
    const ms = Date.now();
    if (ms > this.lastMs) {
      this.lastMs = ms;
      this.lastSeq = 0;
    } else {
      this.lastSeq++;
    }
    return `${this.lastMs}-${this.lastSeq}`;
  }

  private append(channel: string, state: ChannelState, type: ChangeType, id: string, headline?: Headline): string {
    const cursor = this.nextCursor();
    const change: Change = { cursor, channel, type, id, at: new Date().toISOString() };
    if (headline) change.headline = headline;
    state.log.push(change);
    state.lastCursor = cursor;
    if (state.log.length > this.limits.logLength) {
      const dropped = state.log.splice(0, state.log.length - this.limits.logLength);
      state.maxDeletedCursor = dropped.at(-1)!.cursor;
    }
    return cursor;
  }

  private record(entry: Omit<AuditEntry, 'at'>): void {
    let log = this.audit.get(entry.channel);
    if (!log) this.audit.set(entry.channel, (log = []));
    log.push({ at: new Date().toISOString(), ...entry });
    if (log.length > this.limits.auditLength) log.splice(0, log.length - this.limits.auditLength);
  }

  private pendingAfter(positions: ReadonlyMap<string, string>): ChangeBatch {
    const changes: Change[] = [];
    const readTo = new Map<string, string>();
    for (const [channel, cursor] of positions) {
      const log = this.channels.get(channel)?.log ?? [];
      let start = log.length;
      while (start > 0 && compareCursors(log[start - 1].cursor, cursor) > 0) start--;
      if (start < log.length) {
        changes.push(...log.slice(start));
        readTo.set(channel, log.at(-1)!.cursor);
      }
    }
    return { changes, readTo };
  }

  private wakeReaders(): void {
    if (this.readers.size > 0) queueMicrotask(() => this.interruptRead());
  }
}
