import type { Logger } from '../logger.js';
import type { HeadlineStore, WorkItem } from '../store/store.js';
import { exponentialBackoff } from '../work/due-work.js';
import type { SweepTask } from '../work/sweeper.js';
import { PUSH_SEND_KIND, type ShardWork } from './alert-follower.js';
import type { PushSender, SendOutcome } from './sender.js';

export interface ShardDeliveryOptions {
  logger: Logger;
  /** Called with each send's outcome (for /metrics). */
  onSent?: (outcome: SendOutcome) => void;
  /** Shards one node works at once; the rest are left for other nodes (and its next ticks). */
  shardsInFlight?: number;
}

/** A claim holds a shard for this long; the work checkpoints well within it. */
const CLAIM_MS = 60_000;
/** A shard is put back (with its progress) after this much work, so that a long one is spread over nodes' ticks. */
const WORK_SLICE_MS = 15_000;
const PAGE = 100;
/** Sends in flight per shard. */
const CONCURRENCY = 20;
/** A page whose push services keep failing is given up after this many tries (about an hour of backoff). */
const MAX_FAILURES = 8;
const backoff = exponentialBackoff(2000, 15 * 60_000);

/**
 * Sends alerts, one shard of a channel's subscribers at a time (due work of kind `push-send`,
 * design.md mechanism 1; the claim is the shard's lease). Pages of subscriptions are read in id
 * order; each subscription is marked sent as soon as its push service took the message, and a page
 * is checkpointed into the work item, so that a node that dies mid-shard leaves the rest to another
 * node, which skips whoever was marked. (A node dying between a push service's answer and the mark
 * can send that one message twice; the push service's topic and the notification's tag make it one
 * notification.) Subscriptions the push service says are gone (404, 410) are removed.
 *
 * The sweeper does not wait for the sends: a tick claims what this node has room for and returns.
 */
export function shardDeliveryTask(store: HeadlineStore, sender: PushSender, options: ShardDeliveryOptions): SweepTask & { idle(): Promise<void> } {
  const limit = options.shardsInFlight ?? 4;
  const inFlight = new Set<Promise<void>>();

  async function work(item: WorkItem): Promise<void> {
    let shard: ShardWork;
    try {
      shard = JSON.parse(item.payload) as ShardWork;
    } catch {
      await store.completeWork(PUSH_SEND_KIND, item);
      return;
    }
    const { channel, alert } = shard;
    const started = Date.now();
    const sentTtlMs = alert.options.ttlSeconds * 1000 + 3_600_000;
    for (;;) {
      const page = await store.readPushSubscriptions(channel, shard.shard, shard.after, PAGE);
      if (page.length === 0) {
        await store.completeWork(PUSH_SEND_KIND, item);
        return;
      }
      const unsent = new Set(await store.unsentPushes(channel, alert.key, page.map((subscription) => subscription.id)));
      let temporaryFailures = 0;
      const queue = page.filter((subscription) => unsent.has(subscription.id));
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
          for (let subscription = queue.shift(); subscription; subscription = queue.shift()) {
            const outcome = await sender.send(subscription, alert.message, alert.options);
            options.onSent?.(outcome);
            if (outcome === 'retry') {
              temporaryFailures++;
              continue;
            }
            if (outcome === 'gone') await store.removePushSubscription(channel, subscription.id);
            await store.markPushSent(channel, alert.key, [subscription.id], sentTtlMs);
          }
        }),
      );
      if (temporaryFailures > 0 && shard.failures + 1 < MAX_FAILURES) {
        // Try this page again later; whoever took the message is marked and not sent it twice.
        shard.failures++;
        await store.retryWork(PUSH_SEND_KIND, item, Date.now() + backoff(shard.failures), JSON.stringify(shard));
        return;
      }
      if (temporaryFailures > 0) options.logger.warn({ channel, alert: alert.key, shard: shard.shard, missed: temporaryFailures }, 'push services kept failing; gave up on a page of subscribers');
      shard.after = page.at(-1)!.id;
      shard.failures = 0;
      if (Date.now() - started > WORK_SLICE_MS) {
        await store.retryWork(PUSH_SEND_KIND, item, Date.now(), JSON.stringify(shard));
        return;
      }
    }
  }

  return {
    name: PUSH_SEND_KIND,
    async run(now) {
      const room = limit - inFlight.size;
      if (room <= 0) return 0;
      const items = await store.claimDueWork(PUSH_SEND_KIND, now, room, CLAIM_MS);
      for (const item of items) {
        const running: Promise<void> = work(item)
          .catch((error: Error) => options.logger.warn({ err: error.message, work: item.id }, 'push sends failed; the shard is due again when its claim lapses'))
          .finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      return items.length;
    },
    async idle() {
      await Promise.all(inFlight);
    },
  };
}
