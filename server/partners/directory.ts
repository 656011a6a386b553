import type { Logger } from '../logger.js';
import type { HeadlineStore } from '../store/store.js';
import { partnerOriginAllowed, type Partner } from './partner.js';

/**
 * Every node's copy of the partners, so that a token is checked without a store round trip. It
 * follows the store's partner version: a change written on any node reaches this one within
 * `refreshMs`, and listeners hear which partners changed (to cut sockets a change no longer allows).
 */
export class PartnerDirectory {
  private partners = new Map<string, Partner>();
  private version: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly listeners = new Set<(changed: Partner[], removed: string[]) => void>();

  constructor(
    private readonly store: HeadlineStore,
    private readonly logger: Logger,
    private readonly refreshMs = 1000,
  ) {}

  /** True once the partners have been read from the store at least once. */
  get loaded(): boolean {
    return this.version !== undefined;
  }

  get(id: string): Partner | undefined {
    return this.partners.get(id);
  }

  /**
   * The partner as the store has it now if this copy may be behind: a partner added or rotated on
   * another node a moment ago is known here at once, not after the next refresh.
   */
  async getCurrent(id: string, isCurrent: (partner: Partner) => boolean): Promise<Partner | undefined> {
    const partner = this.partners.get(id);
    if (partner && isCurrent(partner)) return partner;
    await this.refresh();
    return this.partners.get(id);
  }

  /** Whether an active partner registered `origin`, so its pages may load the widget and connect (with its token). */
  registers(origin: string): boolean {
    for (const partner of this.partners.values()) if (partner.status === 'active' && partnerOriginAllowed(partner, origin)) return true;
    return false;
  }

  /** The active partner licensed for `channel` that registered `origin`, if there is one. */
  licenseeAt(origin: string, channel: string): Partner | undefined {
    for (const partner of this.partners.values()) {
      if (partner.status === 'active' && partner.channels.includes(channel) && partnerOriginAllowed(partner, origin)) return partner;
    }
    return undefined;
  }

  onChange(listener: (changed: Partner[], removed: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reloads the partners if the store's version moved; concurrent calls share one reload. */
  refresh(): Promise<void> {
    this.refreshing ??= this.reload().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async reload(): Promise<void> {
    try {
      const version = await this.store.partnersVersion();
      if (version === this.version) return;
      const next = new Map((await this.store.listPartners()).map((partner) => [partner.id, partner]));
      const changed = [...next.values()].filter((partner) => this.partners.get(partner.id)?.rev !== partner.rev);
      const removed = [...this.partners.keys()].filter((id) => !next.has(id));
      this.partners = next;
      const first = this.version === undefined;
      this.version = version;
      if (!first) for (const listener of this.listeners) listener(changed, removed);
    } catch (error) {
      // The last copy stays in use while the store is unreachable.
      this.logger.warn({ err: (error as Error).message }, 'could not refresh the partners; keeping the last copy');
    }
  }
}
