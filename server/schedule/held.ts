import { z } from 'zod';
import type { ScheduledHeadline } from '../protocol.js';

/** Held headlines a channel keeps at most; beyond it, scheduling answers 429 `too_many_scheduled`. */
export const MAX_SCHEDULED_PER_CHANNEL = 200;
/** The furthest ahead a headline may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 3600 * 1000;

/** Soonest first; ties by id, so every store lists them alike. */
export function heldOrder(a: ScheduledHeadline, b: ScheduledHeadline): number {
  const byTime = Date.parse(a.publishAt) - Date.parse(b.publishAt);
  return byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A held headline as read back from Redis, where another system may have written it badly. */
export const storedHeldSchema = z.object({
  id: z.string(),
  channel: z.string(),
  publishAt: z.iso.datetime({ offset: true }),
  text: z.string(),
  url: z.string().optional(),
  urgent: z.boolean(),
  lang: z.string().optional(),
  dir: z.enum(['rtl', 'ltr']).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  ttl: z.number().int().optional(),
  byline: z.string().optional(),
  scheduledBy: z.string(),
  scheduledAt: z.string(),
  updatedAt: z.string(),
  rev: z.number().int().min(1),
  publishing: z.boolean(),
}) satisfies z.ZodType<ScheduledHeadline>;
