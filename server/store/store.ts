import type { StoredKey } from '../auth/keys.js';
import type { StoredChannel } from '../channels/record.js';
import type { PollState, SeenItem, Source } from '../ingest/source.js';
import type { Partner } from '../partners/partner.js';
import type { PushSubscriptionRecord } from '../push/subscription.js';
import type { WebhookAttempt, WebhookDeadLetter, WebhookEndpoint } from '../webhooks/endpoint.js';
import type { AuditEntry, Change, Headline, ScheduledHeadline, Snapshot } from '../protocol.js';

export type { AuditAction, AuditEntry } from '../protocol.js';

export type ChangesSince =
  | { kind: 'changes'; cursor: string; changes: Change[] }
  /** The cursor is older than the retained log, or not from this log at all: take a snapshot. */
  | { kind: 'stale' };

export interface ChangeBatch {
  changes: Change[];
  /** The last log entry read per channel, a change or not. */
  readTo: Map<string, string>;
}

export interface StoreLimits {
  /** Live headlines kept per channel; the oldest drop off beyond it. */
  maxHeadlines: number;
  /** Changes kept per channel log. */
  logLength: number;
  /** Entries kept in each channel's audit log. */
  auditLength: number;
  /** How long an idempotency key remembers its headline. */
  idempotencySeconds: number;
}

export interface PublishResult {
  headline: Headline;
  cursor: string;
  /** True when the idempotency key had already published: nothing new was written. */
  replayed: boolean;
}

/**
 * Raised by `publish` when the caller's idempotency key already published a different body: nothing
 * was written. The API answers 422 `idempotency_key_reused`.
 */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('the idempotency key was already used for a different headline; nothing was published');
  }
}

/**
 * An idempotency key as the store keeps it: scoped by the caller (`actor`) and the channel, and bound
 * to `digest`, a hash of the request body (see `publishDigest` in server/headlines/service.ts).
 */
export interface IdempotencyRequest {
  key: string;
  digest: string;
}

/** Raised when the store cannot be reached; the API answers 503. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('the headline store is unreachable; nothing was changed', { cause });
  }
}

/**
 * Raised by `prepare` when the stored data is in a layout this version does not read and moving it
 * was not asked for; the message says what to do. The node does not start.
 */
export class StoreLayoutError extends Error {}

/**
 * The source of truth for channels. Every write appends to the channel's change log and applies to
 * its state in one atomic step; both implementations pass test/contract/store.contract.ts.
 */
export interface HeadlineStore {
  readonly kind: 'memory' | 'redis';
  readonly limits: StoreLimits;

  /**
   * Readies the stored data for this version before the node writes anything (on Redis: moves data
   * from the key layout of earlier versions when allowed); throws StoreLayoutError when it cannot.
   */
  prepare(): Promise<void>;
  addChannels(channels: string[]): Promise<void>;
  hasChannel(channel: string): Promise<boolean>;
  listChannels(): Promise<string[]>;
  /** The stored records of those of `channels` that have one. */
  readChannelRecords(channels: string[]): Promise<Map<string, StoredChannel>>;
  /** Registers a new channel with its record (`rev` 1), unless the slug is registered already. */
  createChannel(record: StoredChannel): Promise<'created' | 'exists'>;
  /**
   * Stores the record of a registered channel if its stored revision is still `expectedRev` (0: no
   * record stored yet, or one that does not parse).
   */
  writeChannelRecord(record: StoredChannel, expectedRev: number): Promise<'written' | 'conflict' | 'missing'>;

  snapshot(channel: string): Promise<Snapshot>;
  getHeadline(channel: string, id: string): Promise<Headline | undefined>;
  /** The changes after `cursor`, oldest first, at most `limit` of them. */
  changesSince(channel: string, cursor: string, limit?: number): Promise<ChangesSince>;
  /**
   * Waits up to `blockMs` for changes after the given positions and returns them, each channel's
   * in order, with how far each channel's log was read (past entries that did not parse).
   * Returns early, possibly empty, after `interruptRead()`.
   */
  readChanges(positions: ReadonlyMap<string, string>, blockMs: number): Promise<ChangeBatch>;
  interruptRead(): void;

