// Cursors are `<ms>-<seq>` and rise strictly within a channel; the widget keeps the last one it
// applied per channel and ignores anything not above it.

const CURSOR_PATTERN = /^(\d{1,20})-(\d{1,20})$/;

export function isCursor(value: unknown): value is string {
  return typeof value === 'string' && CURSOR_PATTERN.test(value);
}

/** Orders two cursors numerically (ms, then seq); negative when `a` comes first. */
export function compareCursors(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
