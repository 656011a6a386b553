import type { RedisClientType, RedisClusterType } from 'redis';
import { changesChannel, CHANGES_CHANNEL_PREFIX, keys } from './redis-keys.js';
import { StoreUnavailableError } from './store.js';

export type StreamEntry = [string, string[]];

/** Entries read per channel at a time; a channel further behind is read again at once. */
const READ_COUNT = 1000;

export interface LogReader {
  /**
   * The entries after each channel's position, oldest first, waiting up to `blockMs` for some.
   * Returns early, possibly empty, after `interrupt()`.
   */
  read(positions: ReadonlyMap<string, string>, blockMs: number): Promise<Array<[channel: string, entries: StreamEntry[]]>>;
  interrupt(): void;
}

/**
 * On one Redis: one XREAD BLOCK over every followed log, on a connection of its own so that it never
 * holds up writes; `interrupt` unblocks it with CLIENT UNBLOCK from the writer's connection.
 */
export class BlockingLogReader implements LogReader {
  private readerId: number | undefined;

  constructor(
    private readonly reader: RedisClientType,
    private readonly writer: RedisClientType,
  ) {
    reader.on('ready', () => {
      reader.sendCommand<number>(['CLIENT', 'ID']).then(
        (id) => (this.readerId = id),
        () => undefined,
      );
    });
  }

  async read(positions: ReadonlyMap<string, string>, blockMs: number) {
    const channelOf = new Map([...positions.keys()].map((channel) => [keys.log(channel), channel]));
    let reply: Array<[string, StreamEntry[]]> | null;
    try {
      reply = await this.reader.sendCommand<Array<[string, StreamEntry[]]> | null>([
        'XREAD', 'COUNT', String(READ_COUNT), ...(blockMs > 0 ? ['BLOCK', String(blockMs)] : []), 'STREAMS', ...channelOf.keys(), ...positions.values(),
      ]);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    return (reply ?? []).flatMap(([key, entries]): Array<[string, StreamEntry[]]> => (channelOf.has(key) ? [[channelOf.get(key)!, entries]] : []));
  }

  interrupt(): void {
    if (this.readerId !== undefined && this.writer.isReady) {
      this.writer.sendCommand(['CLIENT', 'UNBLOCK', String(this.readerId)]).catch(() => undefined);
    }
  }
}

/**
 * On a Cluster, where one command may only name keys of one slot: every write script publishes on
 * the channel's `ajel:changes:<channel>` (plain Pub/Sub, which the Cluster passes to every node, so
 * no slot move ever drops a subscription), and each wake-up is followed by a non-blocking XREAD of
 * that channel's log from the node that owns it (node-redis follows MOVED and ASK). A wake-up lost
 * (a connection that dropped, a raw XADD that published nothing) costs at most `blockMs`: a read
 * that hears nothing for that long reads every followed log.
 */
export class NotifiedLogReader implements LogReader {
  private readonly listening = new Set<string>();
  /** Channels to read at the next call: woken, just subscribed, or not read in full last time. */
  private readonly due = new Set<string>();
  private wake: ((why: 'message' | 'interrupt') => void) | undefined;
  private readonly onMessage = (_cursor: unknown, name: string | Buffer) => {
    const channel = String(name).slice(CHANGES_CHANNEL_PREFIX.length);
    if (!this.listening.has(channel)) return;
    this.due.add(channel);
    this.wake?.('message');
  };

  constructor(
    private readonly cluster: RedisClusterType,
    private readonly send: (key: string, args: string[]) => Promise<unknown>,
  ) {}

  async read(positions: ReadonlyMap<string, string>, blockMs: number) {
    const deadline = Date.now() + blockMs;
    await this.listenTo(positions);
    if (blockMs <= 0) this.markDue(positions.keys());
    for (;;) {
      const found = await this.readDue(positions);
      const remaining = deadline - Date.now();
      if (found.length > 0 || remaining <= 0) return found;
      // A wake-up that came while the logs were being read: read again before waiting.
      if ([...positions.keys()].some((channel) => this.due.has(channel))) continue;
      const woken = await new Promise<'message' | 'interrupt' | 'timeout'>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), remaining);
        this.wake = (why) => {
          clearTimeout(timer);
          resolve(why);
        };
      });
      this.wake = undefined;
      if (woken === 'interrupt') return [];
      if (woken === 'timeout') {
        this.markDue(positions.keys());
        return this.readDue(positions);
      }
    }
  }

  /** Reads the logs of the channels that are due, from the node that owns each. */
  private async readDue(positions: ReadonlyMap<string, string>): Promise<Array<[string, StreamEntry[]]>> {
    const channels = [...positions.keys()].filter((channel) => this.due.has(channel));
    for (const channel of channels) this.due.delete(channel);
    try {
      const read = await Promise.all(channels.map(async (channel): Promise<[string, StreamEntry[]]> => {
        const log = keys.log(channel);
        const reply = (await this.send(log, ['XREAD', 'COUNT', String(READ_COUNT), 'STREAMS', log, positions.get(channel)!])) as Array<[string, StreamEntry[]]> | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === READ_COUNT) this.due.add(channel);
        return [channel, entries];
      }));
      return read.filter(([, entries]) => entries.length > 0);
    } catch (error) {
      this.markDue(channels);
      throw error;
    }
  }

  private markDue(channels: Iterable<string>): void {
    for (const channel of channels) this.due.add(channel);
  }

  interrupt(): void {
    this.wake?.('interrupt');
  }

  /** After a node came back: wake-ups may have been lost while it was away. */
  readAll(): void {
    this.markDue(this.listening);
    this.wake?.('message');
  }

  close(): void {
    this.wake?.('interrupt');
  }

  /** Subscribes to the wake-ups of newly followed channels (before their first read, so none is missed). */
  private async listenTo(positions: ReadonlyMap<string, string>): Promise<void> {
    const added = [...positions.keys()].filter((channel) => !this.listening.has(channel));
    const dropped = [...this.listening].filter((channel) => !positions.has(channel));
    try {
      if (added.length > 0) await this.cluster.SUBSCRIBE(added.map(changesChannel), this.onMessage);
      if (dropped.length > 0) await this.cluster.UNSUBSCRIBE(dropped.map(changesChannel), this.onMessage);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    for (const channel of added) {
      this.listening.add(channel);
      this.due.add(channel);
    }
    for (const channel of dropped) {
      this.listening.delete(channel);
      this.due.delete(channel);
    }
  }
}
