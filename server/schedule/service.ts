import { createHash, randomBytes } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { InputError, type PublishInput } from '../headlines/schema.js';
import { NotFoundError, publishDigest, type Actor, type HeadlineService } from '../headlines/service.js';
import type { Logger } from '../logger.js';
import type { ScheduledHeadline } from '../protocol.js';
import { IdempotencyKeyReusedError, type HeadlineStore, type WorkItem } from '../store/store.js';
import { dueWorkTask, type DueWorkOutcome } from '../work/due-work.js';
import type { SweepTask } from '../work/sweeper.js';
import { MAX_SCHEDULE_AHEAD_MS, MAX_SCHEDULED_PER_CHANNEL } from './held.js';
import type { EditHeldInput, HoldInput } from './schema.js';

/** The due-work kind (server/work/) of scheduled publishing. */
export const PUBLISH_WORK = 'publish';
/** How long a node's claim on a due headline holds: publishing one takes far less. */
const PUBLISH_LEASE_MS = 10_000;

/** The actor of the scheduler's publish in the audit log: who scheduled it, by the scheduler. */
export const schedulerActor = (scheduledBy: string) => `scheduler:${scheduledBy}`;
/** The idempotency key of a held headline's publish: a retried claim publishes it once. */
export const scheduledKey = (id: string) => `scheduled ${id}`;

const workId = (channel: string, id: string) => `${channel} ${id}`;

export interface ScheduleOptions {
  maxPerChannel?: number;
  now?: () => number;
}

/**
 * Scheduled publishing: held headlines in the store, each with an item of due work (kind
 * `publish`) that whichever node's sweeper claims first publishes. The held record is the truth and
 * the due work only a wake-up: its time is never after the record's, an item without a record does
 * nothing, and one woken early is put back to the record's time. So a node dying between the two
 * writes costs nothing.
 */
export class ScheduleService {
  private readonly now: () => number;
  private readonly maxPerChannel: number;

  constructor(
    private readonly store: HeadlineStore,
    private readonly headlines: HeadlineService,
    private readonly logger: Logger,
    options: ScheduleOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxPerChannel = options.maxPerChannel ?? MAX_SCHEDULED_PER_CHANNEL;
  }

  /**
   * Holds a headline until `input.publishAt`. With `idempotencyKey` its id comes from the actor's
   * key: a retry of the same body is answered with the held headline (`replayed`), another body
   * with IdempotencyKeyReusedError; and since the scheduler publishes under that id's own key, a
   * retry after the headline went out does not publish it twice either.
   */
  async hold(channel: string, input: HoldInput, actor: Actor, idempotencyKey?: string): Promise<{ held: ScheduledHeadline; replayed: boolean }> {
    const now = this.now();
    const at = new Date(this.checkTime(input.publishAt, now)).toISOString();
    const { publishAt: _, ...fields } = input;
    const id = idempotencyKey === undefined
      ? randomBytes(9).toString('base64url')
      : createHash('sha256').update(JSON.stringify(['hold', actor.name, idempotencyKey])).digest('base64url').slice(0, 16);
    const replay = (earlier: ScheduledHeadline) => {
      if (earlier.publishAt !== at || publishDigest(inputOf(earlier)) !== publishDigest(fields)) throw new IdempotencyKeyReusedError();
      return { held: earlier, replayed: true };
    };
    const earlier = idempotencyKey === undefined ? undefined : await this.store.getHeld(channel, id);
    if (earlier) return replay(earlier);
    const held: ScheduledHeadline = {
      id,
      channel,
      publishAt: at,
      ...fields,
      scheduledBy: actor.name,
      scheduledAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      rev: 1,
      publishing: false,
    };
    if (actor.byline) held.byline = actor.byline;
    this.check(held);
    // The wake-up first: a node dying before the record is written leaves an item that does nothing.
    await this.wakeAt(held);
    const result = await this.store.holdHeadline(held, this.maxPerChannel);
    if (result === 'full') {
      await this.store.cancelWork(PUBLISH_WORK, workId(channel, held.id));
      throw new ApiError(429, 'too_many_scheduled', `channel ${channel} holds ${this.maxPerChannel} scheduled headlines, the most it may; publish or cancel some first`);
    }
    if (result === 'exists') {
      // A retry with the same key got there first: its wake-up is put back to its own time.
      const first = await this.get(channel, id);
      await this.wakeAt(first);
      return replay(first);
    }
    return { held, replayed: false };
  }

  list(channel: string): Promise<ScheduledHeadline[]> {
    return this.store.listHeld(channel);
  }

  async get(channel: string, id: string): Promise<ScheduledHeadline> {
    const held = await this.store.getHeld(channel, id);
    if (!held) throw new NotFoundError(`no scheduled headline ${id} in channel ${channel}`);
    return held;
  }

  async edit(channel: string, id: string, input: EditHeldInput, actor: string): Promise<ScheduledHeadline> {
    if (Object.keys(input).filter((field) => field !== 'rev').length === 0) throw new InputError('the body must change at least one field', undefined, 'empty_update');
    const current = await this.get(channel, id);
    if (current.publishing) throw this.publishingError(id);
    if (input.rev !== undefined && input.rev !== current.rev) {
      throw new ApiError(409, 'conflict', `scheduled headline ${id} is at revision ${current.rev}, not ${input.rev}: someone else edited it; load it again`);
    }
    const now = this.now();
    const next = this.applyEdit(current, input, now);
    this.check(next);
    // The wake-up is never later than the record: moved earlier before the record, later after it.
    const earlier = Date.parse(next.publishAt) < Date.parse(current.publishAt);
    if (earlier) await this.wakeAt(next);
    const result = await this.store.editHeld(next, current.rev, actor);
    if (result === 'edited') {
      if (!earlier) await this.wakeAt(next);
      return next;
    }
    if (result === 'missing') throw new NotFoundError(`no scheduled headline ${id} in channel ${channel}`);
    if (result === 'publishing') throw this.publishingError(id);
    throw new ApiError(409, 'conflict', `scheduled headline ${id} was edited by someone else meanwhile; load it again`);
  }

