import type { Logger } from '../logger.js';

/** One kind of background work a node's sweeper runs each tick; answers how many things it did. */
export interface SweepTask {
  name: string;
  run(now: number): Promise<number>;
}

/**
 * Runs every task once per `intervalMs` on every node, one tick at a time (a slow tick delays the
 * next rather than overlapping it). The store makes each piece of work happen once across nodes; a
 * task that fails (the store is down) is tried again at the next tick.
 */
export function startSweeper(tasks: SweepTask[], logger: Logger, intervalMs = 1000): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    for (const task of tasks) {
      if (stopped) return;
      try {
        const done = await task.run(Date.now());
        if (done > 0) logger.debug({ task: task.name, done }, 'background work done');
      } catch (error) {
        logger.debug({ task: task.name, err: (error as Error).message }, 'background work failed; retrying at the next tick');
      }
    }
    if (!stopped) timer = setTimeout(tick, intervalMs).unref();
  };
  timer = setTimeout(tick, 0).unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
