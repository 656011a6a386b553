import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CHANNEL_PATTERN, readerText } from '../headlines/schema.js';
import type { WebhookEvent } from '../protocol.js';

export const WEBHOOK_ID_PATTERN = /^wh_[0-9a-f]{16}$/;

/** Endpoints one service may have registered. */
export const MAX_WEBHOOKS = 100;
/** Attempts kept per endpoint for `GET /api/webhooks/:id/deliveries`; the oldest drop off. */
export const ATTEMPTS_KEPT = 100;
/** Dead letters (and queued replays) kept per endpoint; the oldest drop off. */
export const DEAD_LETTERS_KEPT = 1000;

/** An HTTPS endpoint that receives the changes of its channels, signed with its secret (Standard Webhooks). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  channels: string[];
  description: string;
  /** `whsec_<base64>`: the HMAC-SHA256 key is the base64-decoded part. Shown once, at creation. */
  secret: string;
  enabled: boolean;
  /** Why it was disabled (paused by someone, or failing), while it is. */
  disabledReason?: string;
  /** Events sent to the dead letters in a row, since the last delivery that succeeded. */
  failures: number;
  /** When deliveries started failing without one succeeding since. */
  failingSince?: string;
  createdAt: string;
  updatedAt: string;
  /** Incremented by every change; writes name the revision they replace. */
  rev: number;
}

/** What the API and the CLI show of an endpoint: everything but its secret. */
export type WebhookView = Omit<WebhookEndpoint, 'secret'>;

export const viewOf = ({ secret: _secret, ...view }: WebhookEndpoint): WebhookView => view;

export const newWebhookId = () => `wh_${randomBytes(8).toString('hex')}`;
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** The consumer (cursors over the change log) and the lease named after an endpoint. */
export const consumerOf = (id: string) => `webhook:${id}`;

/** One try to deliver one event, as `GET /api/webhooks/:id/deliveries` shows it. */
export interface WebhookAttempt {
  at: string;
  /** The `webhook-id` sent. */
  eventId: string;
  type: WebhookEvent['type'];
  channel?: string;
  /** 1 for a first try; higher for retries of the same event. */
  attempt: number;
  ok: boolean;
  /** The receiver's status code, when it answered. */
  status?: number;
  /** Why there was no answer (timeout, address not allowed...), when there was none. */
  error?: string;
  durationMs: number;
}

/** An event given up on after every attempt failed; `POST /api/webhooks/:id/replay` sends it again. */
export interface WebhookDeadLetter {
  eventId: string;
  channel?: string;
  /** The event as it was sent (re-signed when replayed). */
  event: WebhookEvent;
  attempts: number;
  /** The last attempt's status or error. */
  lastStatus?: number;
  lastError?: string;
  failedAt: string;
}

const channelSlug = z.string().regex(CHANNEL_PATTERN, 'channel slugs are 1-64 of a-z, 0-9 and "-"');

export const newWebhookSchema = z.object({
  url: z.string().max(2048),
  channels: z.array(channelSlug).min(1, 'needs at least one channel').max(64),
  description: readerText(200).optional(),
}).strict();

export const webhookUpdateSchema = z.object({
  url: z.string().max(2048).optional(),
  channels: z.array(channelSlug).min(1, 'needs at least one channel').max(64).optional(),
  description: readerText(200).optional(),
  /** false pauses deliveries (they wait in the log); `POST /:id/enable` resumes them. */
  enabled: z.literal(false).optional(),
  rev: z.number().int().positive().optional(),
}).strict();

/** An endpoint read back from the store; anything else there is not one. */
export const storedWebhookSchema = z.object({
  id: z.string().regex(WEBHOOK_ID_PATTERN),
  url: z.string(),
  channels: z.array(z.string().regex(CHANNEL_PATTERN)),
  description: z.string(),
  secret: z.string().startsWith('whsec_'),
  enabled: z.boolean(),
  disabledReason: z.string().optional(),
  failures: z.number().int().min(0),
  failingSince: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  rev: z.number().int().positive(),
});
