import { directionOf } from '../headlines/language.js';
import type { ChannelRecord } from '../protocol.js';
import type { HeadlineStore } from '../store/store.js';
import { defaultChannel } from './defaults.js';
import { ChannelExistsError, type StoredChannel } from './record.js';
import type { ChannelCreateInput, ChannelUpdateInput } from './schema.js';

export interface ChannelDirectoryOptions {
  privateChannels: ReadonlySet<string>;
  /** Language of a channel without a record whose slug does not start with one (AJEL_CHANNEL_LANGUAGE). */
  defaultLanguage: string;
  /** How long a record read for a feed or a subscriber is reused before it is read again. */
  cacheMs?: number;
}

/** A write lost to a concurrent one is retried on the newer record this many times. */
const WRITE_ATTEMPTS = 5;

/**
 * Channels' records: the stored one, or the defaults for a channel nobody has described. Callers
 * check that the channel exists first; the directory answers for any slug.
 */
export class ChannelDirectory {
  private readonly cacheMs: number;
  private readonly recent = new Map<string, { record: ChannelRecord; until: number }>();

  constructor(
    private readonly store: HeadlineStore,
    private readonly options: ChannelDirectoryOptions,
  ) {
    this.cacheMs = options.cacheMs ?? 15_000;
  }

  async get(channel: string): Promise<ChannelRecord> {
    return (await this.list([channel]))[0];
  }

  async list(channels: string[]): Promise<ChannelRecord[]> {
    const stored = await this.store.readChannelRecords(channels);
    return channels.map((channel) => this.publicRecord(stored.get(channel) ?? this.defaults(channel)));
  }

  /**
   * The record for a feed or a subscriber: this node's copy for up to `cacheMs` (a change made
   * through this node shows at once, one made through another within `cacheMs`), so that
   * subscribing costs no store round trip. While the store is unreachable, the last copy read.
   */
  async current(channel: string): Promise<ChannelRecord> {
    const cached = this.recent.get(channel);
    if (cached && cached.until > Date.now()) return cached.record;
    try {
      return this.remember(await this.get(channel));
    } catch (error) {
      if (cached) return cached.record;
      throw error;
    }
  }

  /** The channel's label for a subscriber; undefined while the store cannot say (the widget keeps its own). */
  async label(channel: string): Promise<string | undefined> {
    return this.current(channel).then(
      (record) => record.label,
      () => undefined,
    );
  }

  /** Adds a new channel; throws ChannelExistsError when the slug is registered (configured or added). */
  async create(input: ChannelCreateInput, actor: string): Promise<ChannelRecord> {
    const { channel, ...fields } = input;
    const base = defaultChannel(channel, this.options.defaultLanguage, fields.lang);
    const record = this.stamp({ ...base, ...definedOnly(fields) }, 1, actor);
    if ((await this.store.createChannel(record)) === 'exists') throw new ChannelExistsError(channel);
    return this.remember(this.publicRecord(record));
  }

  /**
   * Changes the given fields of a registered channel's record; `dir` follows a new `lang` unless
   * given. Returns undefined when the channel is not registered.
   */
  async update(channel: string, input: ChannelUpdateInput, actor: string): Promise<ChannelRecord | undefined> {
    for (let attempt = 1; ; attempt++) {
      const current = (await this.store.readChannelRecords([channel])).get(channel) ?? this.defaults(channel);
      const { link, ...fields } = input;
      const next: StoredChannel = { ...current, ...definedOnly(fields) };
      if (input.lang !== undefined && input.dir === undefined) next.dir = directionOf(input.lang);
      if (link === null) delete next.link;
      else if (link !== undefined) next.link = link;
      const record = this.stamp(next, current.rev + 1, actor);
      const result = await this.store.writeChannelRecord(record, current.rev);
      if (result === 'missing') return undefined;
      if (result === 'written') return this.remember(this.publicRecord(record));
      if (attempt === WRITE_ATTEMPTS) throw new Error(`the record of ${channel} kept changing while it was written`);
    }
  }

  private remember(record: ChannelRecord): ChannelRecord {
    this.recent.set(record.channel, { record, until: Date.now() + this.cacheMs });
    return record;
  }

  private defaults(channel: string): StoredChannel {
    return defaultChannel(channel, this.options.defaultLanguage);
  }

  private stamp(record: StoredChannel, rev: number, actor: string): StoredChannel {
    return { ...record, rev, updatedAt: new Date().toISOString(), updatedBy: actor };
  }

  private publicRecord(record: StoredChannel): ChannelRecord {
    return { ...record, private: this.options.privateChannels.has(record.channel) };
  }
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
