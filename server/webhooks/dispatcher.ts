import type { WebhookSettings } from '../config.js';
import { compareCursors } from '../cursor.js';
import type { Logger } from '../logger.js';
import type { WebhookEvent } from '../protocol.js';
import type { HeadlineStore } from '../store/store.js';
import { exponentialBackoff } from '../work/due-work.js';
import { withLease } from '../work/lease.js';
import type { SweepTask } from '../work/sweeper.js';
import { consumerOf, type WebhookEndpoint } from './endpoint.js';
import type { WebhookSender } from './sender.js';

/**
 * Due work (design.md mechanism 1) holding an endpoint's retry: due when the next try is, with the
 * event it is for and the tries so far. Never claimed: the endpoint's lease holder reads it.
 */
export const RETRY_KIND = 'webhook-retry';
/** Events one hold of an endpoint's lease delivers before letting the other endpoints' turns come. */
const TURN = 200;

interface RetryState {
  /** Which event the tries were of: its `webhook-id`, or `resync:<channel>` (a resync's snapshot moves on). */
  key: string;
  attempts: number;
}

/** The next event of an endpoint, and how to mark it handled (false: another node moved on meanwhile). */
interface PendingEvent {
  key: string;
  eventId: string;
  channel?: string;
  event: WebhookEvent;
  order: { resync: boolean; cursor: string };
  handled(): Promise<boolean>;
}

/** The `webhook-id` of a change: the same for every retry of it, on every node, so a receiver can drop repeats. */
export const changeEventId = (channel: string, cursor: string) => `msg_${channel}_${cursor}`;
export const resyncEventId = (channel: string, cursor: string) => `msg_${channel}_resync_${cursor}`;

/**
 * Delivers each endpoint's channels' changes to it, in order, on one node at a time (its lease),
 * from the endpoint's cursors over the change logs (design.md mechanism 3), which move only past an
 * event the receiver answered 2xx to or that was given up on (dead letters). A failed event is tried
 * again with exponential backoff, the endpoint waiting meanwhile; the retry state is in the store, so a
 * node's restart or death changes nothing but who sends.
 */
export class WebhookDispatcher {
  private readonly running = new Map<string, Promise<void>>();
  /** Endpoints that got a wake-up while their work ran: it runs again once finished. */
  private readonly again = new Set<string>();
  private readonly backoff: (attempts: number) => number;
  private sweeping: Promise<number> | undefined;
  private sweepAgain = false;
  private stopped = false;

  constructor(
    private readonly store: HeadlineStore,
    private readonly send: WebhookSender,
    private readonly settings: WebhookSettings,
    private readonly node: string,
    private readonly logger: Logger,
  ) {
    this.backoff = exponentialBackoff(settings.retryBaseMs, settings.retryMaxMs);
  }

  /** The sweeper's task: starts the work of every enabled endpoint this node is not already working; does not wait for it. */
  get task(): SweepTask {
    return { name: 'webhooks', run: () => this.sweep() };
  }

  /** New changes were written (or an endpoint changed): look at once rather than at the next tick. */
  wake(): void {
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweep().catch((error: Error) => this.logger.debug({ err: error.message }, 'webhook sweep failed; retrying at the next tick'));
  }

