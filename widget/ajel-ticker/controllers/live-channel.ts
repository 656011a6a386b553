import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Fetch, io, WebSocket, type Socket } from 'socket.io-client';
import type {
  Change,
  ClientToServerEvents,
  ErrorBody,
  Headline,
  ServerToClientEvents,
  SubscribeRequest,
  SubscribeResult,
} from '../../../server/protocol.js';
import { compareCursors, isCursor } from '../cursor.js';
import { readCachedChannel, writeCachedChannel } from '../headline-cache.js';
import { isChange, isExpired, isHeadline, newestFirst } from '../headline.js';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** A live headline and the channel it belongs to. */
export interface LiveEntry {
  channel: string;
  headline: Headline;
}

export interface LiveSource {
  /** Absolute base URL of the Ajel server, ending in `/`. */
  server: string;
  channels: string[];
  /** Read with a partner's token: nothing read is kept in the page's storage. */
  tokened: boolean;
}

export interface LiveChannelDelegate {
  source(): LiveSource;
  /** The token to open a connection with, if the widget reads with one. */
  token(): Promise<string | undefined>;
  /** Whether a fresh token can be had without the page (from `token-url`). */
  tokenRenewable(): boolean;
  /** A change just applied, never one seen before; `previous` is the headline as it was. */
  changed(change: Change, previous: Headline | undefined): void;
  statusChanged(status: ConnectionStatus): void;
  failed(channel: string | undefined, error: ErrorBody): void;
}

interface ChannelState {
  /** The last change applied; undefined until the channel has been loaded once. */
  cursor?: string;
  items: Map<string, Headline>;
  /** Answered by the server on the current connection; changes are applied only then. */
  subscribed: boolean;
  /** Answered by the server (headlines or a refusal) at least once since this widget started following it. */
  synced: boolean;
  /** The channel's own label, as the server last said. */
  label?: string;
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 10_000;
const RETRY_MS = 2_000;
/** How long a connection waits for the answers to the handshake's subscriptions before it subscribes by event. */
const HANDSHAKE_ANSWER_MS = 3_000;
const SAVE_DELAY_MS = 250;
/** Failed connection attempts after which the widget says it is offline rather than connecting. */
const OFFLINE_AFTER_FAILURES = 3;
/** Subscribe errors worth retrying; the others (unknown channel, forbidden, ...) will not get better. */
const RETRYABLE = new Set(['unavailable', 'disconnected']);

/**
 * Follows channels of an Ajel server over Socket.IO: loads the cached state, subscribes with the
 * last cursor (so a reconnection gets exactly the missed changes), applies each change once, keeps
 * the cache up to date and reports the connection status.
 */
export class LiveChannelController implements ReactiveController {
  status: ConnectionStatus = 'connecting';
  private socket?: LiveSocket;
  private following = '';
  private server = '';
  private readonly states = new Map<string, ChannelState>();
  private merged?: LiveEntry[];
  private failures = 0;
  private attached = false;
  private wasLive = false;
  private readonly unsaved = new Set<string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private saveTimer?: ReturnType<typeof setTimeout>;
  private expiryTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly delegate: LiveChannelDelegate,
  ) {
    host.addController(this);
  }

  /** Live headlines of every followed channel, newest first. */
  get entries(): LiveEntry[] {
    if (!this.merged) {
      const now = Date.now();
      const entries: LiveEntry[] = [];
      for (const [channel, state] of this.states) {
        for (const headline of state.items.values()) if (!isExpired(headline, now)) entries.push({ channel, headline });
      }
      this.merged = entries.sort((a, b) => newestFirst(a.headline, b.headline));
      this.scheduleExpiry(now);
    }
    return this.merged;
  }

  /** The label of the first followed channel whose server names one. */
  get label(): string | undefined {
    for (const state of this.states.values()) if (state.label) return state.label;
    return undefined;
  }

  /** Whether the server has answered for every channel at least once. */
  get synced(): boolean {
    return [...this.states.values()].every((state) => state.synced);
  }

  hostConnected(): void {
    addEventListener('online', this.onNetworkChange);
    addEventListener('offline', this.onNetworkChange);
    addEventListener('pagehide', this.save);
    // Open the socket now rather than at the first update, which waits for a frame; a property the
    // page sets in the same script is in by then.
    this.attached = true;
    queueMicrotask(() => this.attached && this.follow(this.delegate.source()));
    this.host.requestUpdate();
  }

  /** Runs before each render, so state loaded from the cache is rendered in the same update. */
  hostUpdate(): void {
    this.follow(this.delegate.source());
  }

  hostDisconnected(): void {
    this.attached = false;
    removeEventListener('online', this.onNetworkChange);
    removeEventListener('offline', this.onNetworkChange);
    removeEventListener('pagehide', this.save);
    this.close();
    this.following = '';
    this.save();
    clearTimeout(this.expiryTimer);
  }

