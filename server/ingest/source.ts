import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CHANNEL_PATTERN } from '../headlines/schema.js';

export const SOURCE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** How a source's items become headlines (README, "Mapping rules"). */
export interface SourceMapping {
  /** A title that starts with it is urgent (`عاجل:`). */
  urgentPrefix?: string;
  /** Whether the prefix stays in the headline; by default it is stripped (the ticker marks urgency itself). */
  keepPrefix: boolean;
  /** An item in one of these categories or tags is urgent (compared without case). */
  urgentCategories: string[];
  /** The language of items when neither the item nor the feed says; without it, the channel's. */
  lang?: string;
}

/** Where headlines come from: a feed Ajel polls, or a CMS that POSTs to `/api/ingest/<id>` (push). */
export interface Source {
  id: string;
  channel: string;
  kind: 'feed' | 'push';
  /** The feed's URL (feed sources only). */
  url?: string;
  mapping: SourceMapping;
  paused: boolean;
  /** Retract a published item once it is no longer in the feed (off by default). */
  retractRemoved: boolean;
  /** The HMAC secret a push source's sender signs with (`whsec_` and base64); never shown after it is issued. */
  pushSecret?: string;
  createdAt: string;
  updatedAt: string;
  rev: number;
}

/** What the poller (or the push endpoint) knows of a source; survives restarts in the store. */
export interface PollState {
  etag?: string;
  lastModified?: string;
  /** When the source is next polled (ms). */
  nextPollAt?: number;
  /** Polls that failed in a row (0 after a success): the backoff grows with it. */
  failures: number;
  lastError?: { message: string; at: string };
  lastSuccessAt?: string;
  /** Whether the first poll (which publishes only a few recent items) is done. */
  started: boolean;
  counts: { polls: number; published: number; corrected: number; retracted: number; skipped: number };
}

export const initialPollState = (): PollState => ({ failures: 0, started: false, counts: { polls: 0, published: 0, corrected: 0, retracted: 0, skipped: 0 } });

/** An item the source has delivered: which headline it became, and a digest of its title then. */
export interface SeenItem {
  /** A digest of the item's GUID, id or link. */
  key: string;
  /** Empty when the item was seen but not published (too old at the first poll). */
  headlineId: string;
  titleDigest: string;
  /** When it was last in the feed (ms); the least recently seen are forgotten first. */
  seenAt: number;
  /** Retracted because it left the feed. */
  gone?: boolean;
}

/** Items remembered per source: far more than any feed carries at once. */
export const MAX_SEEN_ITEMS = 1000;

export const newPushSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** What the API and the CLI show of a source: everything but its push secret. */
export type SourceView = Omit<Source, 'pushSecret'>;

export function viewOfSource(source: Source): SourceView {
  const { pushSecret: _secret, ...view } = source;
  return view;
}

const languageTag = z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/, 'must be a language tag such as "ar" or "en-GB"');
const prefix = z.string().trim().min(1, 'must not be empty').max(32, 'must be at most 32 characters');
const categories = z.array(z.string().trim().min(1).max(64)).max(32);

/** The fields an administrator sets when adding a source. */
export const newSourceSchema = z.strictObject({
  id: z.string().regex(SOURCE_ID_PATTERN, 'must be 1-64 of a-z, 0-9 and "-"').optional(),
  channel: z.string().regex(CHANNEL_PATTERN, 'channel slugs are 1-64 of a-z, 0-9 and "-"'),
  kind: z.enum(['feed', 'push']).default('feed'),
  url: z.string().max(2048).optional(),
  urgentPrefix: prefix.optional(),
  keepPrefix: z.boolean().default(false),
  urgentCategories: categories.default([]),
  lang: languageTag.optional(),
  retractRemoved: z.boolean().default(false),
  paused: z.boolean().default(false),
});

export const sourceUpdateSchema = z.strictObject({
  url: z.string().max(2048).optional(),
  urgentPrefix: prefix.nullable().optional(),
  keepPrefix: z.boolean().optional(),
  urgentCategories: categories.optional(),
  lang: languageTag.nullable().optional(),
  retractRemoved: z.boolean().optional(),
  paused: z.boolean().optional(),
  rev: z.number().int().positive().optional(),
});

/** A source read back from the store; anything else there is not a source. */
export const storedSourceSchema = z.object({
  id: z.string().regex(SOURCE_ID_PATTERN),
  channel: z.string().regex(CHANNEL_PATTERN),
  kind: z.enum(['feed', 'push']),
  url: z.string().optional(),
  mapping: z.object({ urgentPrefix: z.string().optional(), keepPrefix: z.boolean(), urgentCategories: z.array(z.string()), lang: z.string().optional() }),
  paused: z.boolean(),
  retractRemoved: z.boolean(),
  pushSecret: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  rev: z.number().int().positive(),
});

export const storedPollStateSchema = z.object({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  nextPollAt: z.number().optional(),
  failures: z.number().int().min(0),
  lastError: z.object({ message: z.string(), at: z.string() }).optional(),
  lastSuccessAt: z.string().optional(),
  started: z.boolean(),
  counts: z.object({ polls: z.number(), published: z.number(), corrected: z.number(), retracted: z.number(), skipped: z.number() }),
});
