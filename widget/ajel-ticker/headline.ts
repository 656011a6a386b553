import type { Change, Headline } from '../../server/protocol.js';
import { isCursor } from './cursor.js';

// What arrives from the socket or from localStorage is checked before it is kept: a bad entry is
// dropped rather than allowed to break rendering.

const CHANGE_TYPES = new Set(['publish', 'update', 'retract', 'expire', 'evict']);

export function isHeadline(value: unknown): value is Headline {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return (
    typeof h.id === 'string' &&
    typeof h.text === 'string' &&
    typeof h.publishedAt === 'string' &&
    typeof h.updatedAt === 'string' &&
    typeof h.urgent === 'boolean' &&
    typeof h.rev === 'number' &&
    (h.url === undefined || typeof h.url === 'string') &&
    (h.expiresAt === undefined || typeof h.expiresAt === 'string') &&
    (h.lang === undefined || typeof h.lang === 'string') &&
    (h.dir === undefined || typeof h.dir === 'string')
  );
}

export function isChange(value: unknown): value is Change {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  if (!isCursor(c.cursor) || typeof c.channel !== 'string' || typeof c.id !== 'string' || !CHANGE_TYPES.has(c.type as string)) {
    return false;
  }
  return c.type === 'publish' || c.type === 'update' ? isHeadline(c.headline) : true;
}

const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/**
 * Newest first, as the server orders a channel: ISO times, then ids, by code unit (not by locale,
 * which is slower and may differ). A twin of server/headlines/order.ts: the widget bundles widget/ code only.
 */
export function newestFirst(a: Headline, b: Headline): number {
  return descending(a.publishedAt, b.publishedAt) || descending(a.id, b.id);
}

export function isExpired(headline: Headline, now: number): boolean {
  return headline.expiresAt !== undefined && Date.parse(headline.expiresAt) <= now;
}
