import { compareCursors } from '../cursor.js';
import type { Change, Headline, Snapshot } from '../protocol.js';
import { headlineOrder } from '../headlines/order.js';

/**
 * A node's live copy of one channel: its headlines at `cursor`, and the most recent changes, so
 * that subscribers are served without a store round trip and resume exactly where they left off.
 */
export class ChannelFeed {
  private readonly headlines = new Map<string, Headline>();
  private readonly recent: Change[] = [];
  /** The recent changes are complete from just after this cursor. */
  private recentFrom: string;
  private ordered: Headline[] | undefined;
  cursor: string;

  constructor(
    readonly channel: string,
    snapshot: Snapshot,
    private readonly recentLimit = 1000,
  ) {
    for (const headline of snapshot.headlines) this.headlines.set(headline.id, headline);
    this.cursor = snapshot.cursor;
    this.recentFrom = snapshot.cursor;
  }

  /** Applies a change after `cursor`; returns false (ignoring it) for one already applied. */
  apply(change: Change): boolean {
    if (compareCursors(change.cursor, this.cursor) <= 0) return false;
    if (change.headline) this.headlines.set(change.id, change.headline);
    else this.headlines.delete(change.id);
    this.ordered = undefined;
    this.cursor = change.cursor;
    this.recent.push(change);
    if (this.recent.length > this.recentLimit) this.recentFrom = this.recent.splice(0, this.recent.length - this.recentLimit).at(-1)!.cursor;
    return true;
  }

  /** Moves past log entries that were not changes (malformed ones written by another system). */
  skipTo(cursor: string): void {
    if (compareCursors(cursor, this.cursor) > 0) this.cursor = cursor;
  }

  snapshot(): Snapshot {
    this.ordered ??= [...this.headlines.values()].sort(headlineOrder);
    return { channel: this.channel, cursor: this.cursor, headlines: this.ordered };
  }

  /**
   * The changes after `cursor` up to the feed's own, or undefined when they are no longer all here,
   * or when `cursor` is no position this feed passed through: one from a history the log lost (a
   * failover), which only the store can tell from a position it skipped to.
   */
  changesAfter(cursor: string): Change[] | undefined {
    if (compareCursors(cursor, this.recentFrom) < 0 || compareCursors(cursor, this.cursor) > 0) return undefined;
    let start = this.recent.length;
    while (start > 0 && compareCursors(this.recent[start - 1].cursor, cursor) > 0) start--;
    const known = cursor === this.cursor || (start === 0 ? cursor === this.recentFrom : this.recent[start - 1].cursor === cursor);
    return known ? this.recent.slice(start) : undefined;
  }
}