  /**
   * Publishes, unless `idempotency` is given and the same actor's same key published within
   * `limits.idempotencySeconds`: with the same digest that headline is replayed; with another digest
   * it throws IdempotencyKeyReusedError. Another actor's key of the same name is a different key.
   */
  publish(channel: string, headline: Headline, options: { idempotency?: IdempotencyRequest; actor: string }): Promise<PublishResult>;
  /** Replaces a headline if it still has revision `expectedRev`. */
  replace(channel: string, headline: Headline, expectedRev: number, actor: string): Promise<{ cursor: string } | 'conflict' | 'missing'>;
  retract(channel: string, id: string, actor: string): Promise<{ cursor: string } | 'missing'>;
  /** Removes every headline whose expiry has passed, logging an `expire` change for each. */
  expireDue(now: number): Promise<number>;

  /** Newest first, across `channels` (every registered channel's without them); each channel keeps `limits.auditLength`. */
  readAudit(options: { channels?: string[]; limit: number }): Promise<AuditEntry[]>;
  findStoredKey(hashHex: string): Promise<StoredKey | undefined>;

  /** Adds a partner (server/partners/) unless one with its id exists. */
  createPartner(partner: Partner): Promise<'created' | 'exists'>;
  /** Replaces a partner if it still has revision `expectedRev`; `partner.rev` is the new revision. */
  replacePartner(partner: Partner, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'>;
  getPartner(id: string): Promise<Partner | undefined>;
  /** Every partner, by id. */
  listPartners(): Promise<Partner[]>;
  /** A number that changes with every partner write: nodes reload their partners when it does. */
  partnersVersion(): Promise<number>;
  /** Adds one node's counts of a partner's use on `day` (UTC, `YYYY-MM-DD`); kept for USAGE_DAYS days. */
  addPartnerUsage(partner: string, day: string, usage: PartnerUsageIncrement): Promise<void>;
  /** Each day's totals, across nodes, in the order asked; a day without use is zeros. */
  readPartnerUsage(partner: string, days: string[]): Promise<PartnerDayUsage[]>;
  /** This node's live readers of each partner now; a node's report counts for LIVE_REPORT_MS. */
  reportLiveReaders(node: string, readers: ReadonlyMap<string, number>, at: number): Promise<void>;
  /** A partner's live readers on every node whose report is fresh at `now`. */
  liveReaders(partner: string, now: number): Promise<number>;

  /**
   * Readers' counts (server/stats/): adds one to `seen` of each id in `impressions` and to `clicked`
   * of each in `clicks`, also under `partner` when the reader came through a partner's page. Ids that
   * are not live headlines of the channel are ignored, so only live headlines ever have counts.
   */
  addHeadlineCounts(channel: string, batch: HeadlineCountBatch, partner?: string): Promise<void>;
  /** The counts of the channel's live headlines that have any; a headline's go with it when it is retracted, expires or is pushed out. */
  readHeadlineCounts(channel: string): Promise<Map<string, HeadlineCounts>>;

  /** Adds a feed source (server/ingest/) unless one with its id exists. */
  createSource(source: Source): Promise<'created' | 'exists'>;
  /** Replaces a source if it still has revision `expectedRev`; `source.rev` is the new revision. */
  replaceSource(source: Source, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'>;
  getSource(id: string): Promise<Source | undefined>;
  /** Every source, by id. */
  listSources(): Promise<Source[]>;
  /** Removes a source with its poll state and the items it delivered; false when there was none. */
  deleteSource(id: string): Promise<boolean>;
  readPollState(id: string): Promise<PollState | undefined>;
  /** Stores a source's poll state; nothing when the source was removed meanwhile. */
  writePollState(id: string, state: PollState): Promise<void>;
  /** The items a source delivered, at most MAX_SEEN_ITEMS. */
  readSeenItems(id: string): Promise<SeenItem[]>;
  /** Records items (each replacing the one of its key), forgetting the least recently seen beyond MAX_SEEN_ITEMS; nothing for a removed source. */
  recordSeenItems(id: string, items: SeenItem[]): Promise<void>;

  /**
   * Due work (server/work/, design.md mechanism 1): puts item `id` of `kind` on that kind's schedule
   * at `dueAt` (ms) with its `payload`, replacing the item of that id if there is one (and any claim on it).
   */
  scheduleWork(kind: string, id: string, dueAt: number, payload: string): Promise<void>;
  /** Takes an item off its schedule; false when there was none. */
  cancelWork(kind: string, id: string): Promise<boolean>;
  /** The item of that id still on the schedule (claimed or not). */
  getWork(kind: string, id: string): Promise<WorkItem | undefined>;
  /**
   * Claims up to `limit` items of `kind` due at `now`, earliest first, each for `leaseMs`: a claimed
   * item is not claimed again until its claim lapses, when it is due again (its holder died), with
   * `attempts` one higher. Only the holder of the current claim (`claim`) can finish or retry it.
   */
  claimDueWork(kind: string, now: number, limit: number, leaseMs: number): Promise<WorkItem[]>;
  /** Removes a claimed item once its work is done; false when the claim had lapsed and was taken over. */
  completeWork(kind: string, item: Pick<WorkItem, 'id' | 'claim'>): Promise<boolean>;
  /** Puts a claimed item back on the schedule at `dueAt` (a retry with backoff), with a new payload if given. */
  retryWork(kind: string, item: Pick<WorkItem, 'id' | 'claim'>, dueAt: number, payload?: string): Promise<boolean>;

  /**
   * Leases (design.md mechanism 2): takes duty `name` for `owner` for `ttlMs`, or renews it if
   * `owner` holds it already; false when another owner holds it.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives a duty up, only if `owner` still holds it. */
  releaseLease(name: string, owner: string): Promise<void>;

  /**
   * Cursors over the change log (design.md mechanism 3): where consumer `consumer` (a webhook
   * endpoint, a roll-up) has handled a channel's log to; undefined before it has handled anything.
   */
  readConsumerCursor(consumer: string, channel: string): Promise<string | undefined>;
  /** Moves a consumer's cursor from `expected` (undefined: none stored) to `next`; false when it was moved by someone else. */
  advanceConsumerCursor(consumer: string, channel: string, expected: string | undefined, next: string): Promise<boolean>;
  /** Forgets a consumer's cursors (the consumer was removed). */
  dropConsumerCursors(consumer: string): Promise<void>;

  /**
   * Readers' Web Push subscriptions to a channel's alerts (server/push/): adds one, or refreshes it
   * when its id is there already; 'full' when the channel has `max` subscriptions.
   */
  addPushSubscription(channel: string, subscription: PushSubscriptionRecord, max: number): Promise<'added' | 'exists' | 'full'>;
  removePushSubscription(channel: string, id: string): Promise<boolean>;
  countPushSubscriptions(channel: string): Promise<number>;
  /** Up to `limit` of the subscriptions whose ids start with `shard` (one hex digit) and sort after `after`, in id order. */
  readPushSubscriptions(channel: string, shard: string, after: string, limit: number): Promise<PushSubscriptionRecord[]>;
  /** Marks `ids` as done for `batch` (an alert's sends), remembered for `ttlMs`. */
  markPushSent(channel: string, batch: string, ids: string[], ttlMs: number): Promise<void>;
  /** Those of `ids` not marked done for `batch`, in the order given. */
  unsentPushes(channel: string, batch: string, ids: string[]): Promise<string[]>;
  /** Adds a webhook endpoint (server/webhooks/) unless one with its id exists or MAX_WEBHOOKS are registered. */
  createWebhook(endpoint: WebhookEndpoint): Promise<'created' | 'exists' | 'full'>;
  /** Replaces an endpoint if it still has revision `expectedRev`; `endpoint.rev` is the new revision. */
  replaceWebhook(endpoint: WebhookEndpoint, expectedRev: number): Promise<'replaced' | 'conflict' | 'missing'>;
  getWebhook(id: string): Promise<WebhookEndpoint | undefined>;
  /** Every endpoint, by id. */
  listWebhooks(): Promise<WebhookEndpoint[]>;
  /** Removes an endpoint with its attempts, dead letters and queued replays; false when there was none. */
  removeWebhook(id: string): Promise<boolean>;
  /** Keeps one delivery attempt; the endpoint keeps the last ATTEMPTS_KEPT. */
  recordWebhookAttempt(id: string, attempt: WebhookAttempt): Promise<void>;
  /** The endpoint's last attempts, newest first. */
  readWebhookAttempts(id: string, limit: number): Promise<WebhookAttempt[]>;
  /** Keeps an event given up on; the endpoint keeps the last DEAD_LETTERS_KEPT. */
  addWebhookDeadLetter(id: string, letter: WebhookDeadLetter): Promise<void>;
  /** The endpoint's dead letters, newest first. */
  readWebhookDeadLetters(id: string, limit: number): Promise<WebhookDeadLetter[]>;
  /** Moves every dead letter to the end of the endpoint's replay queue, oldest first (the queue keeps DEAD_LETTERS_KEPT); how many moved. */
  requeueWebhookDeadLetters(id: string): Promise<number>;
  /** The oldest queued replay. */
  nextWebhookReplay(id: string): Promise<WebhookDeadLetter | undefined>;
  /** Takes the oldest queued replay off the queue if it is still the one with `eventId`; false otherwise. */
  finishWebhookReplay(id: string, eventId: string): Promise<boolean>;
  /**
   * Held headlines (server/schedule/), kept per channel: stores one unless the channel holds
   * `maxPerChannel` already (`full`) or one of its id (`exists`); audited as `schedule`.
   */
  holdHeadline(held: ScheduledHeadline, maxPerChannel: number): Promise<'held' | 'full' | 'exists'>;
  getHeld(channel: string, id: string): Promise<ScheduledHeadline | undefined>;
  /** The channel's held headlines, soonest first. */
  listHeld(channel: string): Promise<ScheduledHeadline[]>;
  /** Replaces a held headline if it still has revision `expectedRev` and is not being published; audited as `schedule_edit`. */
  editHeld(held: ScheduledHeadline, expectedRev: number, actor: string): Promise<'edited' | 'conflict' | 'missing' | 'publishing'>;
  /** Drops a held headline unless it is being published; audited as `schedule_cancel`. */
  cancelHeld(channel: string, id: string, actor: string): Promise<'cancelled' | 'missing' | 'publishing'>;
  /**
   * Marks a held headline as being published if it still has revision `rev` (or is marked already):
   * from then on edits and cancels are refused, so what is published is what was held.
   */
  startPublishingHeld(channel: string, id: string, rev: number): Promise<ScheduledHeadline | 'conflict' | 'missing'>;
  /** Forgets a held headline once it is published. */
  releaseHeld(channel: string, id: string): Promise<void>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

/** One item of due work as claimed (see `HeadlineStore.claimDueWork`). */
export interface WorkItem {
  id: string;
  dueAt: number;
  payload: string;
  /** Claims taken on this item so far, this one included (0 while unclaimed). */
  attempts: number;
  /** The current claim's token; empty while unclaimed. */
  claim: string;
}

/** One beacon's worth of counts: each id once. */
export interface HeadlineCountBatch {
  impressions: string[];
  clicks: string[];
}

export interface ReaderCounts {
  seen: number;
  clicked: number;
}

export interface HeadlineCounts extends ReaderCounts {
  /** The part of the counts that came through each partner's pages. */
  partners: Record<string, ReaderCounts>;
}

export interface PartnerUsageIncrement {
  connections: number;
  /** Changes pushed to the partner's readers (one per reader). */
  deliveries: number;
  /** The pages (origin and path) connections came from. */
  pages: string[];
}

export interface PartnerDayUsage {
  day: string;
  connections: number;
  deliveries: number;
  /** Distinct pages; estimated (HyperLogLog, ±1 %) on Redis. */
  pages: number;
}

/** The day (UTC, `YYYY-MM-DD`) usage at `at` counts for. */
export const usageDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The last `count` usage days, oldest first, ending with today's. */
export function lastUsageDays(count: number, now = Date.now()): string[] {
  return Array.from({ length: count }, (_, index) => usageDay(now - (count - 1 - index) * 86_400_000));
}

/** How long a partner's daily counts are kept. */
export const USAGE_DAYS = 90;
/** How long a node's report of its live readers counts, unless renewed. */
export const LIVE_REPORT_MS = 30_000;

export const DEFAULT_LIMITS: StoreLimits = {
  maxHeadlines: 50,
  logLength: 1000,
  auditLength: 10_000,
  idempotencySeconds: 24 * 3600,
};
