// The wire contract shared by the server and the widget. Types only: the widget imports this
// file with `import type`, so no server code ever reaches the browser bundle.

export type Direction = 'rtl' | 'ltr';

export interface Headline {
  id: string;
  text: string;
  url?: string;
  urgent: boolean;
  lang: string;
  dir: Direction;
  publishedAt: string;
  updatedAt: string;
  expiresAt?: string;
  /**
   * The public byline of the editor who published it, where the newsroom gave their key one
   * (README, "Bylines"); corrections keep it. Key names never reach readers: the audit log has them.
   */
  byline?: string;
  /** Incremented by every correction; 1 when first published. */
  rev: number;
}

/**
 * `publish` and `update` carry the whole headline as it now is; `retract`, `expire` and `evict`
 * (dropped off the end of a full channel) carry only its id.
 */
export type ChangeType = 'publish' | 'update' | 'retract' | 'expire' | 'evict';

export interface Change {
  /** Position in the channel's change log; strictly increasing within a channel. */
  cursor: string;
  channel: string;
  type: ChangeType;
  id: string;
  headline?: Headline;
  at: string;
}

export interface Snapshot {
  channel: string;
  cursor: string;
  /** Newest first. */
  headlines: Headline[];
}

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

export interface SubscribeRequest {
  channel: string;
  /** The cursor of the last change the client has applied; omit for a fresh snapshot. */
  cursor?: string;
}

/**
 * What a subscriber learns about the channel itself with each answer. Optional: nodes older than it
 * send none, and widgets older than it ignore it.
 */
export interface SubscribeChannelInfo {
  /** The channel's default label (`ChannelRecord.label`), for a ticker whose page gives none. */
  label?: string;
}

export type SubscribeResult =
  | ({ ok: true; mode: 'snapshot' } & Snapshot & SubscribeChannelInfo)
  | ({ ok: true; mode: 'changes'; channel: string; cursor: string; changes: Change[] } & SubscribeChannelInfo)
  | { ok: false; error: ErrorBody };

export type UnsubscribeResult = { ok: true } | { ok: false; error: ErrorBody };

export interface ServerToClientEvents {
  /**
   * The changes of one channel that were written together (a publish and the evictions it
   * causes), oldest first, in one message: sent to clients that asked for it in the handshake.
   */
  changes: (changes: Change[]) => void;
  /** One change: sent to clients that did not ask for `changes` (widgets loaded before it existed). */
  change: (change: Change) => void;
  /**
   * The connection's access has ended (its token expired unrenewed, or the partner was revoked or
   * changed): sent just before the server disconnects it. Private headlines must go from the screen.
   */
  denied: (error: ErrorBody) => void;
  /**
   * The answer to a subscription asked for in the handshake (`HandshakeAuth.subscribe`), one per
   * channel, as `subscribe` would have answered it: sent right after the connection, so that the
   * first headlines come without a round trip of their own.
   */
  subscribed: (channel: string, result: SubscribeResult) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeResult) => void) => void;
  unsubscribe: (channel: string, ack: (result: UnsubscribeResult) => void) => void;
  /** A fresh embed token of the same partner, sent before the current one expires: the connection stays. */
  token: (token: string, ack: (result: TokenResult) => void) => void;
}

export type TokenResult = { ok: true; expiresAt: string } | { ok: false; error: ErrorBody };

/** Sent in the Socket.IO handshake (`io(url, { auth })`). */
export interface HandshakeAuth {
  /** A partner's embed token (a short-lived JWT from the partner's server), for channels that are not public. */
  token?: string;
  /**
   * A key: editors' keys only from the server's own origin and its write origins (the console);
   * partner keys only from servers (no `Origin`), never from a page.
   */
  key?: string;
  /** True to be sent `changes` (the changes written together, in one message) instead of a `change` each. */
  batches?: boolean;
  /**
   * Channels to subscribe to at once, each with its cursor as `subscribe` takes it (at most as many
   * as a connection may watch, each channel once): each is answered by a `subscribed` message.
   */
  subscribe?: SubscribeRequest[];
}

// Bodies of the REST API (see README.md) that clients such as the editor console and the CLI read.

/**
 * A channel as `GET /api/channels` and `GET /api/channels/:channel` answer: its metadata, which feeds,
 * the widget's default label and the console's preview take. `rev` is 0 for a channel nobody has
 * described yet (the defaults, derived from its slug), and counts the edits after that.
 */
