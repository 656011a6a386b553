import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { Identity } from '../auth/authenticator.js';
import type { SignInGuard } from '../auth/sign-in-guard.js';
import { originAllowed } from '../http/cors.js';
import type { PartnerDirectory } from '../partners/directory.js';
import { looksLikeToken, type EmbedTokens } from '../partners/embed-tokens.js';
import type { PartnerUsage } from '../stats/partner-usage.js';
import type { ClientToServerEvents, ErrorBody, ServerToClientEvents, TokenResult } from '../protocol.js';

export type AccessSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { identity?: Identity; batches?: boolean }>;

export interface SocketAccessOptions {
  guard: SignInGuard;
  tokens: EmbedTokens;
  partners: PartnerDirectory;
  /** The publisher's own origins (`AJEL_CORS_ORIGINS`): pages there need no token for public channels. */
  publisherOrigins: readonly string[];
  /** Origins besides the server's own where editors work (the console elsewhere). */
  writeOrigins: readonly string[];
  addressOf(req: IncomingMessage): string;
  usage: PartnerUsage;
}

type Refusal = Error & { data?: ErrorBody & { retryAfter?: number } };
const refusal = (code: string, message: string, extra: { retryAfter?: number } = {}): Refusal =>
  Object.assign(new Error(message), { data: { code, message, ...extra } });

/**
 * The origin of the page a connection came from, unless that page is this server's own (the
 * console, or `/embed`, which is framed only where the partner allows); undefined without one.
 */
function otherPageOrigin(socket: AccessSocket): string | undefined {
  const origin = socket.handshake.headers.origin;
  if (origin === undefined) return undefined;
  try {
    return new URL(origin).host === socket.request.headers.host ? undefined : origin;
  } catch {
    return origin;
  }
}

/** The page a connection came from, as its origin and path (no query: it may hold a reader's data). */
function pageOf(socket: AccessSocket): string | undefined {
  const { referer, origin } = socket.handshake.headers;
  try {
    const url = new URL(referer ?? origin ?? '');
    return `${url.origin}${url.pathname}`.slice(0, 512);
  } catch {
    return undefined;
  }
}

/**
 * Who a live connection is, from its handshake, and for how long: a partner's embed token holds
 * until it expires unrenewed or its partner is revoked or changed, and the connection is cut then.
 * No secret works from a page: editor keys only where editors work, partner keys only from servers.
 */
export class SocketAccess {
  private readonly byPartner = new Map<string, Set<AccessSocket>>();
  private readonly expiryTimers = new WeakMap<AccessSocket, NodeJS.Timeout>();
  private readonly stopWatching: () => void;

  constructor(private readonly options: SocketAccessOptions) {
    this.stopWatching = options.partners.onChange((changed, removed) => {
      for (const id of [...changed.map((partner) => partner.id), ...removed]) this.recheck(id);
    });
  }

  /** Socket.IO middleware: sets `socket.data.identity`, or refuses the handshake with a coded error. */
  readonly middleware = async (socket: AccessSocket, next: (error?: Error) => void) => {
    const { key, token } = (socket.handshake.auth ?? {}) as { key?: unknown; token?: unknown };
    const credential = typeof token === 'string' && token !== '' ? token : typeof key === 'string' && key !== '' ? key : undefined;
    const origin = socket.handshake.headers.origin;
    const pageOrigin = otherPageOrigin(socket);
    // Let in by the handshake because a partner registered it: a page there shows even public channels only with that partner's token.
    const partnersOnly = pageOrigin !== undefined && !originAllowed(this.options.publisherOrigins, pageOrigin);
    if (credential === undefined) {
      return next(partnersOnly ? refusal('origin_not_allowed', `${origin} is a partner's origin: its pages need the partner's token`) : undefined);
    }
    try {
      const signIn = await this.options.guard.signIn(credential, this.options.addressOf(socket.request), 'socket', pageOrigin);
      if (!signIn.ok) {
        if (signIn.reason === 'limited') return next(refusal('rate_limited', 'too many wrong keys from this address', { retryAfter: signIn.retryAfterSeconds }));
        return next(refusal(signIn.code, signIn.message));
      }
      const identity = signIn.identity;
      if (partnersOnly && !identity.grant) return next(refusal('origin_not_allowed', `${origin} is a partner's origin: its pages need the partner's token`));
      if (origin !== undefined && !identity.grant) {
        const editorsHere = identity.role === 'editor' && (pageOrigin === undefined || originAllowed(this.options.writeOrigins, pageOrigin));
        if (!editorsHere) return next(refusal('key_in_page', 'keys never work in a page: partners embed with a short-lived token (see "For partners")'));
      }
      if (identity.role === 'admin') return next(refusal('key_in_page', 'admin keys do not read channels'));
      socket.data.identity = identity;
      next();
    } catch {
      next(refusal('unavailable', 'the key cannot be checked right now'));
    }
  };

