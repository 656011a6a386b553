import type { WebhookAttempt, WebhookDeadLetter, WebhookView } from '../../../server/webhooks/endpoint.js';
import { KeyedApi } from './editor-api.js';

export type { WebhookAttempt, WebhookDeadLetter, WebhookView };

export interface NewWebhook {
  url: string;
  channels: string[];
  description?: string;
}

/** A new endpoint with its signing secret, which only this answer carries. */
export interface IssuedWebhook {
  webhook: WebhookView;
  secret: string;
}

/** An endpoint's recent tries and the events given up on; `nextRetryAt` while one is being retried. */
export interface WebhookDeliveries {
  attempts: WebhookAttempt[];
  deadLetters: WebhookDeadLetter[];
  nextRetryAt?: string;
}

/** The outcome of a test ping: the receiver's status, or why there was no answer. */
export type PingResult = Pick<WebhookAttempt, 'eventId' | 'ok' | 'status' | 'error' | 'durationMs'>;

/** How many recent tries the page shows. */
const DELIVERIES_SHOWN = 10;

/** The webhooks API (`/api/webhooks`), for an editor key (its channels' endpoints) or an admin key. */
export class WebhooksApi extends KeyedApi {
  async list(): Promise<WebhookView[]> {
    return (await this.request<{ webhooks: WebhookView[] }>('GET', '/api/webhooks')).webhooks;
  }

  add(webhook: NewWebhook): Promise<IssuedWebhook> {
    return this.request('POST', '/api/webhooks', webhook);
  }

  test(id: string): Promise<PingResult> {
    return this.request('POST', `${webhookPath(id)}/test`);
  }

  deliveries(id: string): Promise<WebhookDeliveries> {
    return this.request('GET', `${webhookPath(id)}/deliveries?limit=${DELIVERIES_SHOWN}`);
  }

  /** Queues the dead letters again; resolves to how many. */
  async replay(id: string): Promise<number> {
    return (await this.request<{ requeued: number }>('POST', `${webhookPath(id)}/replay`)).requeued;
  }

  async pause(id: string): Promise<WebhookView> {
    return (await this.request<{ webhook: WebhookView }>('PATCH', webhookPath(id), { enabled: false })).webhook;
  }

  async resume(id: string): Promise<WebhookView> {
    return (await this.request<{ webhook: WebhookView }>('POST', `${webhookPath(id)}/enable`)).webhook;
  }

  async remove(id: string): Promise<void> {
    await this.send('DELETE', webhookPath(id));
  }
}

const webhookPath = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;
