import { OutboundError, type OutboundClient } from '../net/outbound-client.js';
import type { WebhookEvent } from '../protocol.js';
import type { WebhookEndpoint } from './endpoint.js';
import { signWebhook } from './signature.js';

/** What a receiver may answer; a longer answer is a failed delivery. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface DeliveryOutcome {
  /** The receiver answered 2xx. */
  ok: boolean;
  status?: number;
  /** Why there was no answer, when there was none. */
  error?: string;
  durationMs: number;
}

export type WebhookSender = (endpoint: Pick<WebhookEndpoint, 'url' | 'secret'>, eventId: string, event: WebhookEvent) => Promise<DeliveryOutcome>;

/**
 * POSTs one event, signed, through the guarded outbound client: a private address is refused
 * (unless AJEL_OUTBOUND_ALLOW lets it through) and a redirect is an answer, never followed.
 */
export function createWebhookSender(client: OutboundClient, timeoutMs: number): WebhookSender {
  return async (endpoint, eventId, event) => {
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    try {
      const response = await client.request(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(endpoint.secret, eventId, timestamp, body),
        },
        body,
        timeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
      });
      return { ok: response.status >= 200 && response.status < 300, status: response.status, durationMs: Date.now() - started };
    } catch (error) {
      const message = error instanceof OutboundError ? `${error.code}: ${error.message}` : (error as Error).message;
      return { ok: false, error: message, durationMs: Date.now() - started };
    }
  };
}
