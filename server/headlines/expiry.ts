import type { HeadlineStore } from '../store/store.js';
import type { SweepTask } from '../work/sweeper.js';

/**
 * Retires headlines whose expiry has passed, as a task of every node's sweeper; the store makes
 * each expiry happen once, and readers hear of it like any other change.
 */
export function expiryTask(store: HeadlineStore): SweepTask {
  return { name: 'expiry', run: (now) => store.expireDue(now) };
}
