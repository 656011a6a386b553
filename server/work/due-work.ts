import type { HeadlineStore, WorkItem } from '../store/store.js';
import type { SweepTask } from './sweeper.js';

/** What a handler decided about one claimed item. */
export type DueWorkOutcome = { done: true } | { retryAt: number; payload?: string };

export interface DueWorkOptions {
  /** How long a claim holds: longer than one item's work may take. */
  leaseMs: number;
  /** Items claimed per tick. */
  batch?: number;
  /** Delay before retry n (1-based) of an item whose handler threw; by default exponential from 1 s, capped at 1 h. */
  backoffMs?: (attempts: number) => number;
}

export const exponentialBackoff = (baseMs: number, capMs: number) => (attempts: number) => Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));

/**
 * Due work of one kind (design.md mechanism 1) as a sweeper task: claims what is due, lets
 * `handle` work each item and completes it or puts it back for a retry. An item whose handler throws
 * is retried with backoff; one whose node dies mid-work is due again when its claim lapses, so
 * `handle` must be idempotent.
 */
export function dueWorkTask(
  store: HeadlineStore,
  kind: string,
  handle: (item: WorkItem, now: number) => Promise<DueWorkOutcome>,
  options: DueWorkOptions,
): SweepTask {
  const backoff = options.backoffMs ?? exponentialBackoff(1000, 3_600_000);
  return {
    name: kind,
    async run(now) {
      const items = await store.claimDueWork(kind, now, options.batch ?? 50, options.leaseMs);
      let done = 0;
      await Promise.all(
        items.map(async (item) => {
          let outcome: DueWorkOutcome;
          try {
            outcome = await handle(item, now);
          } catch {
            outcome = { retryAt: Date.now() + backoff(item.attempts) };
          }
          if ('done' in outcome) {
            if (await store.completeWork(kind, item)) done++;
          } else {
            await store.retryWork(kind, item, outcome.retryAt, outcome.payload);
          }
        }),
      );
      return done;
    },
  };
}
