// IPC between the fan-out coordinator and its load-generator processes.

/** The text of a measured headline: its number and the publisher's send time (CLOCK_MONOTONIC, ns). */
export const headlineText = (seq: number, sentNs: bigint) => `bench ${seq} ${sentNs}`;
export const HEADLINE_TEXT = /^bench (\d+) (\d+)$/;

export interface ConnectOrder {
  kind: 'connect';
  url: string;
  channel: string;
  /** Connections this process opens. */
  count: number;
  /** Handshakes in flight at once. */
  concurrency: number;
  /** Measured headlines each connection should receive. */
  headlines: number;
}

export type CoordinatorMessage = ConnectOrder | { kind: 'report' } | { kind: 'close' };

export interface ConnectedReport {
  kind: 'connected';
  subscribed: number;
  failed: number;
  /** A few distinct failure reasons. */
  errors: string[];
  /** Connect → subscribe acknowledged, per successful connection. */
  setupMs: Float64Array;
}

export interface DeliveryReport {
  kind: 'report';
  /** Publish → receive of headline `seq` at connection `i` in slot `i * headlines + seq`; NaN where none came. */
  latencyMs: Float64Array;
  duplicates: number;
  /** `evict` changes received, over every connection (the channel is full while measured). */
  evictions: number;
  /** Connections that dropped during the run. */
  disconnects: number;
  /** CPU this generator process used, for reading the figures: its own load shares the cores. */
  cpuSeconds: number;
}

export type GeneratorMessage =
  | { kind: 'ready' }
  | ConnectedReport
  /** Every connection of this process has received headline `seq`. */
  | { kind: 'delivered'; seq: number }
  | DeliveryReport;
