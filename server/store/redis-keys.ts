import { createHash } from 'node:crypto';

/**
 * The key layout, documented in the README for systems that read or write it directly. It is the
 * same on a single Redis and on a Cluster: every key one script touches carries the hash tag of what
 * it serves (`{ch:<channel>}`, `{partners}`, `{partner:<id>}`, `{channels}`, `{expiring}`), so each
 * atomic step is in one slot. The only global indexes (`{channels}`, `{expiring}`) are written in
 * steps of their own, in an order that a failure between steps cannot turn into a lost or doubled
 * write (see `RedisStore`).
 */
export const keys = {
  /** Index of registered channels, for listing; the registration itself is `registered(channel)`. */
  channels: 'ajel:{channels}',
  /** Channel → when its next headline expires (ms): which channels the sweepers look at. */
  expiring: 'ajel:{expiring}',
  /** Channel → the position of its log at which its entry in `expiring` was read (newer views win). */
  expiringView: 'ajel:{expiring}:view',
  storedKeys: 'ajel:keys',
  /** Hash of partner id → partner JSON; with its version in one slot (`{partners}`). */
  partners: 'ajel:{partners}',
  partnersVersion: 'ajel:{partners}:version',
  /** A partner's counts of one day (`connections`, `deliveries`) and its distinct pages (HyperLogLog). */
  partnerUsage: (partner: string, day: string) => `ajel:{partner:${partner}}:usage:${day}`,
  partnerPages: (partner: string, day: string) => `ajel:{partner:${partner}}:pages:${day}`,
  /** Node id → `readers:at` (ms) of a partner's live readers. */
  partnerLive: (partner: string) => `ajel:{partner:${partner}}:live`,
  /** Due work of one kind (server/work/): id → due time (ms), and id → `{payload, attempts, claim}` JSON. */
  workDue: (kind: string) => `ajel:{work:${kind}}:due`,
  workItems: (kind: string) => `ajel:{work:${kind}}:items`,
  /** The owner of a duty, with the lease's time to live. */
  lease: (name: string) => `ajel:{lease:${name}}`,
  /** Channel → the cursor up to which a consumer of the change logs has handled that channel's log. */
  consumerCursors: (consumer: string) => `ajel:{consumer:${consumer}}:cursors`,
  /** Hash of webhook endpoint id → endpoint JSON (server/webhooks/). */
  webhooks: 'ajel:{webhooks}',
  /** An endpoint's last delivery attempts, newest first (JSON). */
  webhookAttempts: (id: string) => `ajel:{webhook:${id}}:attempts`,
  /** An endpoint's dead letters, newest first (JSON). */
  webhookDead: (id: string) => `ajel:{webhook:${id}}:dead`,
  /** Dead letters queued to be sent again, oldest first (JSON). */
  webhookReplay: (id: string) => `ajel:{webhook:${id}}:replay`,
  /** Index of feed sources (server/ingest/), for listing; the source itself is `sourceRecord(id)`. */
  sources: 'ajel:{sources}',
  /** A source's JSON, its poll state JSON, and the items it delivered: key → JSON, and key → when last seen (ms). */
  sourceRecord: (id: string) => `ajel:{src:${id}}:record`,
  sourceState: (id: string) => `ajel:{src:${id}}:state`,
  sourceSeen: (id: string) => `ajel:{src:${id}}:seen`,
  sourceSeenAt: (id: string) => `ajel:{src:${id}}:seen-at`,
  /** Present once the channel is registered. */
  registered: (channel: string) => `ajel:{ch:${channel}}:registered`,
  items: (channel: string) => `ajel:{ch:${channel}}:items`,
  order: (channel: string) => `ajel:{ch:${channel}}:order`,
  expiry: (channel: string) => `ajel:{ch:${channel}}:expiry`,
  log: (channel: string) => `ajel:{ch:${channel}}:log`,
  /** Who changed what in the channel, as the change happened (merged across channels when read). */
  audit: (channel: string) => `ajel:{ch:${channel}}:audit`,
  /** Readers' counts of live headlines (server/stats/): id → `HeadlineCounts` JSON, removed with the headline. */
  counts: (channel: string) => `ajel:{ch:${channel}}:counts`,
  /** Held headlines (server/schedule/): id → `ScheduledHeadline` JSON. */
  held: (channel: string) => `ajel:{ch:${channel}}:held`,
  /** The channel's record (title, language, link, label...): JSON of `StoredChannel`. */
  record: (channel: string) => `ajel:{ch:${channel}}:meta`,
  /** Readers' push subscriptions: id → `PushSubscriptionRecord` JSON, and the ids in order (all scores 0), which shards are read from. */
  pushSubscriptions: (channel: string) => `ajel:{ch:${channel}}:push:subs`,
  pushIds: (channel: string) => `ajel:{ch:${channel}}:push:ids`,
  /** The subscriptions an alert's sends reached (`batch`), expiring with the alert. */
  pushSent: (channel: string, batch: string) => `ajel:{ch:${channel}}:push:sent:${batch}`,
  /** One caller's key (SHA-256 of the JSON `[actor, key]`): two callers' keys never meet. */
  idempotency: (channel: string, actor: string, key: string) =>
    `ajel:{ch:${channel}}:idem:${createHash('sha256').update(JSON.stringify([actor, key])).digest('hex')}`,
};

/**
 * The Pub/Sub channel each write script publishes the new cursor on, which Cluster followers wait
 * on (a single Redis's followers block on the logs themselves). A wake-up only: the log is the truth.
 */
export const changesChannel = (channel: string) => `ajel:changes:${channel}`;
export const CHANGES_CHANNEL_PREFIX = 'ajel:changes:';
