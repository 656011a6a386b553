import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import { compareCursors } from '../../../server/cursor.js';
import { headlineOrder } from '../../../server/headlines/order.js';
import type { Change, ClientToServerEvents, Headline, ServerToClientEvents, SubscribeResult } from '../../../server/protocol.js';

export type FeedStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'failed';

export interface FeedTarget {
  server: string;
  key: string;
  channel: string;
}

/** How long a headline changed by someone stays highlighted. */
const FRESH_MS = 6000;

/**
 * The live headlines of one channel over Socket.IO: a snapshot on subscribe, then every change;
 * after a reconnect it resumes from the last cursor it applied, so no change is missed or applied twice.
 * It follows whatever `target()` returns on each host update (signing out returns undefined).
 */
export class ChannelFeedController implements ReactiveController {
  status: FeedStatus = 'idle';
  headlines: Headline[] = [];
  /** The cursor of the last change applied; changes at or before it are ignored. */
  cursor?: string;
  /** Ids of headlines published or corrected while watching, to highlight them briefly (a new set on every change). */
  fresh: ReadonlySet<string> = new Set();
  error?: string;

  private socket?: Socket<ServerToClientEvents, ClientToServerEvents>;
  private hostIsConnected = false;
  private connection?: string;
  private channel?: string;
  private readonly items = new Map<string, Headline>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => FeedTarget | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.hostIsConnected = true;
    this.follow();
  }

  hostUpdated(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.hostIsConnected = false;
    this.close();
  }

  private follow(): void {
    if (!this.hostIsConnected) return;
    const target = this.target();
    const connection = target && `${target.server}\n${target.key}`;
    if (connection !== this.connection) {
      this.close();
      this.connection = connection;
      if (target) this.open(target);
    } else if (target && target.channel !== this.channel) {
      if (this.channel && this.socket?.connected) this.socket.emit('unsubscribe', this.channel, () => {});
      this.watch(target.channel);
    }
  }

  private open(target: FeedTarget): void {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(target.server || undefined, {
      auth: { key: target.key, batches: true },
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      forceNew: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('connect', () => this.subscribe());
    socket.on('disconnect', () => this.setStatus('reconnecting'));
    socket.on('connect_error', (error) => {
      // A refusal by the server (not a network failure) is not retried by Socket.IO.
      if (!socket.active) this.error = error.message;
      this.setStatus(!socket.active ? 'failed' : this.status === 'connecting' ? 'connecting' : 'reconnecting');
    });
    socket.on('changes', (changes) => {
      if (Array.isArray(changes)) for (const change of changes) this.apply(change, true);
    });
    // From a node older than `changes` (during a rolling deploy).
    socket.on('change', (change) => this.apply(change, true));
    this.watch(target.channel);
  }

  private watch(channel: string): void {
    this.channel = channel;
    this.cursor = undefined;
    this.items.clear();
    this.fresh = new Set();
    this.headlines = [];
    this.error = undefined;
    this.setStatus('connecting');
    if (this.socket?.connected) this.subscribe();
  }

  private subscribe(): void {
    const channel = this.channel;
    if (!channel || !this.socket) return;
    const request = this.cursor ? { channel, cursor: this.cursor } : { channel };
    this.socket.emit('subscribe', request, (result: SubscribeResult) => {
      if (channel !== this.channel) return;
      if (!result.ok) {
        this.error = result.error.message;
        this.setStatus('failed');
        return;
      }
      if (result.mode === 'snapshot') {
        this.items.clear();
        for (const headline of result.headlines) this.items.set(headline.id, headline);
        this.cursor = result.cursor;
        this.refresh();
      } else {
        for (const change of result.changes) this.apply(change, false);
        if (!this.cursor || compareCursors(result.cursor, this.cursor) > 0) this.cursor = result.cursor;
      }
      this.setStatus('live');
    });
  }

  private apply(change: Change, live: boolean): void {
    if (change.channel !== this.channel || (this.cursor && compareCursors(change.cursor, this.cursor) <= 0)) return;
    this.cursor = change.cursor;
    if (change.headline) {
      this.items.set(change.id, change.headline);
      if (live) this.markFresh(change.id);
    } else {
      this.items.delete(change.id);
      this.setFresh(change.id, false);
    }
    this.refresh();
  }

  private markFresh(id: string): void {
    this.setFresh(id, true);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.setFresh(id, false);
      this.host.requestUpdate();
    }, FRESH_MS);
    this.timers.add(timer);
  }

  private setFresh(id: string, fresh: boolean): void {
    if (this.fresh.has(id) === fresh) return;
    const next = new Set(this.fresh);
    if (fresh) next.add(id);
    else next.delete(id);
    this.fresh = next;
  }

  private refresh(): void {
    this.headlines = [...this.items.values()].sort(headlineOrder);
    this.host.requestUpdate();
  }

  private setStatus(status: FeedStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.host.requestUpdate();
  }

  private close(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.channel = undefined;
    this.connection = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.items.clear();
    this.fresh = new Set();
    this.headlines = [];
    this.cursor = undefined;
    this.status = 'idle';
  }
}