  /** Starts nothing more and waits for the deliveries in flight (each ends within the delivery timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([this.sweeping, ...this.running.values()]);
  }

  private async sweep(): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      let started = 0;
      do {
        this.sweepAgain = false;
        if (this.stopped) break;
        for (const endpoint of await this.store.listWebhooks()) {
          if (!endpoint.enabled) continue;
          if (this.running.has(endpoint.id)) this.again.add(endpoint.id);
          else {
            this.start(endpoint.id);
            started++;
          }
        }
      } while (this.sweepAgain);
      return started;
    })().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private start(id: string): void {
    const run = withLease(this.store, consumerOf(id), this.node, this.settings.leaseMs, (signal) => this.work(id, signal))
      .then(
        () => undefined,
        (error: Error) => this.logger.warn({ webhook: id, err: error.message }, 'webhook delivery stopped; retrying at the next tick'),
      )
      .finally(() => {
        this.running.delete(id);
        if (this.again.delete(id) && !this.stopped) this.start(id);
      });
    this.running.set(id, run);
  }

  private async work(id: string, lost: AbortSignal): Promise<void> {
    for (let sent = 0; sent < TURN; sent++) {
      if (lost.aborted || this.stopped) return;
      const endpoint = await this.store.getWebhook(id);
      if (!endpoint?.enabled) return;
      const retry = await this.store.getWork(RETRY_KIND, id);
      if (retry && retry.dueAt > Date.now()) return;
      const next = await this.nextEvent(endpoint);
      if (!next) {
        if (retry) await this.store.cancelWork(RETRY_KIND, id);
        return;
      }
      if (lost.aborted || this.stopped) return;
      const previous = retry ? (JSON.parse(retry.payload) as RetryState) : undefined;
      const attempt = previous?.key === next.key ? previous.attempts + 1 : 1;
      const outcome = await this.send(endpoint, next.eventId, next.event);
      await this.store.recordWebhookAttempt(id, {
        at: new Date().toISOString(),
        eventId: next.eventId,
        type: next.event.type,
        ...(next.channel ? { channel: next.channel } : {}),
        attempt,
        ok: outcome.ok,
        ...(outcome.status !== undefined ? { status: outcome.status } : {}),
        ...(outcome.error !== undefined ? { error: outcome.error } : {}),
        durationMs: outcome.durationMs,
      });
      if (outcome.ok) {
        if (!(await next.handled())) return;
        if (retry) await this.store.cancelWork(RETRY_KIND, id);
        if (endpoint.failures > 0 || endpoint.failingSince) await this.update(id, ({ failingSince: _since, ...current }) => ({ ...current, failures: 0 }));
        continue;
      }
      const failingSince = endpoint.failingSince ?? new Date().toISOString();
      const failingTooLong = Date.now() - Date.parse(failingSince) >= this.settings.disableAfterMs;
      if (attempt < this.settings.maxAttempts && !failingTooLong) {
        await this.store.scheduleWork(RETRY_KIND, id, Date.now() + this.backoff(attempt), JSON.stringify({ key: next.key, attempts: attempt } satisfies RetryState));
        if (!endpoint.failingSince) await this.update(id, (current) => ({ ...current, failingSince: current.failingSince ?? failingSince }));
        return;
      }
      await this.store.addWebhookDeadLetter(id, {
        eventId: next.eventId,
        ...(next.channel ? { channel: next.channel } : {}),
        event: next.event,
        attempts: attempt,
        ...(outcome.status !== undefined ? { lastStatus: outcome.status } : {}),
        ...(outcome.error !== undefined ? { lastError: outcome.error } : {}),
        failedAt: new Date().toISOString(),
      });
      if (!(await next.handled())) return;
      if (retry) await this.store.cancelWork(RETRY_KIND, id);
      let disabled: string | undefined;
      await this.update(id, (current) => {
        const failures = current.failures + 1;
        disabled = failures >= this.settings.disableAfterDeadLetters
          ? `${failures} events in a row went to the dead letters`
          : failingTooLong ? `deliveries have failed since ${failingSince}` : undefined;
        return { ...current, failures, failingSince: current.failingSince ?? failingSince, ...(disabled ? { enabled: false, disabledReason: disabled } : {}) };
      });
      this.logger.warn({ webhook: id, event: next.eventId, attempts: attempt }, 'webhook event given up on: sent to the dead letters');
      if (disabled) {
        this.logger.warn({ webhook: id, reason: disabled }, 'webhook endpoint disabled');
        return;
      }
    }
    // More may be waiting: its turn comes again at once, after the other endpoints'.
    this.again.add(id);
  }

  /** Queued replays first, then a resync of a channel whose log was trimmed past the cursor, then the earliest change. */
  private async nextEvent(endpoint: WebhookEndpoint): Promise<PendingEvent | undefined> {
    const replay = await this.store.nextWebhookReplay(endpoint.id);
    if (replay) {
      return {
        key: `replay:${replay.eventId}`,
        eventId: replay.eventId,
        channel: replay.channel,
        event: replay.event,
        order: { resync: false, cursor: '' },
        handled: () => this.store.finishWebhookReplay(endpoint.id, replay.eventId),
      };
    }
    const candidates = await Promise.all(endpoint.channels.map((channel) => this.nextOfChannel(endpoint.id, channel)));
    let first: PendingEvent | undefined;
    for (const candidate of candidates) {
      if (!candidate) continue;
      if (!first || (candidate.order.resync && !first.order.resync) || (candidate.order.resync === first.order.resync && compareCursors(candidate.order.cursor, first.order.cursor) < 0)) {
        first = candidate;
      }
    }
    return first;
  }

  private async nextOfChannel(id: string, channel: string): Promise<PendingEvent | undefined> {
    const consumer = consumerOf(id);
    const cursor = await this.store.readConsumerCursor(consumer, channel);
    const advance = (next: string) => () => this.store.advanceConsumerCursor(consumer, channel, cursor, next);
    if (cursor === undefined) {
      // A channel added to the endpoint after it was registered: its changes from now on.
      await advance((await this.store.snapshot(channel)).cursor)();
      return undefined;
    }
    const since = await this.store.changesSince(channel, cursor, 1);
    if (since.kind === 'stale') {
      const snapshot = await this.store.snapshot(channel);
      return {
        key: `resync:${channel}`,
        eventId: resyncEventId(channel, snapshot.cursor),
        channel,
        event: { type: 'resync', timestamp: new Date().toISOString(), data: snapshot },
        order: { resync: true, cursor: snapshot.cursor },
        handled: advance(snapshot.cursor),
      };
    }
    const [change] = since.changes;
    if (!change) {
      // Log entries that are not changes (written by hand): past them, nothing to send.
      if (since.cursor !== cursor) await advance(since.cursor)();
      return undefined;
    }
    return {
      key: changeEventId(channel, change.cursor),
      eventId: changeEventId(channel, change.cursor),
      channel,
      event: { type: change.type, timestamp: change.at, data: change },
      order: { resync: false, cursor: change.cursor },
      handled: advance(change.cursor),
    };
  }

  /** Writes the next revision of an endpoint made from the one stored now, retrying when a write came between. */
  private async update(id: string, change: (current: WebhookEndpoint) => WebhookEndpoint): Promise<void> {
    for (let tries = 0; tries < 5; tries++) {
      const current = await this.store.getWebhook(id);
      if (!current) return;
      const next = { ...change(current), updatedAt: new Date().toISOString(), rev: current.rev + 1 };
      if ((await this.store.replaceWebhook(next, current.rev)) !== 'conflict') return;
    }
  }
}
