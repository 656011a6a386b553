import type { Logger } from '../logger.js';
import type { Change } from '../protocol.js';
import type { ChangeBatch, HeadlineStore } from '../store/store.js';
import { ChannelFeed } from './channel-feed.js';

const READ_BLOCK_MS = 5000;
const MAX_RETRY_MS = 5000;
const INTERRUPT_RETRY_MS = 50;

/**
 * Follows the change logs of the channels this node's readers watch and hands every new change,
 * in order, to `onChanges`: a channel's changes read together (those written together among
 * them) in one call. Changes written by any node, or by another system, arrive the same way.
 * When the store is unreachable it keeps its feeds as they are and retries with backoff, resuming
 * from each feed's cursor, so nothing written meanwhile is skipped.
 */
export class ChangeFollower {
  private readonly feeds = new Map<string, ChannelFeed>();
  private readonly activating = new Map<string, Promise<ChannelFeed>>();
  private running = false;
  /** Until the loop has returned, which a stop waits for. */
  private looping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeIdle: (() => void) | undefined;
  private positionsStale = false;
  private interrupting = false;
  /** False while the store cannot be read; readers are being served what the node already has. */
  healthy = true;
  /** Set by an outage: the store may have come back with a shorter history (a failover, a restart without its data). */
  private historyInDoubt = false;

  constructor(
    private readonly store: HeadlineStore,
    private readonly logger: Logger,
    private readonly onChanges: (channel: string, changes: Change[]) => void,
    /** A feed was read again from a fresh snapshot: what its readers were sent may no longer be history. */
    private readonly onResync: (channel: string) => void = () => {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.looping = true;
    this.loopDone = this.loop().finally(() => (this.looping = false));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
  }

  /** The live feed of a channel, starting to follow it if this node was not yet. */
  feed(channel: string): Promise<ChannelFeed> {
    const active = this.feeds.get(channel);
    if (active) return Promise.resolve(active);
    let pending = this.activating.get(channel);
    if (!pending) {
      pending = this.store
        .snapshot(channel)
        .then((snapshot) => {
          const feed = new ChannelFeed(channel, snapshot);
          this.feeds.set(channel, feed);
          this.wake();
          return feed;
        })
        .finally(() => this.activating.delete(channel));
      this.activating.set(channel, pending);
    }
    return pending;
  }

  activeFeed(channel: string): ChannelFeed | undefined {
    return this.feeds.get(channel);
  }

  release(channel: string): void {
    this.feeds.delete(channel);
  }

  get followedChannels(): number {
    return this.feeds.size;
  }

  /**
   * Makes the loop read again with the current feeds, or, once stopped, return. An interrupt can
   * reach Redis before the blocking read it is meant for, so it is repeated until the loop has
   * taken the new positions or returned.
   */
  private wake(): void {
    this.wakeIdle?.();
    this.positionsStale = true;
    if (this.interrupting) return;
    this.interrupting = true;
    const interrupt = () => {
      if (this.running ? !this.positionsStale : !this.looping) {
        this.interrupting = false;
        return;
      }
      this.store.interruptRead();
      setTimeout(interrupt, INTERRUPT_RETRY_MS).unref();
    };
    interrupt();
  }

  /**
   * After an outage, a feed whose cursor the log no longer holds (the primary died before its last
   * writes reached the replica that took over) starts again from a fresh snapshot, and its readers
   * are told, rather than being sent what follows as if nothing had been lost.
   */
  private async resyncLostHistory(): Promise<void> {
    for (const [channel, feed] of this.feeds) {
      if ((await this.store.changesSince(channel, feed.cursor, 1)).kind !== 'stale') continue;
      const fresh = new ChannelFeed(channel, await this.store.snapshot(channel));
      if (this.feeds.get(channel) !== feed) continue;
      this.feeds.set(channel, fresh);
      this.logger.warn({ channel, cursor: feed.cursor, now: fresh.cursor }, "the channel's log no longer holds this node's position; following it again from a snapshot");
      this.onResync(channel);
    }
    this.historyInDoubt = false;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      if (this.feeds.size === 0) {
        await new Promise<void>((resolve) => {
          this.wakeIdle = resolve;
          setTimeout(resolve, READ_BLOCK_MS).unref();
        });
        this.wakeIdle = undefined;
        continue;
      }
      let batch: ChangeBatch;
      try {
        if (this.historyInDoubt) await this.resyncLostHistory();
        const positions = new Map([...this.feeds].map(([channel, feed]) => [channel, feed.cursor]));
        this.positionsStale = false;
        batch = await this.store.readChanges(positions, READ_BLOCK_MS);
      } catch (error) {
        if (failures === 0) this.logger.warn({ err: (error as Error).message }, 'cannot follow change logs; serving readers what this node has');
        this.healthy = false;
        this.historyInDoubt = true;
        failures++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** failures, MAX_RETRY_MS)));
        continue;
      }
      if (failures > 0) this.logger.info({ failures }, 'following change logs again');
      failures = 0;
      this.healthy = true;
      const applied = new Map<string, Change[]>();
      for (const change of batch.changes) {
        if (!this.feeds.get(change.channel)?.apply(change)) continue;
        const changes = applied.get(change.channel);
        if (changes) changes.push(change);
        else applied.set(change.channel, [change]);
      }
      for (const [channel, changes] of applied) this.onChanges(channel, changes);
      for (const [channel, cursor] of batch.readTo) this.feeds.get(channel)?.skipTo(cursor);
    }
  }
}
