import { randomUUID } from 'node:crypto';
import type { WorkItem } from './store.js';

interface ScheduledItem {
  dueAt: number;
  payload: string;
  attempts: number;
  claim: string;
}

/**
 * The three background-work mechanisms of design.md for the embedded store, with the semantics of
 * their Redis versions (redis-work.ts): due work, leases, consumer cursors.
 */
export class MemoryWork {
  private readonly schedules = new Map<string, Map<string, ScheduledItem>>();
  private readonly leases = new Map<string, { owner: string; until: number }>();
  private readonly cursors = new Map<string, Map<string, string>>();

  schedule(kind: string, id: string, dueAt: number, payload: string): void {
    this.kind(kind).set(id, { dueAt, payload, attempts: 0, claim: '' });
  }

  cancel(kind: string, id: string): boolean {
    return this.kind(kind).delete(id);
  }

  get(kind: string, id: string): WorkItem | undefined {
    const item = this.kind(kind).get(id);
    return item && { id, ...item };
  }

  claimDue(kind: string, now: number, limit: number, leaseMs: number): WorkItem[] {
    const due = [...this.kind(kind)].filter(([, item]) => item.dueAt <= now).sort(([, a], [, b]) => a.dueAt - b.dueAt).slice(0, limit);
    return due.map(([id, item]) => {
      const claimed = { id, ...item, attempts: item.attempts + 1, claim: randomUUID() };
      Object.assign(item, { dueAt: now + leaseMs, attempts: claimed.attempts, claim: claimed.claim });
      return claimed;
    });
  }

  complete(kind: string, claimed: Pick<WorkItem, 'id' | 'claim'>): boolean {
    const item = this.kind(kind).get(claimed.id);
    if (!item || item.claim !== claimed.claim) return false;
    this.kind(kind).delete(claimed.id);
    return true;
  }

  retry(kind: string, claimed: Pick<WorkItem, 'id' | 'claim'>, dueAt: number, payload?: string): boolean {
    const item = this.kind(kind).get(claimed.id);
    if (!item || item.claim !== claimed.claim) return false;
    item.dueAt = dueAt;
    item.claim = '';
    if (payload !== undefined) item.payload = payload;
    return true;
  }

  acquireLease(name: string, owner: string, ttlMs: number): boolean {
    const now = Date.now();
    const lease = this.leases.get(name);
    if (lease && lease.until > now && lease.owner !== owner) return false;
    this.leases.set(name, { owner, until: now + ttlMs });
    return true;
  }

  releaseLease(name: string, owner: string): void {
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
  }

  readCursor(consumer: string, channel: string): string | undefined {
    return this.cursors.get(consumer)?.get(channel);
  }

  advanceCursor(consumer: string, channel: string, expected: string | undefined, next: string): boolean {
    const cursors = this.cursors.get(consumer) ?? new Map<string, string>();
    if (cursors.get(channel) !== expected) return false;
    cursors.set(channel, next);
    this.cursors.set(consumer, cursors);
    return true;
  }

  dropCursors(consumer: string): void {
    this.cursors.delete(consumer);
  }

  private kind(kind: string): Map<string, ScheduledItem> {
    let items = this.schedules.get(kind);
    if (!items) this.schedules.set(kind, (items = new Map()));
    return items;
  }
}
