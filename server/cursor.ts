// Cursors are Redis stream entry ids (`<ms>-<seq>`); the embedded store makes the same kind.

export const ORIGIN_CURSOR = '0-0';

const CURSOR_PATTERN = /^(\d{1,20})-(\d{1,20})$/;

export function isCursor(value: unknown): value is string {
  return typeof value === 'string' && CURSOR_PATTERN.test(value);
}

/** Orders two cursors; negative when `a` comes first. */
export function compareCursors(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
