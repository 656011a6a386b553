import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsSources {
  sockets(): number;
  followedChannels(): number;
  following(): boolean;
  /** Live readers of each partner on this node. */
  partnerReaders(): ReadonlyMap<string, number>;
  /** Push subscribers of each channel with push alerts on (read from the store when scraped). */
  pushSubscribers(): Promise<ReadonlyMap<string, number>>;
}

/** Prometheus metrics of one server instance (its own registry, so tests can run many). */
export class Metrics {
  readonly registry = new Registry();
  readonly writes = new Counter({
    name: 'ajel_writes_total',
    help: 'Editor writes by action and HTTP status',
    labelNames: ['action', 'status'] as const,
    registers: [this.registry],
  });
  readonly pushes = new Counter({
    name: 'ajel_changes_pushed_total',
    help: 'Changes this node pushed to its readers, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly followLag = new Histogram({
    name: 'ajel_follow_lag_seconds',
    help: 'Time from a change entering the log to this node pushing it',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'ajel_refusals_total',
    help: 'Requests, connections and events refused or cut off by a budget, by budget',
    labelNames: ['budget'] as const,
    registers: [this.registry],
  });

  // Labelled by partner id: only partners an admin registered get a label, so their number bounds the series.
  readonly partnerConnections = new Counter({
    name: 'ajel_partner_connections_total',
    help: "Connections opened with each partner's token on this node",
    labelNames: ['partner'] as const,
    registers: [this.registry],
  });
  readonly partnerDeliveries = new Counter({
    name: 'ajel_partner_deliveries_total',
    help: "Changes this node pushed to each partner's readers (one per reader)",
    labelNames: ['partner'] as const,
    registers: [this.registry],
  });

  readonly pushSends = new Counter({
    name: 'ajel_push_sends_total',
    help: 'Alerts this node sent to push services, by outcome (sent, gone, refused, retry)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricsSources, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    new Gauge({ name: 'ajel_sockets', help: 'Connected readers on this node', registers, collect() { this.set(sources.sockets()); } });
    new Gauge({ name: 'ajel_followed_channels', help: 'Channels this node follows', registers, collect() { this.set(sources.followedChannels()); } });
    new Gauge({ name: 'ajel_following_up', help: '1 while this node can read the change logs', registers, collect() { this.set(sources.following() ? 1 : 0); } });
    new Gauge({
      name: 'ajel_partner_readers',
      help: "Live readers with each partner's token on this node",
      labelNames: ['partner'] as const,
      registers,
      collect() {
        this.reset();
        for (const [partner, readers] of sources.partnerReaders()) this.set({ partner }, readers);
      },
    });
    new Gauge({
      name: 'ajel_push_subscribers',
      help: 'Readers subscribed to each channel\'s urgent alerts by Web Push (all nodes)',
      labelNames: ['channel'] as const,
      registers,
      async collect() {
        this.reset();
        for (const [channel, subscribers] of await sources.pushSubscribers()) this.set({ channel }, subscribers);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