  async cancel(channel: string, id: string, actor: string): Promise<void> {
    const result = await this.store.cancelHeld(channel, id, actor);
    if (result === 'missing') throw new NotFoundError(`no scheduled headline ${id} in channel ${channel}`);
    if (result === 'publishing') throw this.publishingError(id);
    await this.store.cancelWork(PUBLISH_WORK, workId(channel, id));
  }

  /** The sweeper task that publishes what is due, on every node; the store makes each happen once. */
  publishTask(): SweepTask {
    return dueWorkTask(this.store, PUBLISH_WORK, (item, now) => this.publishDue(item, now), { leaseMs: PUBLISH_LEASE_MS });
  }

  /**
   * Publishes a due held headline. It is marked as being published first (no edit or cancel after
   * that), published under its idempotency key (a claim that lapsed mid-way and is retried is
   * answered with the same headline), and forgotten last.
   */
  private async publishDue(item: WorkItem, now: number): Promise<DueWorkOutcome> {
    const { channel, id } = JSON.parse(item.payload) as { channel: string; id: string };
    const held = await this.store.getHeld(channel, id);
    if (!held) return { done: true };
    const at = Date.parse(held.publishAt);
    if (!held.publishing && at > now) return { retryAt: at };
    const marked = await this.store.startPublishingHeld(channel, id, held.rev);
    if (marked === 'missing') return { done: true };
    if (marked === 'conflict') return { retryAt: this.now() };
    const input = inputOf(marked);
    const actor = { name: schedulerActor(marked.scheduledBy), byline: marked.byline };
    try {
      const headline = this.headlines.compose(input, actor, Math.max(at, this.now()), id);
      await this.store.publish(channel, headline, { idempotency: { key: scheduledKey(id), digest: publishDigest(input) }, actor: actor.name });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Its expiry passed while no node could publish it (the store was down past its time).
      this.logger.warn({ channel, id, err: error.message }, 'dropped a scheduled headline that can no longer be published');
    }
    await this.store.releaseHeld(channel, id);
    return { done: true };
  }

  private checkTime(publishAt: string, now: number): number {
    const at = Date.parse(publishAt);
    if (at <= now) throw new ApiError(422, 'publish_at_past', 'publishAt: must be in the future; to publish now, leave it out', 'publishAt');
    if (at > now + MAX_SCHEDULE_AHEAD_MS) throw new ApiError(422, 'publish_at_too_far', 'publishAt: must be within 30 days', 'publishAt');
    return at;
  }

  /** Refuses a held headline that would make no headline at its time (an expiry before it, a contradicting dir). */
  private check(held: ScheduledHeadline): void {
    this.headlines.compose(inputOf(held), { name: held.scheduledBy }, Date.parse(held.publishAt), held.id);
  }

  private applyEdit(current: ScheduledHeadline, input: EditHeldInput, now: number): ScheduledHeadline {
    const next: ScheduledHeadline = { ...current, updatedAt: new Date(now).toISOString(), rev: current.rev + 1 };
    if (input.publishAt !== undefined) next.publishAt = new Date(this.checkTime(input.publishAt, now)).toISOString();
    if (input.text !== undefined) next.text = input.text;
    if (input.urgent !== undefined) next.urgent = input.urgent;
    if (input.lang !== undefined) next.lang = input.lang;
    if (input.dir !== undefined) next.dir = input.dir;
    if (input.url === null) delete next.url;
    else if (input.url !== undefined) next.url = input.url;
    if (input.ttl !== undefined || input.expiresAt !== undefined) {
      delete next.ttl;
      delete next.expiresAt;
      if (input.ttl !== undefined) next.ttl = input.ttl;
      if (input.expiresAt) next.expiresAt = input.expiresAt;
    }
    if (input.ttl !== undefined && input.expiresAt) throw new InputError('ttl: give either expiresAt or ttl, not both', 'ttl');
    return next;
  }

  private publishingError(id: string): ApiError {
    return new ApiError(409, 'publishing', `scheduled headline ${id} is being published; change it on the channel once it is live`);
  }

  private wakeAt(held: ScheduledHeadline): Promise<void> {
    return this.store.scheduleWork(PUBLISH_WORK, workId(held.channel, held.id), Date.parse(held.publishAt), JSON.stringify({ channel: held.channel, id: held.id }));
  }
}

/** The publish input a held headline stands for. */
function inputOf(held: ScheduledHeadline): PublishInput {
  const input: PublishInput = { text: held.text, urgent: held.urgent };
  if (held.url !== undefined) input.url = held.url;
  if (held.expiresAt !== undefined) input.expiresAt = held.expiresAt;
  if (held.ttl !== undefined) input.ttl = held.ttl;
  if (held.lang !== undefined) input.lang = held.lang;
  if (held.dir !== undefined) input.dir = held.dir;
  return input;
}
