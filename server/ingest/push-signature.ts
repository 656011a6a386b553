import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** How far a Standard Webhooks timestamp may be from now, either way. */
export const REPLAY_WINDOW_SECONDS = 5 * 60;

export type PushVerdict = { ok: true; id: string } | { ok: false; code: 'unsigned' | 'stale_signature' | 'bad_signature'; message: string };

const one = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
};

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The key of a `whsec_<base64>` secret, as Standard Webhooks signs with it. */
const keyOf = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

/**
 * Checks a pushed request's signature over its raw body: Standard Webhooks (`webhook-id`,
 * `webhook-timestamp` within the replay window, `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`), or GitHub's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`
 * with its `X-GitHub-Delivery` id. Answers the sender's id for the request, on which it is idempotent.
 */
export function verifyPush(secret: string, headers: IncomingHttpHeaders, body: Buffer, now = Date.now()): PushVerdict {
  const id = one(headers, 'webhook-id');
  const timestamp = one(headers, 'webhook-timestamp');
  const signatures = one(headers, 'webhook-signature');
  if (id !== undefined || timestamp !== undefined || signatures !== undefined) {
    if (!id || !timestamp || !signatures) return { ok: false, code: 'unsigned', message: 'a signed request needs webhook-id, webhook-timestamp and webhook-signature' };
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > REPLAY_WINDOW_SECONDS) {
      return { ok: false, code: 'stale_signature', message: `webhook-timestamp must be within ${REPLAY_WINDOW_SECONDS / 60} minutes of now (Unix seconds)` };
    }
    const expected = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.`).update(body).digest();
    const matches = signatures.split(' ').some((entry) => {
      const [version, signature] = entry.split(',');
      return version === 'v1' && signature !== undefined && equal(Buffer.from(signature, 'base64'), expected);
    });
    return matches ? { ok: true, id } : { ok: false, code: 'bad_signature', message: 'webhook-signature does not match the body: check the secret and sign the raw body' };
  }
  const hub = one(headers, 'x-hub-signature-256');
  const delivery = one(headers, 'x-github-delivery');
  if (hub === undefined) {
    return { ok: false, code: 'unsigned', message: 'the request is not signed: send webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks), or X-Hub-Signature-256' };
  }
  if (!delivery) return { ok: false, code: 'unsigned', message: 'X-Hub-Signature-256 needs the delivery id in X-GitHub-Delivery' };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(hub);
  const expected = createHmac('sha256', secret).update(body).digest();
  if (!match || !equal(Buffer.from(match[1], 'hex'), expected)) {
    return { ok: false, code: 'bad_signature', message: 'X-Hub-Signature-256 does not match the body: check the secret and sign the raw body' };
  }
  return { ok: true, id: delivery };
}
