// IPC between the abuse coordinator and its two helper processes (honest readers, attackers), and
// the client addresses each side presents to the node through X-Forwarded-For.

export const ATTACKS = ['subscribe-flood-paused', 'subscribe-flood-reading', 'connection-flood', 'key-guessing', 'slow-consumer', 'http-read-flood'] as const;
export type AttackName = (typeof ATTACKS)[number];

/** Every attacker presents this one address (TEST-NET-3); the node trusts X-Forwarded-For from loopback. */
export const ATTACKER_ADDRESS = '203.0.113.66';
/** The honest publisher's address; the key guesser uses it too, to show a valid key is never refused. */
export const PUBLISHER_ADDRESS = '198.51.100.10';
/** Honest reader `index` has an address of its own, so the per-address caps meet each reader once. */
export const readerAddress = (index: number) => `10.77.${Math.floor(index / 250)}.${(index % 250) + 1}`;

/** A private channel, for `?key=` guesses on its feed. */
export const PRIVATE_CHANNEL = 'ar-partners';

/** How hard each attack pushes; see the README's abuse paragraph. */
export const ATTACK_SETTINGS = {
  floodPaused: { sockets: 4, eventsPerSecond: 3000, sessionMs: 2000 },
  floodReading: { backoffMs: 100 },
  connectionFlood: { connections: 3000, inFlight: 100 },
  keyGuessing: { httpLoops: 4, socketLoops: 2 },
  slowConsumer: { sockets: 50, eventsPerSecond: 8 },
  readFlood: { loops: 8 },
} as const;

// Honest readers.

export interface ReadersConnectOrder {
  kind: 'connect';
  url: string;
  channel: string;
  count: number;
  concurrency: number;
  /** Headline numbers 0 … slots-1 may be measured. */
  slots: number;
}

export type ReadersOrder = ReadersConnectOrder | { kind: 'report' } | { kind: 'close' };

export interface ReadersConnected {
  kind: 'connected';
  subscribed: number;
  failed: number;
  errors: string[];
}

export interface ReadersReport {
  kind: 'report';
  /** Publish → receive of headline `seq` at reader `i` in slot `i * slots + seq`; NaN where none came. */
  latencyMs: Float64Array;
  duplicates: number;
  /** Readers that dropped while measured (the node cut them off, or died). */
  disconnects: number;
}

export type ReadersMessage = { kind: 'ready' } | ReadersConnected | { kind: 'delivered'; seq: number } | ReadersReport;

// Attackers.

export interface AttackOrder {
  kind: 'attack';
  attack: AttackName;
  url: string;
  channel: string;
  durationMs: number;
}

/**
 * What one attack did and got. `sent` counts its requests, events or connection attempts;
 * `accepted` what the node served; `refused` what it answered with a refusal (429, 503,
 * `rate_limited`, 401...); `disconnects` connections the node cut off. `detail` breaks them down.
 */
export interface AttackReport {
  kind: 'report';
  attack: AttackName;
  elapsedMs: number;
  sent: number;
  accepted: number;
  refused: number;
  disconnects: number;
  /** Network errors: connections reset or refused by the kernel, timeouts. */
  errors: number;
  /** Bytes the attackers read back from the node. */
  bytesReceived: number;
  detail: Record<string, number>;
  /** A few distinct error messages. */
  errorSamples: string[];
}

export type AttackerMessage = { kind: 'ready' } | AttackReport;
