import type { PushSubscriptionRecord } from '../push/subscription.js';

/** Readers' push subscriptions and alerts' sent marks for the embedded store, as redis.ts keeps them. */
export class MemoryPush {
  private readonly subscriptions = new Map<string, Map<string, PushSubscriptionRecord>>();
  private readonly sent = new Map<string, { ids: Set<string>; until: number }>();

  add(channel: string, subscription: PushSubscriptionRecord, max: number): 'added' | 'exists' | 'full' {
    const subscriptions = this.channel(channel);
    if (subscriptions.has(subscription.id)) {
      subscriptions.set(subscription.id, subscription);
      return 'exists';
    }
    if (subscriptions.size >= max) return 'full';
    subscriptions.set(subscription.id, subscription);
    return 'added';
  }

  remove(channel: string, id: string): boolean {
    return this.channel(channel).delete(id);
  }

  count(channel: string): number {
    return this.subscriptions.get(channel)?.size ?? 0;
  }

  read(channel: string, shard: string, after: string, limit: number): PushSubscriptionRecord[] {
    return [...this.channel(channel).values()]
      .filter((subscription) => subscription.id.startsWith(shard) && subscription.id > after)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  markSent(channel: string, batch: string, ids: string[], ttlMs: number): void {
    this.forgetLapsed();
    const key = JSON.stringify([channel, batch]);
    const marks = this.sent.get(key) ?? { ids: new Set<string>(), until: 0 };
    for (const id of ids) marks.ids.add(id);
    marks.until = Date.now() + ttlMs;
    this.sent.set(key, marks);
  }

  unsent(channel: string, batch: string, ids: string[]): string[] {
    const marks = this.sent.get(JSON.stringify([channel, batch]));
    if (!marks || marks.until <= Date.now()) return ids;
    return ids.filter((id) => !marks.ids.has(id));
  }

  private forgetLapsed(): void {
    const now = Date.now();
    for (const [key, marks] of this.sent) if (marks.until <= now) this.sent.delete(key);
  }

  private channel(channel: string): Map<string, PushSubscriptionRecord> {
    let subscriptions = this.subscriptions.get(channel);
    if (!subscriptions) this.subscriptions.set(channel, (subscriptions = new Map()));
    return subscriptions;
  }
}
