// The order of a channel's headlines. Kept free of dependencies: the editor console sorts with it.
import type { Headline } from '../protocol.js';

const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/** Newest first, then by id by code unit: the order of Redis' sorted set (score, then member bytes), not a locale's. */
export function headlineOrder(a: Headline, b: Headline): number {
  return descending(a.publishedAt, b.publishedAt) || descending(a.id, b.id);
}
