import type { HeadlineStore } from '../store/store.js';

/**
 * Runs `work` while holding duty `name` (design.md mechanism 2), renewing the lease every third of
 * `ttlMs`. Answers `'busy'` without running when another node holds it. `work` gets a signal that
 * aborts when the lease is lost (a renewal failed or was refused): it should stop at its next step,
 * since another node may take over from its last checkpoint.
 */
export async function withLease<T>(
  store: HeadlineStore,
  name: string,
  owner: string,
  ttlMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | 'busy'> {
  if (!(await store.acquireLease(name, owner, ttlMs))) return 'busy';
  const lost = new AbortController();
  const renewal = setInterval(() => {
    store.acquireLease(name, owner, ttlMs).then(
      (held) => held || lost.abort(new Error(`lease ${name} was taken over`)),
      (error) => lost.abort(error),
    );
  }, Math.max(10, Math.floor(ttlMs / 3)));
  renewal.unref();
  try {
    return await work(lost.signal);
  } finally {
    clearInterval(renewal);
    if (!lost.signal.aborted) await store.releaseLease(name, owner).catch(() => {});
  }
}
