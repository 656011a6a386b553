import webPush from 'web-push';
import type { PushConfig } from '../config.js';
import { OutboundError, type OutboundClient } from '../net/outbound-client.js';
import type { PushAlertMessage } from '../protocol.js';
import type { PushSubscriptionRecord } from './subscription.js';

/** What the push service made of one message: taken, gone for good (remove the subscription), or worth trying again. */
export type SendOutcome = 'sent' | 'gone' | 'refused' | 'retry';

export interface PushOptions {
  /** Seconds the push service may hold the message for a browser that is offline. */
  ttlSeconds: number;
  urgency: 'high' | 'normal';
  /** Replaces an undelivered message of the same topic (RFC 8030 §5.4): a correction overtakes its alert. */
  topic: string;
}

/** A push service answers within this, or the send is tried again later. */
const SEND_TIMEOUT_MS = 10_000;

/**
 * Sends one alert to one browser through its push service (RFC 8030), encrypted for it (RFC 8291)
 * and signed with the application server's key (VAPID, RFC 8292) by `web-push`; the request itself
 * goes through the guarded outbound client, so a subscription cannot point a node at its own network.
 */
export class PushSender {
  constructor(
    private readonly config: PushConfig,
    private readonly outbound: OutboundClient,
  ) {}

  async send(subscription: PushSubscriptionRecord, message: PushAlertMessage, options: PushOptions): Promise<SendOutcome> {
    const details = webPush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(message),
      { vapidDetails: this.config.vapid, TTL: options.ttlSeconds, urgency: options.urgency, topic: options.topic, contentEncoding: 'aes128gcm' },
    );
    const headers = Object.fromEntries(Object.entries(details.headers).map(([name, value]) => [name, String(value)]));
    try {
      const response = await this.outbound.request(details.endpoint, { method: 'POST', headers, body: details.body, timeoutMs: SEND_TIMEOUT_MS, maxBytes: 16 * 1024 });
      if (response.status >= 200 && response.status < 300) return 'sent';
      if (response.status === 404 || response.status === 410) return 'gone';
      if (response.status === 429 || response.status >= 500) return 'retry';
      return 'refused';
    } catch (error) {
      if (error instanceof OutboundError && (error.code === 'address_not_allowed' || error.code === 'bad_url')) return 'gone';
      return 'retry';
    }
  }
}