  /** Handles `token`: a fresh token of the same partner replaces the current one without a reconnect. */
  async renew(socket: AccessSocket, token: unknown, ack: (result: TokenResult) => void): Promise<void> {
    const current = socket.data.identity?.grant;
    const fail = (code: string, message: string) => ack({ ok: false, error: { code, message } });
    if (!current) return fail('no_token', 'this connection was not opened with a token');
    if (typeof token !== 'string' || !looksLikeToken(token)) return fail('invalid_token', 'token: must be an embed token');
    const signIn = await this.options.guard.signIn(token, this.options.addressOf(socket.request), 'socket', otherPageOrigin(socket));
    if (!signIn.ok) return signIn.reason === 'limited' ? fail('rate_limited', 'too many wrong tokens') : fail(signIn.code, signIn.message);
    const grant = signIn.identity.grant!;
    if (grant.partner !== current.partner) return fail('invalid_token', 'a renewed token must be of the same partner');
    // The connection's subscriptions were checked against the old channels: the new token must cover them.
    const lost = current.channels.filter((channel) => !grant.channels.includes(channel));
    if (lost.length > 0) return fail('channel_not_licensed', `the new token no longer covers ${lost.join(', ')}`);
    socket.data.identity = signIn.identity;
    this.scheduleExpiry(socket);
    ack({ ok: true, expiresAt: new Date(grant.expiresAt).toISOString() });
  }

  /** Counts `changes` pushed to each partner's readers in `rooms`. */
  countDeliveries(rooms: readonly string[], changes: number): void {
    for (const [partner, sockets] of this.byPartner) {
      let readers = 0;
      for (const socket of sockets) if (rooms.some((room) => socket.rooms.has(room))) readers++;
      if (readers > 0) this.options.usage.delivered(partner, readers * changes);
    }
  }

  close(): void {
    this.stopWatching();
  }

  /** Watches a connected socket's grant, if it has one, until the socket goes. */
  track(socket: AccessSocket): void {
    const partner = socket.data.identity?.grant?.partner;
    if (!partner) return;
    let sockets = this.byPartner.get(partner);
    if (!sockets) this.byPartner.set(partner, (sockets = new Set()));
    sockets.add(socket);
    this.scheduleExpiry(socket);
    this.options.usage.connected(partner, pageOf(socket));
    socket.once('disconnect', () => {
      this.options.usage.disconnected(partner);
      clearTimeout(this.expiryTimers.get(socket));
      sockets.delete(socket);
      if (sockets.size === 0 && this.byPartner.get(partner) === sockets) this.byPartner.delete(partner);
    });
  }

  private scheduleExpiry(socket: AccessSocket): void {
    clearTimeout(this.expiryTimers.get(socket));
    const grant = socket.data.identity!.grant!;
    const timer = setTimeout(() => this.deny(socket, 'token_expired', 'the token expired and was not renewed'), Math.max(0, grant.expiresAt - Date.now()));
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  private recheck(partner: string): void {
    for (const socket of this.byPartner.get(partner) ?? []) {
      const grant = socket.data.identity?.grant;
      const pageOrigin = otherPageOrigin(socket);
      const holds = grant && this.options.tokens.stillValid(grant) && (pageOrigin === undefined || this.options.tokens.originAllowed(grant, pageOrigin));
      if (!holds) this.deny(socket, 'partner_revoked', `partner ${partner} no longer has access to what this connection reads`);
    }
  }

  private deny(socket: AccessSocket, code: string, message: string): void {
    socket.emit('denied', { code, message });
    socket.disconnect(true);
  }
}