  private follow(source: LiveSource): void {
    const following = JSON.stringify(source);
    if (following === this.following) return;
    this.close();
    this.following = following;
    if (source.server !== this.server) {
      this.save();
      this.states.clear();
      this.server = source.server;
    }
    for (const channel of [...this.states.keys()]) if (!source.channels.includes(channel)) this.states.delete(channel);
    for (const channel of source.channels) if (!this.states.has(channel)) this.states.set(channel, this.loadCached(channel, source.tokened));
    this.merged = undefined;
    if (!source.server || source.channels.length === 0) return;
    this.setStatus(this.wasLive ? 'reconnecting' : 'connecting');
    this.open(source);
  }

  /** Passes a fresher token to the open connection, which stays open. */
  renew(token: string): void {
    if (this.socket?.connected) this.socket.emit('token', token, () => {});
    else if (this.socket && !this.socket.active) this.socket.connect();
  }

  private loadCached(channel: string, tokened: boolean): ChannelState {
    const cached = tokened ? undefined : readCachedChannel(this.server, channel);
    const items = new Map((cached?.headlines ?? []).map((headline) => [headline.id, headline]));
    return { cursor: cached?.cursor, items, label: cached?.label, subscribed: false, synced: false };
  }

  private open({ server, channels }: LiveSource): void {
    const url = new URL(server);
    const socket: LiveSocket = io(url.origin, {
      path: `${url.pathname}socket.io`,
      // Given as implementations, so the bundle carries these two only; long-polling by fetch when
      // WebSocket fails (a proxy or firewall that drops it) on the first attempt as on later ones.
      transports: [WebSocket, Fetch],
      tryAllTransports: true,
      // Asked again at each reconnection, so that it is a fresh token and the cursors are the latest.
      auth: (send) => void this.delegate.token().then((token) => send({ ...(token ? { token } : {}), batches: true, subscribe: channels.map((channel) => this.request(channel)) })),
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      timeout: 10_000,
    });
    this.socket = socket;
    this.failures = 0;

    // The handshake asked for every channel; a node older than that answers none, so ask again then.
    let unanswered = new Set<string>();
    socket.on('connect', () => {
      this.failures = 0;
      unanswered = new Set(channels);
      this.later(() => socket.connected && unanswered.forEach((channel) => this.subscribe(socket, channel)), HANDSHAKE_ANSWER_MS);
    });
    socket.on('subscribed', (channel, result) => {
      if (socket !== this.socket || !unanswered.delete(channel) || !result || typeof result !== 'object') return;
      this.accept(socket, channel, result);
    });
    const take = (change: unknown) => {
      if (!isChange(change)) return;
      const state = this.states.get(change.channel);
      if (state?.subscribed) this.apply(change.channel, state, change);
    };
    // A publish and the eviction it causes come as one message; a node older than that sends one each.
    socket.on('changes', (changes) => Array.isArray(changes) && changes.forEach(take));
    socket.on('change', take);
    socket.on('disconnect', (reason) => {
      for (const state of this.states.values()) state.subscribed = false;
      if (reason === 'io client disconnect') return;
      this.setStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
      // The server closed this connection on purpose (a restart or a deploy): Socket.IO leaves
      // reconnecting to the client, so come back after a pause.
      if (reason === 'io server disconnect') this.later(() => socket.connect(), RETRY_MS);
    });
    // The token expired unrenewed or the partner lost access: nothing private stays on screen.
    socket.on('denied', (error) => {
      for (const [channel, state] of this.states) {
        state.items.clear();
        state.cursor = undefined;
        this.changed(channel);
      }
      this.delegate.failed(undefined, error);
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.failures++;
      if (!socket.active) {
        // Refused by the server (a token it does not accept): retrying with the same would not help.
        this.delegate.failed(undefined, { code: error.data?.code ?? 'connection_refused', message: error.message });
        this.setStatus('offline');
        // A token-url gives a fresh token at the next attempt.
        if (error.data?.code === 'token_expired' && this.delegate.tokenRenewable()) this.later(() => socket.connect(), RETRY_MS);
        return;
      }
      const offline = this.failures >= OFFLINE_AFTER_FAILURES || navigator.onLine === false;
      this.setStatus(offline ? 'offline' : this.wasLive ? 'reconnecting' : 'connecting');
    });
  }

