import type { AuditEntry, ScheduledHeadline } from '../protocol.js';
import { heldOrder } from '../schedule/held.js';

/** Held headlines (server/schedule/) for the embedded store, with the semantics of redis-schedule.ts. */
export class MemorySchedule {
  private readonly held = new Map<string, Map<string, ScheduledHeadline>>();

  constructor(private readonly audit: (entry: Omit<AuditEntry, 'at' | 'cursor'>) => void) {}

  hold(held: ScheduledHeadline, maxPerChannel: number): 'held' | 'full' | 'exists' {
    const channel = this.channel(held.channel);
    if (channel.has(held.id)) return 'exists';
    if (channel.size >= maxPerChannel) return 'full';
    channel.set(held.id, structuredClone(held));
    this.audit({ actor: held.scheduledBy, action: 'schedule', channel: held.channel, id: held.id, text: held.text });
    return 'held';
  }

  get(channel: string, id: string): ScheduledHeadline | undefined {
    const held = this.held.get(channel)?.get(id);
    return held && structuredClone(held);
  }

  list(channel: string): ScheduledHeadline[] {
    return [...(this.held.get(channel)?.values() ?? [])].sort(heldOrder).map((held) => structuredClone(held));
  }

  edit(held: ScheduledHeadline, expectedRev: number, actor: string): 'edited' | 'conflict' | 'missing' | 'publishing' {
    const current = this.held.get(held.channel)?.get(held.id);
    if (!current) return 'missing';
    if (current.publishing) return 'publishing';
    if (current.rev !== expectedRev) return 'conflict';
    this.channel(held.channel).set(held.id, structuredClone(held));
    this.audit({ actor, action: 'schedule_edit', channel: held.channel, id: held.id, text: held.text });
    return 'edited';
  }

  cancel(channel: string, id: string, actor: string): 'cancelled' | 'missing' | 'publishing' {
    const current = this.held.get(channel)?.get(id);
    if (!current) return 'missing';
    if (current.publishing) return 'publishing';
    this.channel(channel).delete(id);
    this.audit({ actor, action: 'schedule_cancel', channel, id, text: current.text });
    return 'cancelled';
  }

  startPublishing(channel: string, id: string, rev: number): ScheduledHeadline | 'conflict' | 'missing' {
    const current = this.held.get(channel)?.get(id);
    if (!current) return 'missing';
    if (!current.publishing && current.rev !== rev) return 'conflict';
    current.publishing = true;
    return structuredClone(current);
  }

  release(channel: string, id: string): void {
    this.held.get(channel)?.delete(id);
  }

  private channel(channel: string): Map<string, ScheduledHeadline> {
    let held = this.held.get(channel);
    if (!held) this.held.set(channel, (held = new Map()));
    return held;
  }
}
