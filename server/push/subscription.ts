import { createHash } from 'node:crypto';
import { z } from 'zod';
import { checkOutboundUrl, OutboundError } from '../net/outbound-client.js';

/** A reader's browser as the Push API names it: where to send, and the keys to encrypt for (RFC 8291). */
export interface PushSubscriptionRecord {
  /** Derived from the endpoint: 32 hex digits, the first of which is the subscription's shard. */
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: string;
}

/** The push service's URL is given by the browser; it may be no longer than this. */
const MAX_ENDPOINT_LENGTH = 1024;

const base64url = (bytes: number, what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

/** `PushSubscription.toJSON()` as a browser sends it. */
export const pushSubscriptionSchema = z.object(
  {
    endpoint: z
      .string({ error: 'endpoint must be a string' })
      .max(MAX_ENDPOINT_LENGTH, `endpoint must be at most ${MAX_ENDPOINT_LENGTH} characters`)
      .superRefine((value, ctx) => {
        try {
          checkOutboundUrl(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `endpoint: ${error instanceof OutboundError ? error.message : 'not a URL'}` });
        }
      }),
    expirationTime: z.number().nullable().optional(),
    keys: z.object(
      { p256dh: base64url(65, 'keys.p256dh'), auth: base64url(16, 'keys.auth') },
      { error: 'keys must be an object with p256dh and auth' },
    ),
  },
  { error: 'must be a JSON object: a PushSubscription' },
);

/** Where a subscription is removed from: its endpoint is all a browser still knows once it unsubscribed. */
export const pushUnsubscribeSchema = z.object({ endpoint: z.string({ error: 'endpoint must be a string' }).max(MAX_ENDPOINT_LENGTH) }, { error: 'must be a JSON object with the endpoint' });

export const subscriptionId = (endpoint: string) => createHash('sha256').update(endpoint).digest('hex').slice(0, 32);

/** Subscribers are sent an alert in this many shards, by the first hex digit of their id; each shard is one piece of due work. */
export const PUSH_SHARDS = [...'0123456789abcdef'];

/** A record read back from the store; one that does not parse is skipped. */
export const pushSubscriptionRecordSchema: z.ZodType<PushSubscriptionRecord> = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  endpoint: z.string(),
  p256dh: z.string(),
  auth: z.string(),
  createdAt: z.string(),
});
