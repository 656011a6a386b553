import { io, type Socket } from 'socket.io-client';
import { compareCursors } from '../../server/cursor.js';
import type { Change, ClientToServerEvents, Headline, ServerToClientEvents, SubscribeResult } from '../../server/protocol.js';

export interface ReaderOptions {
  key?: string;
  /** A partner's embed token. */
  token?: string;
  /** The `Origin` the reader's requests carry, as a browser page's would. */
  origin?: string;
  /** The page the reader is on (`Referer`). */
  referer?: string;
  /** False for a reader as widgets were before `changes`: sent a `change` message each. */
  batches?: boolean;
  /** Channels to subscribe to in the handshake (`auth.subscribe`), answered by `subscribed` messages. */
  subscribe?: Array<{ channel: string; cursor?: string }>;
}

/**
 * A reader as the widget is one: applies snapshots and changes per channel, keeps the cursor, and
 * records every change it was sent, and the messages they came in, so tests can check for gaps
 * and duplicates.
 */
export class TestReader {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly received: Change[] = [];
  /** The changes of each message, as sent. */
  readonly messages: Change[][] = [];
  readonly state = new Map<string, { cursor: string; headlines: Map<string, Headline> }>();
  /** The `subscribed` answers to the handshake's subscriptions, by channel. */
  readonly answers = new Map<string, SubscribeResult>();

  constructor(url: string, options: ReaderOptions = {}) {
    const batches = options.batches ?? true;
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: {
        ...(options.key ? { key: options.key } : {}),
        ...(options.token ? { token: options.token } : {}),
        batches,
        ...(options.subscribe ? { subscribe: options.subscribe } : {}),
      },
      extraHeaders: { ...(options.origin ? { origin: options.origin } : {}), ...(options.referer ? { referer: options.referer } : {}) },
    });
    const take = (changes: Change[]) => {
      this.messages.push(changes);
      for (const change of changes) {
        this.received.push(change);
        this.apply(change);
      }
    };
    this.socket.on('changes', take);
    this.socket.on('change', (change) => take([change]));
    this.socket.on('subscribed', (channel, result) => {
      this.accept(channel, result);
      this.answers.set(channel, result);
    });
  }

  /** Applies the answer inside the ack callback: a change sent right after it may be handled before any promise continuation. */
  subscribe(channel: string, cursor?: string): Promise<SubscribeResult> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(5000).emit('subscribe', cursor === undefined ? { channel } : { channel, cursor }, (error, result) => {
        if (error) return reject(error);
        this.accept(channel, result);
        resolve(result);
      });
    });
  }

  /** The `subscribed` answer for a channel the handshake asked for; fails after 5 s without one. */
  async answer(channel: string): Promise<SubscribeResult> {
    await waitUntil(() => this.answers.has(channel), `the answer for ${channel}`);
    return this.answers.get(channel)!;
  }

  cursor(channel: string): string | undefined {
    return this.state.get(channel)?.cursor;
  }

  headlines(channel: string): Headline[] {
    return [...(this.state.get(channel)?.headlines.values() ?? [])];
  }

  close(): void {
    this.socket.close();
  }

  private accept(channel: string, result: SubscribeResult): void {
    if (result.ok && result.mode === 'snapshot') {
      this.state.set(channel, { cursor: result.cursor, headlines: new Map(result.headlines.map((h) => [h.id, h])) });
    } else if (result.ok) {
      for (const change of result.changes) this.apply(change);
      const entry = this.state.get(channel);
      if (entry && compareCursors(result.cursor, entry.cursor) > 0) entry.cursor = result.cursor;
    }
  }

  private apply(change: Change): void {
    const entry = this.state.get(change.channel) ?? { cursor: '0-0', headlines: new Map() };
    this.state.set(change.channel, entry);
    if (compareCursors(change.cursor, entry.cursor) <= 0) return;
    entry.cursor = change.cursor;
    if (change.headline) entry.headlines.set(change.id, change.headline);
    else entry.headlines.delete(change.id);
  }
}

export async function connectReader(url: string, options: ReaderOptions = {}): Promise<TestReader> {
  const reader = new TestReader(url, options);
  await new Promise<void>((resolve, reject) => {
    reader.socket.once('connect', () => resolve());
    reader.socket.once('connect_error', reject);
  });
  return reader;
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