  private close(): void {
    this.socket?.disconnect();
    this.socket = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const state of this.states.values()) state.subscribed = false;
  }

  /** What to subscribe to a channel with: its last cursor, so that only what was missed comes. */
  private request(channel: string): SubscribeRequest {
    const cursor = this.states.get(channel)?.cursor;
    return cursor ? { channel, cursor } : { channel };
  }

  private subscribe(socket: LiveSocket, channel: string): void {
    if (!this.states.has(channel)) return;
    const request = this.request(channel);
    socket.timeout(ACK_TIMEOUT_MS).emit('subscribe', request, (error: Error | null, result: SubscribeResult) => {
      if (socket !== this.socket || !socket.connected) return;
      if (error || !result || typeof result !== 'object') {
        this.later(() => socket.connected && this.subscribe(socket, channel), RETRY_MS);
        return;
      }
      this.accept(socket, channel, result);
    });
  }

  private accept(socket: LiveSocket, channel: string, result: SubscribeResult): void {
    const state = this.states.get(channel);
    if (!state) return;
    if (!result.ok) {
      if (result.error?.code === 'invalid_cursor') {
        state.cursor = undefined;
        this.subscribe(socket, channel);
      } else if (RETRYABLE.has(result.error?.code)) {
        this.later(() => socket.connected && this.subscribe(socket, channel), RETRY_MS);
      } else {
        // Answered for good (forbidden, unknown channel): the other channels are not kept waiting.
        state.synced = true;
        this.delegate.failed(channel, result.error);
      }
      return;
    }
    if (result.mode === 'snapshot') {
      this.replace(channel, state, result.headlines, result.cursor);
    } else {
      for (const change of result.changes) if (isChange(change) && change.channel === channel) this.apply(channel, state, change);
      if (isCursor(result.cursor) && (!state.cursor || compareCursors(result.cursor, state.cursor) > 0)) state.cursor = result.cursor;
    }
    if (typeof result.label === 'string' && result.label !== state.label) {
      state.label = result.label;
      this.host.requestUpdate();
    }
    state.subscribed = true;
    state.synced = true;
    this.wasLive = true;
    this.markUnsaved(channel);
    this.setStatus(navigator.onLine === false ? 'offline' : 'live');
  }

  /** Applies one change unless it was applied already (its cursor is not above the channel's). */
  private apply(channel: string, state: ChannelState, change: Change): void {
    if (state.cursor && compareCursors(change.cursor, state.cursor) <= 0) return;
    const previous = state.items.get(change.id);
    if (change.headline) state.items.set(change.id, change.headline);
    else state.items.delete(change.id);
    state.cursor = change.cursor;
    this.changed(channel);
    this.delegate.changed(change, previous);
  }

  /**
   * Takes a full snapshot (first load, or a reconnection after more was missed than the server
   * keeps). Headlines new or corrected since the state this widget had are reported as changes.
   */
  private replace(channel: string, state: ChannelState, headlines: unknown[], cursor: string): void {
    const before = state.cursor ? state.items : undefined;
    state.items = new Map(headlines.filter(isHeadline).map((headline) => [headline.id, headline]));
    state.cursor = isCursor(cursor) ? cursor : undefined;
    this.changed(channel);
    if (!before) return;
    for (const headline of state.items.values()) {
      const previous = before.get(headline.id);
      if (previous && previous.rev >= headline.rev) continue;
      const type = previous ? 'update' : 'publish';
      this.delegate.changed({ cursor, channel, type, id: headline.id, headline, at: headline.updatedAt }, previous);
    }
  }

  private changed(channel: string): void {
    this.merged = undefined;
    this.markUnsaved(channel);
    this.host.requestUpdate();
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.delegate.statusChanged(status);
    this.host.requestUpdate();
  }

  private readonly onNetworkChange = () => {
    if (!this.socket) return;
    if (navigator.onLine === false) this.setStatus('offline');
    else this.setStatus(this.socket.connected ? 'live' : 'reconnecting');
  };

  private markUnsaved(channel: string): void {
    this.unsaved.add(channel);
    this.saveTimer ??= setTimeout(this.save, SAVE_DELAY_MS);
  }

  private readonly save = () => {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    for (const channel of this.unsaved) {
      const state = this.states.get(channel);
      if (state?.cursor && !this.delegate.source().tokened) writeCachedChannel(this.server, channel, { cursor: state.cursor, headlines: [...state.items.values()], label: state.label });
    }
    this.unsaved.clear();
  };

  /** Re-renders when the next headline expires, even if the server's `expire` change cannot arrive. */
  private scheduleExpiry(now: number): void {
    clearTimeout(this.expiryTimer);
    let next = Infinity;
    for (const state of this.states.values()) {
      for (const headline of state.items.values()) {
        const at = headline.expiresAt ? Date.parse(headline.expiresAt) : NaN;
        if (at > now && at < next) next = at;
      }
    }
    if (next === Infinity) return;
    this.expiryTimer = setTimeout(() => {
      this.merged = undefined;
      this.host.requestUpdate();
    }, Math.min(next - now + 50, 2 ** 31 - 1));
  }

  private later(run: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }
}
