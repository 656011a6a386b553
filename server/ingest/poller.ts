import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger.js';
import { OutboundError, type OutboundClient } from '../net/outbound-client.js';
import type { HeadlineStore, WorkItem } from '../store/store.js';
import { dueWorkTask, type DueWorkOutcome } from '../work/due-work.js';
import { withLease } from '../work/lease.js';
import type { SweepTask } from '../work/sweeper.js';
import type { Ingest, IngestOutcome } from './ingest.js';
import { FeedParseError, parseFeedBody } from './parse.js';
import { initialPollState, type PollState, type Source } from './source.js';

/** The due-work kind of feed polls: one item per feed source, due when it is next polled. */
export const POLL_WORK = 'poll';

export interface PollerOptions {
  /** Between two polls of a source (AJEL_INGEST_INTERVAL). */
  intervalMs: number;
  /** Of one fetch: connecting, redirects and the body. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** This node, as the owner of the leases it takes. */
  node: string;
}

/** The duty of polling one source; its holder renews it while it polls. */
export const pollLease = (id: string) => `src:${id}`;
const LEASE_MS = 5000;

/** The longest wait a feed's Cache-Control or Retry-After can ask for, and the longest backoff. */
const MAX_DELAY_MS = 3_600_000;

/** Seconds of `Retry-After` (a number or an HTTP date), as ms from `now`. */
function retryAfterMs(headers: IncomingHttpHeaders, now: number): number | undefined {
  const value = headers['retry-after'];
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function maxAgeMs(headers: IncomingHttpHeaders): number | undefined {
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(headers['cache-control'] ?? '');
  return match ? Number(match[1]) * 1000 : undefined;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return typeof value === 'string' && value.length <= 512 ? value : undefined;
};

/**
 * Polls feed sources on design.md's mechanisms: which sources are due is due work (`poll`), and each
 * poll runs under the source's lease, so one node at a time polls a source; a node that dies
 * mid-poll loses both, and another polls the source again (the ingest is idempotent).
 */
export class Poller {
  constructor(
    private readonly store: HeadlineStore,
    private readonly outbound: OutboundClient,
    private readonly ingest: Ingest,
    private readonly logger: Logger,
    private readonly options: PollerOptions,
  ) {}

  /** The sweeper task that polls what is due. */
  task(): SweepTask {
    // A claim that lapses while its poll still runs is harmless: the next claimant finds the lease held.
    return dueWorkTask(this.store, POLL_WORK, (item) => this.pollDue(item), {
      leaseMs: this.options.timeoutMs + LEASE_MS,
      batch: 10,
      // A poll that threw could not reach the store: try again after one interval.
      backoffMs: () => this.options.intervalMs,
    });
  }

  /** Polls `id` at `at` (now by default): a new source, one resumed, or "poll now". */
  schedule(id: string, at = Date.now()): Promise<void> {
    return this.store.scheduleWork(POLL_WORK, id, at, '');
  }

  unschedule(id: string): Promise<boolean> {
    return this.store.cancelWork(POLL_WORK, id);
  }

  private async pollDue(item: WorkItem): Promise<DueWorkOutcome> {
    const polled = await withLease(this.store, pollLease(item.id), this.options.node, LEASE_MS, () => this.poll(item.id));
    return polled === 'busy' ? { retryAt: Date.now() + 1000 } : polled;
  }

  /** One poll of one source; answers when it is next due, or done when it is no longer polled. */
  async poll(id: string): Promise<DueWorkOutcome> {
    const source = await this.store.getSource(id);
    if (!source || source.kind !== 'feed' || source.paused || !source.url) return { done: true };
    const state = (await this.store.readPollState(id)) ?? initialPollState();
    state.counts.polls++;
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, */*;q=0.5' };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    const { timeoutMs, maxBytes, maxRedirects } = this.options;
    let response;
    try {
      response = await this.outbound.request(source.url, { headers, timeoutMs, maxBytes, maxRedirects });
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      return this.failed(source, state, `fetching the feed failed: ${error.message} (${error.code})`);
    }
    const now = Date.now();
    if (response.status === 429 || response.status === 503) {
      return this.failed(source, state, `the feed answered HTTP ${response.status}`, retryAfterMs(response.headers, now));
    }
    if (response.status === 304) return this.succeeded(source, state, response.headers);
    if (response.status < 200 || response.status > 299) return this.failed(source, state, `the feed answered HTTP ${response.status}`);
    let feed;
    try {
      feed = parseFeedBody(response.body.toString('utf8'));
    } catch (error) {
      if (!(error instanceof FeedParseError)) throw error;
      return this.failed(source, state, error.message);
    }
    const outcome = await this.ingest.apply(source, feed, { first: !state.started, complete: true });
    state.etag = header(response.headers, 'etag');
    state.lastModified = header(response.headers, 'last-modified');
    return this.succeeded(source, state, response.headers, outcome);
  }

  private async succeeded(source: Source, state: PollState, headers: IncomingHttpHeaders, outcome?: IngestOutcome): Promise<DueWorkOutcome> {
    const now = Date.now();
    const delay = Math.min(Math.max(this.options.intervalMs, maxAgeMs(headers) ?? 0), Math.max(this.options.intervalMs, MAX_DELAY_MS));
    Object.assign(state, { failures: 0, started: true, lastSuccessAt: new Date(now).toISOString(), nextPollAt: now + delay });
    if (outcome) {
      recordOutcome(state, outcome, now);
      if (outcome.published + outcome.corrected + outcome.retracted > 0) this.logger.info({ source: source.id, channel: source.channel, ...outcome, problems: undefined }, 'feed ingested');
    }
    await this.store.writePollState(source.id, state);
    return { retryAt: now + delay };
  }

  /** A failed poll: the next one waits longer each time (or as long as the feed asked), up to an hour. */
  private async failed(source: Source, state: PollState, message: string, askedMs?: number): Promise<DueWorkOutcome> {
    const now = Date.now();
    state.failures++;
    const backoff = Math.min(this.options.intervalMs * 2 ** state.failures, Math.max(this.options.intervalMs, MAX_DELAY_MS));
    const delay = askedMs === undefined ? backoff : Math.min(Math.max(this.options.intervalMs, askedMs), 24 * MAX_DELAY_MS);
    Object.assign(state, { lastError: { message, at: new Date(now).toISOString() }, nextPollAt: now + delay });
    this.logger.warn({ source: source.id, url: source.url, err: message, failures: state.failures }, 'feed poll failed');
    await this.store.writePollState(source.id, state);
    return { retryAt: now + delay };
  }
}

/** Adds an ingest's counts to a source's state; skipped items make its last error. */
export function recordOutcome(state: PollState, outcome: IngestOutcome, now: number): void {
  state.counts.published += outcome.published;
  state.counts.corrected += outcome.corrected;
  state.counts.retracted += outcome.retracted;
  state.counts.skipped += outcome.skipped;
  if (outcome.problems.length > 0) {
    const more = outcome.problems.length > 1 ? ` (and ${outcome.problems.length - 1} more skipped)` : '';
    state.lastError = { message: `${outcome.problems[0]}${more}`, at: new Date(now).toISOString() };
  }
}
