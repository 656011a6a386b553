import type { Logger } from '../logger.js';
import { usageDay, type HeadlineStore, type PartnerUsageIncrement } from '../store/store.js';

/** How often a node adds its counts to the store and reports its live readers. */
const FLUSH_MS = 2_000;

export interface UsageCounters {
  connection(partner: string): void;
  delivery(partner: string, count: number): void;
}


/**
 * One node's count of each partner's use: live readers now, and connections, distinct pages and
 * deliveries since the last flush, added to the store's daily totals every couple of seconds.
 * Counts that cannot be written stay for the next flush.
 */
export class PartnerUsage {
  private pending = new Map<string, { connections: number; deliveries: number; pages: Set<string> }>();
  /** Live readers of each partner on this node; a partner stays until it has been reported at 0. */
  private readonly readers = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly store: HeadlineStore,
    private readonly logger: Logger,
    private readonly node: string,
    private readonly counters: UsageCounters,
  ) {}

  /** Live readers of each partner on this node, for /metrics. */
  get live(): ReadonlyMap<string, number> {
    return this.readers;
  }

  connected(partner: string, page: string | undefined): void {
    this.readers.set(partner, (this.readers.get(partner) ?? 0) + 1);
    const pending = this.pendingOf(partner);
    pending.connections++;
    // At most 1,000 distinct pages of a partner between two flushes: a bound on what one flush holds.
    if (page && pending.pages.size < 1000) pending.pages.add(page);
    this.counters.connection(partner);
  }

  disconnected(partner: string): void {
    this.readers.set(partner, Math.max(0, (this.readers.get(partner) ?? 1) - 1));
  }

  delivered(partner: string, count: number): void {
    this.pendingOf(partner).deliveries += count;
    this.counters.delivery(partner, count);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const now = Date.now();
    try {
      for (const [partner, usage] of batch) {
        const increment: PartnerUsageIncrement = { connections: usage.connections, deliveries: usage.deliveries, pages: [...usage.pages] };
        await this.store.addPartnerUsage(partner, usageDay(now), increment);
        batch.delete(partner);
      }
      const reported = new Map(this.readers);
      await this.store.reportLiveReaders(this.node, reported, now);
      for (const [partner, count] of reported) if (count === 0 && this.readers.get(partner) === 0) this.readers.delete(partner);
    } catch (error) {
      for (const [partner, usage] of batch) {
        const pending = this.pendingOf(partner);
        pending.connections += usage.connections;
        pending.deliveries += usage.deliveries;
        for (const page of usage.pages) pending.pages.add(page);
      }
      this.logger.warn({ err: (error as Error).message }, 'could not write partner usage; keeping it for the next try');
    }
  }

  private pendingOf(partner: string) {
    let pending = this.pending.get(partner);
    if (!pending) this.pending.set(partner, (pending = { connections: 0, deliveries: 0, pages: new Set() }));
    return pending;
  }
}
