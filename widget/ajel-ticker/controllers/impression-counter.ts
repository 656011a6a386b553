import type { StatsBeacon } from '../../../server/protocol.js';
import type { ImpressionsOptions } from './impressions.js';

// The counting itself, in a chunk of its own that impressions.ts imports after the first render
// (nothing can count as seen before a second has passed): the first file readers load is smaller.

/** How long a headline stays half visible before it counts as seen. */
const SEEN_MS = 1_000;
/** How long a count waits for others to go in the same beacon. */
const BEACON_MS = 30_000;

/**
 * Counts what the reader saw and clicked, once per headline per page view, and sends it with
 * navigator.sendBeacon 30 s after the first count it holds and as the page is hidden: ids only, no
 * cookie, no identifier.
 * Seen means at least half visible (on the page and in the bar) for a second without a break.
 */
export class ImpressionCounter {
  private readonly observer: IntersectionObserver;
  private readonly timers = new Map<Element, ReturnType<typeof setTimeout>>();
  /** What this page view counted: `impressions` or `clicks`, then the key. */
  private readonly counted = new Set<string>();
  /** By channel, what the next beacon carries. */
  private pending = new Map<string, StatsBeacon>();
  private beaconTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly options: ImpressionsOptions) {
    this.observer = new IntersectionObserver((entries) => {
      const half = (this.options.viewport()?.clientWidth || Infinity) / 2;
      for (const { target, intersectionRatio, intersectionRect } of entries) {
        clearTimeout(this.timers.get(target));
        this.timers.delete(target);
        if (intersectionRatio >= 0.5 || intersectionRect.width >= half) this.timers.set(target, setTimeout(() => this.count('impressions', (target as HTMLElement).dataset.key!), SEEN_MS));
      }
    }, { threshold: [0, 0.25, 0.5, 0.75, 1] });
    addEventListener('pagehide', this.send);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Watches the items shown now; their second starts afresh. */
  watch(): void {
    this.unwatch();
    for (const item of this.options.items()) this.observer.observe(item);
  }

  /** Counts nothing more, and sends what it holds. */
  stop(): void {
    this.unwatch();
    removeEventListener('pagehide', this.send);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.send();
  }

  /** A click on the link of the headline with this key (`channel/id`). */
  clicked(key: string): void {
    this.count('clicks', key);
  }

  private unwatch(): void {
    this.observer.disconnect();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** A hidden page is not seen: its timers stop, and what it counted goes out while it still can. */
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') return this.watch();
    this.unwatch();
    this.send();
  };

  private count(kind: keyof StatsBeacon, key: string): void {
    if (this.counted.has(kind + key)) return;
    this.counted.add(kind + key);
    const [channel, id] = key.split('/');
    let beacon = this.pending.get(channel);
    if (!beacon) this.pending.set(channel, (beacon = { impressions: [], clicks: [] }));
    beacon[kind].push(id);
    this.beaconTimer ??= setTimeout(this.send, BEACON_MS);
  }

  private readonly send = () => {
    clearTimeout(this.beaconTimer);
    this.beaconTimer = undefined;
    for (const [channel, beacon] of this.pending) navigator.sendBeacon(this.options.endpoint(channel), JSON.stringify(beacon));
    this.pending = new Map();
  };
}
