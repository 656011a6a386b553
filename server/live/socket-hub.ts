import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { canRead } from '../auth/authenticator.js';
import type { ChannelDirectory } from '../channels/directory.js';
import { compareCursors, isCursor } from '../cursor.js';
import { CHANNEL_PATTERN } from '../headlines/schema.js';
import type { Logger } from '../logger.js';
import { TokenBucket } from '../rate-limit.js';
import type {
  Change,
  ClientToServerEvents,
  ErrorBody,
  ServerToClientEvents,
  SubscribeResult,
} from '../protocol.js';
import type { ChangesSince, HeadlineStore } from '../store/store.js';
import type { ChannelFeed } from './channel-feed.js';
import type { ChangeFollower } from './follower.js';
import { dropConnection, unsentBytes } from './slow-consumers.js';
import type { AccessSocket, SocketAccess } from './socket-access.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = AccessSocket;

export interface LiveHubOptions {
  store: HeadlineStore;
  /** Where each answer's channel label comes from. */
  channels: ChannelDirectory;
  follower: ChangeFollower;
  /** Who each connection is, and for how long. */
  access: SocketAccess;
  logger: Logger;
  privateChannels: ReadonlySet<string>;
  /** Channels of this node's configuration: known without asking the store. */
  configuredChannels: readonly string[];
  /** The client's address, after the trusted proxies. */
  addressOf(req: IncomingMessage): string;
  /** Protocol events per second one socket may send; past twice that many refused in a row, it is cut off. */
  eventsPerSecond: number;
  /** Bytes a socket may leave unread before it is cut off as a slow consumer. */
  bufferBytes: number;
  onRefused(budget: 'socket_events' | 'slow_consumer'): void;
  /** Channels one connection may watch at once. */
  maxSubscriptions?: number;
  /** How long a channel nobody here watches stays followed, so a quick reconnect is cheap. */
  releaseAfterMs?: number;
}

/** A channel's watchers that take `changes`, and those that take a `change` each. */
const batchedRoom = (channel: string) => `ch:${channel}`;
const singleRoom = (channel: string) => `ch1:${channel}`;
const roomOf = (socket: LiveSocket, channel: string) => (socket.data.batches ? batchedRoom(channel) : singleRoom(channel));
const failure = (code: string, message: string, field?: string): SubscribeResult => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
});

/** The subscriptions the handshake asked for, checked by `checkHandshakeSubscriptions` on the way in. */
function handshakeSubscriptions(socket: LiveSocket): Array<{ channel: string }> {
  return (socket.handshake.auth as { subscribe?: Array<{ channel: string }> } | undefined)?.subscribe ?? [];
}

/** The store's changes up to the feed's cursor, then the feed's own; undefined if they do not meet. */
function joinToFeed(fromStore: ChangesSince | undefined, feed: ChannelFeed): Change[] | undefined {
  if (fromStore?.kind !== 'changes') return undefined;
  if (compareCursors(fromStore.cursor, feed.cursor) > 0) {
    return fromStore.changes.filter((change) => compareCursors(change.cursor, feed.cursor) <= 0);
  }
  const rest = feed.changesAfter(fromStore.cursor);
  return rest && [...fromStore.changes, ...rest];
}

/**
 * Serves the live protocol: subscribe with an optional cursor (in the handshake, or by `subscribe`
 * later), then every change, pushed to rooms.
 */
