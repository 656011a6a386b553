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

/** Newest first, as the server orders a channel. */
export function newestFirst(a: Headline, b: Headline): number {
  return b.publishedAt.localeCompare(a.publishedAt) || b.id.localeCompare(a.id);
}

export function isExpired(headline: Headline, now: number): boolean {
  return headline.expiresAt !== undefined && Date.parse(headline.expiresAt) <= now;
}
