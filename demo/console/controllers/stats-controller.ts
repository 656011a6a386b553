import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChannelStats, EditorApi } from '../api/editor-api.js';

export interface StatsSource {
  api?: EditorApi;
  channel?: string;
  /** The headlines shown, in order: when they change, the counts are read again. */
  ids: string[];
}

/** Readers' counts move slowly (beacons come every 30 s): every 10 s is fresh enough. */
const REFRESH_MS = 10_000;

/** Readers' counts of a channel's live headlines and its push subscribers, read every 10 s and whenever the headlines change. */
export class StatsController implements ReactiveController {
  /** Undefined until the channel's counts have been read. */
  stats?: ChannelStats;
  private timer?: ReturnType<typeof setInterval>;
  /** The key and channel, and the headline ids, the counts were last read for. */
  private readFor = { scope: '', ids: '' };
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => StatsSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => void this.load(), REFRESH_MS);
  }

  hostUpdated(): void {
    const { api, channel, ids } = this.source();
    const next = { scope: `${api?.key} ${channel}`, ids: ids.join(' ') };
    if (next.scope === this.readFor.scope && next.ids === this.readFor.ids) return;
    if (next.scope !== this.readFor.scope) this.stats = undefined;
    this.readFor = next;
    void this.load();
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.readFor = { scope: '', ids: '' };
    this.generation++;
  }

  /** A failed read keeps the counts shown: they come back at the next one. */
  private async load(): Promise<void> {
    const { api, channel } = this.source();
    if (!api || !channel) return;
    const generation = ++this.generation;
    try {
      const stats = await api.stats(channel);
      if (generation !== this.generation) return;
      this.stats = stats;
      this.host.requestUpdate();
    } catch {
      // The next refresh tries again.
    }
  }
}