export interface ChannelRecord {
  channel: string;
  /** In the channel's language. */
  title: string;
  description: string;
  /** BCP 47 language tag of the channel's headlines. */
  lang: string;
  dir: Direction;
  /** The publisher's site (http/https), which feeds link to. */
  link?: string;
  /** The ticker's badge, e.g. "عاجل" or "Breaking". */
  label: string;
  /** Whether readers may opt in to urgent alerts by Web Push (server/push/); off unless turned on. */
  pushAlerts?: boolean;
  /** Whether only partner and editor keys may read it (AJEL_PRIVATE_CHANNELS). */
  private: boolean;
  rev: number;
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * What a Web Push message carries to the service worker (`/push/ajel-push-worker.js`): an urgent
 * headline, a correction that replaces its notification, or a retraction that withdraws it.
 */
export interface PushAlertMessage {
  ajel: 1;
  type: 'alert' | 'correction' | 'retraction';
  channel: string;
  /** The headline's id. */
  id: string;
  /** One notification per headline: a correction or a retraction replaces the alert's. */
  tag: string;
  /** The channel's title; the headline's text; for a retraction, a note in the channel's language. */
  title: string;
  body: string;
  url?: string;
  lang: string;
  dir: Direction;
  /** When the headline was published or corrected. */
  at: string;
}

/** `GET /api/channels/:channel/push`: whether the channel sends alerts, and the key a browser subscribes with. */
export interface PushSettings {
  enabled: boolean;
  /** The application server's VAPID key (base64url); absent while push is not configured. */
  publicKey?: string;
  subscribers?: number;
}

/** `schedule`, `schedule_edit` and `schedule_cancel` are of held headlines (no change is logged, so they carry no cursor). */
export type AuditAction = 'publish' | 'update' | 'retract' | 'expire' | 'evict' | 'schedule' | 'schedule_edit' | 'schedule_cancel';

/** An entry of `GET /api/audit`. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  channel: string;
  id: string;
  /** The change's cursor, filled in by the store. */
  cursor?: string;
  text?: string;
}

/** `GET /api/whoami`. */
export interface WhoAmI {
  name: string;
  role: 'editor' | 'partner' | 'admin';
  /** Channels the key is limited to; null for all. */
  channels: string[] | null;
}

/** `POST` (201, or 200 when replayed) and `PATCH` on a headline. */
export interface HeadlineResult {
  channel: string;
  cursor: string;
  headline: Headline;
}

/** `DELETE` on a headline. */
export interface RetractResult {
  channel: string;
  id: string;
  cursor: string;
}

/**
 * A headline held for publishing at `publishAt` (README, "Scheduled publishing"): what the editor
 * sent, published as it is at that time, with that id. Only editors of the channel see it.
 */
export interface ScheduledHeadline {
  id: string;
  channel: string;
  publishAt: string;
  text: string;
  url?: string;
  urgent: boolean;
  lang?: string;
  dir?: Direction;
  /** An absolute expiry, after `publishAt`; or `ttl`, counted from the publishing. */
  expiresAt?: string;
  ttl?: number;
  /** The byline of the key that scheduled it, which the headline will carry. */
  byline?: string;
  scheduledBy: string;
  scheduledAt: string;
  updatedAt: string;
  /** Incremented by every edit; 1 when scheduled. */
  rev: number;
  /** True once the scheduler has begun publishing it: it can no longer be edited or cancelled. */
  publishing: boolean;
}

/** `GET /api/channels/:channel/scheduled`: soonest first. */
export interface ScheduledList {
  channel: string;
  scheduled: ScheduledHeadline[];
}

/**
 * What a widget sends to `POST /api/channels/:channel/stats` (navigator.sendBeacon, text/plain):
 * the headlines its reader saw (half visible for a second) and clicked since the last beacon, each once.
 */
export interface StatsBeacon {
  impressions: string[];
  clicks: string[];
}

export interface ReaderStats {
  /** Page views in which the headline was seen. */
  seen: number;
  clicked: number;
  /** clicked / seen, to four decimals; null before anyone saw it. */
  rate: number | null;
}

export interface HeadlineStats extends ReaderStats {
  id: string;
  /** The part that came through each partner's pages. */
  partners: Record<string, ReaderStats>;
}

/** `GET /api/channels/:channel/stats`: every live headline, in the channel's order. */
export interface StatsList {
  channel: string;
  headlines: HeadlineStats[];
  /** Readers whose browsers get the channel's urgent alerts by Web Push (all nodes). */
  pushSubscribers: number;
}

/** The body of every error answer. */
export interface ErrorResponse {
  error: ErrorBody;
}

/**
 * The JSON body POSTed to a webhook endpoint (README, "Receive changes on your server"), in the
 * Standard Webhooks envelope. A change's `data` is the change as the socket sends it; `resync` says
 * the endpoint missed changes the log no longer holds and carries the channel as it now is.
 */
export type WebhookEvent =
  | { type: ChangeType; timestamp: string; data: Change }
  | { type: 'resync'; timestamp: string; data: Snapshot }
  | { type: 'ping'; timestamp: string; data: { endpoint: string } };
