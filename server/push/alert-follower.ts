import type { ChannelDirectory } from '../channels/directory.js';
import type { Logger } from '../logger.js';
import type { HeadlineStore } from '../store/store.js';
import { withLease } from '../work/lease.js';
import type { SweepTask } from '../work/sweeper.js';
import { alertFor, type PushAlert } from './alerts.js';
import { PUSH_SHARDS } from './subscription.js';

/** The consumer name of the push follower's cursors over the change logs. */
export const PUSH_CONSUMER = 'push';
/** Due work kind of one alert's sends to one shard of a channel's subscribers. */
export const PUSH_SEND_KIND = 'push-send';
/** The sent marks of this batch say which headlines were alerted, so that a retraction knows to withdraw one. */
export const ALERTED_BATCH = 'alerted';

const LEASE_MS = 10_000;
/** Changes read per channel per tick. */
const CHANGES_PER_TICK = 200;

/** What a shard's due work carries: the alert, and how far through the shard it has gone. */
export interface ShardWork {
  channel: string;
  shard: string;
  alert: PushAlert;
  /** The last subscription id sent to (or skipped) in id order; '' before the first. */
  after: string;
  /** Tries at the current page that met a push service's temporary failure. */
  failures: number;
}

/**
 * Follows the change log of every channel with push alerts on (design.md mechanism 3, under a lease
 * per channel so one node does it), and turns each change that calls for an alert into one piece of
 * due work per shard of subscribers. The cursor moves only after the shards are scheduled, so a node
 * that dies in between leaves the next one to schedule them again: same ids, so the work is not doubled.
 * A channel's first look starts at its present: alerts from before it had subscribers are not sent.
 */
export function pushAlertTask(
  store: HeadlineStore,
  channels: ChannelDirectory,
  options: { owner: string; urgentTtlSeconds: number; logger: Logger },
): SweepTask {
  async function follow(channel: string): Promise<number> {
    const record = await channels.current(channel);
    if (!record.pushAlerts) return 0;
    const result = await withLease(store, `push:${channel}`, options.owner, LEASE_MS, async () => {
      const cursor = await store.readConsumerCursor(PUSH_CONSUMER, channel);
      const read = cursor === undefined ? ({ kind: 'stale' } as const) : await store.changesSince(channel, cursor, CHANGES_PER_TICK);
      if (read.kind === 'stale') {
        // A first look, or a log trimmed past the cursor (a long outage): the alerts missed are old news.
        const { cursor: present } = await store.snapshot(channel);
        await store.advanceConsumerCursor(PUSH_CONSUMER, channel, cursor, present);
        return 0;
      }
      if (read.changes.length === 0) return 0;
      const subscribers = await store.countPushSubscriptions(channel);
      let scheduled = 0;
      for (const change of read.changes) {
        const alerted = (await store.unsentPushes(channel, ALERTED_BATCH, [change.id])).length === 0;
        const alert = alertFor(change, record, alerted, Date.now(), options.urgentTtlSeconds);
        if (!alert) continue;
        if (alert.message.type === 'alert') await store.markPushSent(channel, ALERTED_BATCH, [change.id], options.urgentTtlSeconds * 1000 * 2);
        if (subscribers === 0) continue;
        for (const shard of PUSH_SHARDS) {
          const work: ShardWork = { channel, shard, alert, after: '', failures: 0 };
          await store.scheduleWork(PUSH_SEND_KIND, `${channel}/${alert.key}/${shard}`, Date.now(), JSON.stringify(work));
        }
        scheduled++;
        options.logger.info({ channel, headline: change.id, type: alert.message.type, subscribers }, 'push alert scheduled');
      }
      await store.advanceConsumerCursor(PUSH_CONSUMER, channel, cursor, read.cursor);
      return scheduled;
    });
    return result === 'busy' ? 0 : result;
  }

  return {
    name: 'push-alerts',
    async run() {
      let scheduled = 0;
      for (const channel of await store.listChannels()) scheduled += await follow(channel);
      return scheduled;
    },
  };
}