export class LiveHub {
  private readonly maxSubscriptions: number;
  private readonly releaseAfterMs: number;
  private readonly knownChannels: Set<string>;
  private readonly releaseTimers = new Map<string, NodeJS.Timeout>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly io: LiveServer,
    private readonly options: LiveHubOptions,
  ) {
    this.maxSubscriptions = options.maxSubscriptions ?? 16;
    this.releaseAfterMs = options.releaseAfterMs ?? 30_000;
    this.knownChannels = new Set(options.configuredChannels);
    io.use((socket: LiveSocket, next) => {
      socket.data.batches = (socket.handshake.auth as { batches?: unknown } | undefined)?.batches === true;
      next();
    });
    io.use(options.access.middleware);
    io.use((socket: LiveSocket, next) => {
      const refusal = this.checkHandshakeSubscriptions(socket);
      next(refusal && Object.assign(new Error(refusal.message), { data: refusal }));
    });
    // Broadcasts do not pass through a hook per socket: look at every socket's unsent bytes a few times a second.
    this.sweep = setInterval(() => {
      for (const socket of this.io.of('/').sockets.values()) this.checkBuffer(socket);
    }, 250);
    this.sweep.unref();
    io.on('connection', (socket: LiveSocket) => this.onConnection(socket));
  }

  /**
   * Drops the connections of a channel's readers without a goodbye, so that they reconnect at once
   * and resume from their cursors: a cursor the log no longer holds is answered with a snapshot.
   */
  resync(channel: string): void {
    for (const room of [batchedRoom(channel), singleRoom(channel)]) {
      for (const id of this.io.sockets.adapter.rooms.get(room) ?? []) this.io.sockets.sockets.get(id)?.conn.close();
    }
  }

  /** Pushes the changes of a channel written together, oldest first, to every socket of this node that watches it. */
  broadcast(channel: string, changes: Change[]): void {
    this.io.to(batchedRoom(channel)).emit('changes', changes);
    this.options.access.countDeliveries([batchedRoom(channel), singleRoom(channel)], changes.length);
    // A broadcast encodes its packet before it looks for sockets: skip the room when nobody is in it.
    if (!this.io.sockets.adapter.rooms.has(singleRoom(channel))) return;
    const single = this.io.to(singleRoom(channel));
    for (const change of changes) single.emit('change', change);
  }

  close(): void {
    this.options.access.close();
    clearInterval(this.sweep);
    for (const timer of this.releaseTimers.values()) clearTimeout(timer);
    this.releaseTimers.clear();
  }

  /** Cuts off a socket whose reader has left more than its budget unread; true if it did. */
  private checkBuffer(socket: LiveSocket): boolean {
    if (unsentBytes(socket.conn) <= this.options.bufferBytes) return false;
    this.options.onRefused('slow_consumer');
    dropConnection(socket.conn);
    return true;
  }

  private onConnection(socket: LiveSocket): void {
    this.options.access.track(socket);
    const subscriptions = new Set<string>();
    const events = new TokenBucket(this.options.eventsPerSecond * 60, this.options.eventsPerSecond * 2);
    let refusedInARow = 0;

    const rateLimited = failure('rate_limited', `at most ${this.options.eventsPerSecond} events a second per connection`);
    /** Takes one event from the budget; false if it is spent (and the socket cut off once it keeps trying). */
    const admit = (): boolean => {
      if (events.take() === 0) {
        refusedInARow = 0;
        return true;
      }
      this.options.onRefused('socket_events');
      if (++refusedInARow > this.options.eventsPerSecond * 2) socket.disconnect(true);
      return false;
    };
    const subscribe = async (request: unknown, ack: (result: SubscribeResult) => void) => {
      try {
        await this.subscribe(socket, subscriptions, request, ack);
      } catch (error) {
        this.options.logger.warn({ err: (error as Error).message }, 'subscribe failed');
        ack(failure('unavailable', 'the channel cannot be read right now; retry shortly'));
      }
    };

    socket.use((packet, next) => {
      if (admit()) return next();
      const ack = packet.at(-1);
      if (socket.connected && typeof ack === 'function') ack(rateLimited);
    });

    socket.on('subscribe', (request, ack) => {
      if (typeof ack === 'function') void subscribe(request, ack);
    });

    // Each handshake subscription counts as the `subscribe` it saves.
    for (const request of handshakeSubscriptions(socket)) {
      const answer = (result: SubscribeResult) => socket.emit('subscribed', request.channel, result);
      if (admit()) void subscribe(request, answer);
      else if (socket.connected) answer(rateLimited);
    }

    socket.on('unsubscribe', (channel, ack) => {
      if (typeof ack !== 'function') return;
      if (typeof channel !== 'string' || !subscriptions.has(channel)) {
        ack({ ok: false, error: { code: 'not_subscribed', message: 'not subscribed to that channel' } });
        return;
      }
      subscriptions.delete(channel);
      socket.leave(roomOf(socket, channel));
      this.releaseLater(channel);
      ack({ ok: true });
    });

    socket.on('token', (token, ack) => {
      if (typeof ack !== 'function') return;
      this.options.access.renew(socket, token, ack).catch(() => ack({ ok: false, error: { code: 'unavailable', message: 'the token cannot be checked right now' } }));
    });

    socket.on('disconnect', () => {
      for (const channel of subscriptions) this.releaseLater(channel);
    });
  }

  /** Answers through `ack` itself: the answer and the room join must happen in the same tick. */
  private async subscribe(
    socket: LiveSocket,
    subscriptions: Set<string>,
    request: unknown,
    ack: (result: SubscribeResult) => void,
  ): Promise<void> {
    const result = await this.prepareSubscription(socket, subscriptions, request);
    if (typeof result === 'function') ack(result());
    else ack(result);
  }

  /** Checks the request and loads what the subscriber lacks; returns a refusal or a synchronous completion. */
  private async prepareSubscription(
    socket: LiveSocket,
    subscriptions: Set<string>,
    request: unknown,
  ): Promise<SubscribeResult | (() => SubscribeResult)> {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return failure('invalid_request', 'subscribe takes { channel, cursor? }');
    }
    const { channel, cursor, ...rest } = request as Record<string, unknown>;
    const unknownField = Object.keys(rest)[0];
    if (unknownField) return failure('unknown_field', `${unknownField}: unknown field`, unknownField);
    if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) {
      return failure('invalid_channel', 'channel: must be a channel slug', 'channel');
    }
    if (cursor !== undefined && !isCursor(cursor)) return failure('invalid_cursor', 'cursor: must be a cursor from this server', 'cursor');
    if (!subscriptions.has(channel) && subscriptions.size >= this.maxSubscriptions) {
      return failure('too_many_subscriptions', `at most ${this.maxSubscriptions} channels per connection`);
    }
    if (subscriptions.has(channel)) {
      // Already watched: every change since the first answer has been pushed, so there is nothing to send again.
      const feed = this.options.follower.activeFeed(channel);
      if (feed) return { ok: true, mode: 'changes', channel, cursor: feed.cursor, changes: [] };
    }
    if (!(await this.channelExists(channel))) return failure('unknown_channel', `no channel named ${channel}`, 'channel');
    if (!canRead(socket.data.identity, channel, this.options.privateChannels)) {
      return failure('forbidden', `channel ${channel} needs a partner token`, 'channel');
    }

    const [feed, label] = await Promise.all([this.options.follower.feed(channel), this.options.channels.label(channel)]);
    const info = label === undefined ? {} : { label };
    // Older than this node remembers: fetch the gap from the store, to be joined to the feed below.
    const fromStore =
      cursor !== undefined && feed.changesAfter(cursor) === undefined
        ? await this.options.store.changesSince(channel, cursor)
        : undefined;

    return () => {
      // Runs in the tick that answers, so no broadcast can fall between what is sent and the join.
      if (socket.disconnected || this.checkBuffer(socket)) return failure('disconnected', 'the connection closed');
      socket.join(roomOf(socket, channel));
      subscriptions.add(channel);
      this.cancelRelease(channel);
      const changes = cursor === undefined ? undefined : (feed.changesAfter(cursor) ?? joinToFeed(fromStore, feed));
      if (!changes) return { ok: true, mode: 'snapshot', ...feed.snapshot(), ...info };
      const latest = compareCursors(cursor!, feed.cursor) > 0 ? cursor! : feed.cursor;
      return { ok: true, mode: 'changes', channel, cursor: latest, changes, ...info };
    };
  }

  /** Refuses a handshake whose `subscribe` is not a list of distinct channels a connection may watch at once. */
  private checkHandshakeSubscriptions(socket: LiveSocket): ErrorBody | undefined {
    const asked = (socket.handshake.auth as { subscribe?: unknown } | undefined)?.subscribe;
    if (asked === undefined) return undefined;
    const channels = Array.isArray(asked) ? asked.map((request) => (request as { channel?: unknown } | null)?.channel) : [];
    const valid = Array.isArray(asked) && channels.every((channel) => typeof channel === 'string' && CHANNEL_PATTERN.test(channel)) && new Set(channels).size === channels.length;
    if (!valid) return { code: 'invalid_subscribe', message: 'subscribe: must be a list of { channel, cursor? }, each channel once', field: 'subscribe' };
    if (asked.length > this.maxSubscriptions) return { code: 'too_many_subscriptions', message: `at most ${this.maxSubscriptions} channels per connection`, field: 'subscribe' };
    return undefined;
  }

  private async channelExists(channel: string): Promise<boolean> {
    if (this.knownChannels.has(channel)) return true;
    const exists = await this.options.store.hasChannel(channel);
    if (exists) this.knownChannels.add(channel);
    return exists;
  }

  private watchers(channel: string): number {
    const { rooms } = this.io.sockets.adapter;
    return (rooms.get(batchedRoom(channel))?.size ?? 0) + (rooms.get(singleRoom(channel))?.size ?? 0);
  }

  private releaseLater(channel: string): void {
    if (this.watchers(channel) > 0 || this.releaseTimers.has(channel)) return;
    const timer = setTimeout(() => {
      this.releaseTimers.delete(channel);
      if (this.watchers(channel) === 0) this.options.follower.release(channel);
    }, this.releaseAfterMs);
    timer.unref();
    this.releaseTimers.set(channel, timer);
  }

  private cancelRelease(channel: string): void {
    const timer = this.releaseTimers.get(channel);
    if (timer) clearTimeout(timer);
    this.releaseTimers.delete(channel);
  }
}

