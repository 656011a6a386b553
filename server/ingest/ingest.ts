import { InputError } from '../headlines/schema.js';
import { NotFoundError, type HeadlineService } from '../headlines/service.js';
import { IdempotencyKeyReusedError, type HeadlineStore } from '../store/store.js';
import { digestOf, headlineInput, titleDigest } from './mapping.js';
import type { FeedItem } from './parse.js';
import type { SeenItem, Source } from './source.js';

/** Items read per poll or push, in feed order; a feed carrying more is cut there. */
export const MAX_ITEMS_PER_FETCH = 200;

export interface IngestOptions {
  /** At a source's first poll, at most this many items are published... */
  firstPollItems: number;
  /** ...and only those newer than this (ms); the rest are remembered as seen. */
  firstPollMaxAgeMs: number;
  now?: () => number;
}

export interface IngestOutcome {
  published: number;
  corrected: number;
  retracted: number;
  skipped: number;
  /** Why items were skipped, one line each. */
  problems: string[];
}

/** The audit log's actor of what a source writes. */
export const sourceActor = (source: Pick<Source, 'id'>) => `source:${source.id}`;

/**
 * Turns a source's items into headlines, each once: an item is known by its key (GUID, id or link)
 * across polls, nodes and restarts (the source's seen items in the store, and an idempotency key
 * per item for a write that was done but not recorded); a changed title corrects its headline.
 */
export class Ingest {
  private readonly now: () => number;

  constructor(
    private readonly store: HeadlineStore,
    private readonly headlines: HeadlineService,
    private readonly channelLanguage: (channel: string) => Promise<string>,
    private readonly options: IngestOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * `first`: the source's first poll, which publishes only a few recent items. `complete`: `items`
   * is the whole feed, so a published item missing from it has left it (retracted when the source says so).
   */
  async apply(source: Source, feed: { lang?: string; items: FeedItem[] }, mode: { first: boolean; complete: boolean }): Promise<IngestOutcome> {
    const outcome: IngestOutcome = { published: 0, corrected: 0, retracted: 0, skipped: 0, problems: [] };
    const skip = (item: FeedItem, why: string) => {
      outcome.skipped++;
      outcome.problems.push(`item ${JSON.stringify((item.key ?? item.title ?? '').slice(0, 80))}: ${why}`);
    };
    const now = this.now();
    const seen = new Map((await this.store.readSeenItems(source.id)).map((item) => [item.key, item]));
    const channelLang = await this.channelLanguage(source.channel);
    const actor = sourceActor(source);

    const current = new Map<string, FeedItem>();
    for (const item of feed.items.slice(0, MAX_ITEMS_PER_FETCH)) {
      if (!item.key?.trim()) skip(item, 'has no GUID, id or link to know it by');
      else if (!current.has(digestOf(item.key.trim()))) current.set(digestOf(item.key.trim()), item);
    }
    const firstChosen = new Set(
      mode.first
        ? [...current]
            .filter(([key, item]) => !seen.has(key) && (item.date === undefined || item.date >= now - this.options.firstPollMaxAgeMs))
            .sort(([, a], [, b]) => (b.date ?? now) - (a.date ?? now))
            .slice(0, this.options.firstPollItems)
            .map(([key]) => key)
        : [],
    );

    const updates: SeenItem[] = [];
    let lastPublishedAt = 0;
    // Oldest first, so the newest headline ends up on top of the ticker: by date when every item has
    // one, else the feed's order (newest first) reversed.
    const ordered = [...current].reverse();
    if (ordered.every(([, item]) => item.date !== undefined)) ordered.sort(([, a], [, b]) => a.date! - b.date!);
    for (const [key, item] of ordered) {
      const digest = titleDigest(item);
      const prior = seen.get(key);
      if (prior) {
        if (prior.titleDigest === digest || prior.gone) {
          updates.push({ ...prior, seenAt: now });
          continue;
        }
        if (prior.headlineId !== '') {
          try {
            const input = headlineInput(item, source, feed.lang, channelLang);
            await this.headlines.update(source.channel, prior.headlineId, { text: input.text }, actor);
            outcome.corrected++;
          } catch (error) {
            if (error instanceof InputError) {
              skip(item, `its corrected title was not applied: ${error.message}`);
              updates.push({ ...prior, seenAt: now });
              continue;
            }
            // A headline that expired or was retracted meanwhile has nothing left to correct.
            if (!(error instanceof NotFoundError)) throw error;
          }
        }
        updates.push({ ...prior, titleDigest: digest, seenAt: now });
        continue;
      }
      if (mode.first && !firstChosen.has(key)) {
        updates.push({ key, headlineId: '', titleDigest: digest, seenAt: now });
        continue;
      }
      try {
        const input = headlineInput(item, source, feed.lang, channelLang);
        // Headlines of one millisecond are ordered by their random ids: each gets its own, so the feed's order stands.
        while (Date.now() <= lastPublishedAt) await new Promise((resolve) => setTimeout(resolve, 1));
        lastPublishedAt = Date.now();
        const result = await this.headlines.publish(source.channel, input, { name: actor }, `source:${source.id}:${key}`);
        if (!result.replayed) outcome.published++;
        updates.push({ key, headlineId: result.headline.id, titleDigest: digest, seenAt: now });
      } catch (error) {
        if (error instanceof InputError) skip(item, error.message);
        else if (error instanceof IdempotencyKeyReusedError) skip(item, 'it was published earlier with another title, and not recorded; it is left as it is');
        else throw error;
      }
    }

    if (source.retractRemoved && mode.complete && current.size > 0) {
      for (const prior of seen.values()) {
        if (prior.headlineId === '' || prior.gone || current.has(prior.key)) continue;
        try {
          await this.headlines.retract(source.channel, prior.headlineId, actor);
          outcome.retracted++;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
        updates.push({ ...prior, gone: true });
      }
    }
    await this.store.recordSeenItems(source.id, updates);
    return outcome;
  }
}
