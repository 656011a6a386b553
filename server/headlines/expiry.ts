import type { Logger } from '../logger.js';
import type { HeadlineStore } from '../store/store.js';

/**
 * Retires headlines whose expiry has passed. Every node runs one; the store makes each expiry
 * happen once, and readers hear of it like any other change.
 */
export function startExpirySweeper(store: HeadlineStore, logger: Logger, intervalMs = 1000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const expired = await store.expireDue(Date.now());
      if (expired > 0) logger.debug({ expired }, 'headlines expired');
    } catch {
      // The store is down; the follower already reports it, and the next tick retries.
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
