import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { isIP } from 'node:net';
import type { ChannelDirectory } from '../channels/directory.js';
import type { PushConfig } from '../config.js';
import { originAllowed } from '../http/cors.js';
import { ApiError } from '../http/errors.js';
import type { ReadBudget } from '../http/read-budget.js';
import { parseInput } from '../headlines/schema.js';
import { isPublicAddress, type AddressPolicy } from '../net/address-policy.js';
import type { PushSettings } from '../protocol.js';
import { RateLimiter } from '../rate-limit.js';
import type { HeadlineStore } from '../store/store.js';
import { SERVICE_WORKER_PATH, SERVICE_WORKER_SOURCE } from './service-worker.js';
import { pushSubscriptionSchema, pushUnsubscribeSchema, subscriptionId } from './subscription.js';

export interface PushRoutesDeps {
  store: HeadlineStore;
  channels: ChannelDirectory;
  /** Without it, no channel sends alerts (no VAPID keys). */
  push?: PushConfig;
  privateChannels: ReadonlySet<string>;
  /** Pages allowed to subscribe their readers: the publisher's origins and its partners'. */
  pageOriginAllowed: (origin: string) => boolean;
  corsOrigins: readonly string[];
  readBudget: ReadBudget;
  /** Where push services may be (the outbound rule): a subscription elsewhere is refused at once. */
  addressPolicy: AddressPolicy;
}


type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/**
 * Readers' opt-in to urgent alerts: the service worker publishers import, a channel's push
 * settings, and subscribing and unsubscribing a browser. Anonymous (the reader has no key), so each
 * address has a small budget of changes, and a channel a bounded number of subscriptions.
 */
export function createPushRouter(deps: PushRoutesDeps): Router {
  const router = express.Router();
  const changesPerMinute = deps.push?.subscribeRatePerMinute ?? 1;
  const changes = new RateLimiter(changesPerMinute, changesPerMinute);
  const json = express.json({ limit: '4kb', strict: true, type: () => true });

  router.get(SERVICE_WORKER_PATH, (_req, res) => {
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'Cross-Origin-Resource-Policy': 'cross-origin' }).send(SERVICE_WORKER_SOURCE);
  });

  const path = '/api/channels/:channel/push';
  router.use([path, `${path}/subscriptions`], (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !deps.pageOriginAllowed(origin)) return next(new ApiError(403, 'origin_not_allowed', `pages on ${origin} may not subscribe readers`));
    if (origin) res.set('Access-Control-Allow-Origin', deps.corsOrigins.includes('*') && originAllowed(deps.corsOrigins, origin) ? '*' : origin).vary('Origin');
    if (req.method === 'OPTIONS') return void res.set({ 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' }).status(204).end();
    next();
  });

  /** The channel, if it takes subscriptions: registered, public, with push on. */
  async function pushChannel(channel: string) {
    if (!(await deps.store.hasChannel(channel))) throw new ApiError(404, 'unknown_channel', `no channel named ${channel}`, 'channel');
    const record = await deps.channels.current(channel);
    const enabled = deps.push !== undefined && record.pushAlerts === true && !deps.privateChannels.has(channel);
    return { record, enabled };
  }

  function spendChange(req: Request): void {
    const retry = changes.take(req.ip ?? 'unknown');
    if (retry > 0) throw new ApiError(429, 'rate_limited', `too many subscription changes from this address; try again in ${retry} s`, undefined, { 'Retry-After': String(retry) });
  }

  router.get(path, handle(async (req, res) => {
    await deps.readBudget.spend(req.ip ?? 'unknown');
    const { enabled } = await pushChannel(req.params.channel as string);
    const settings: PushSettings = enabled ? { enabled, publicKey: deps.push!.vapid.publicKey } : { enabled };
    res.set('Cache-Control', 'public, max-age=60').json(settings);
  }));

  router.post(`${path}/subscriptions`, json, handle(async (req, res) => {
    spendChange(req);
    const channel = req.params.channel as string;
    const { enabled } = await pushChannel(channel);
    if (!enabled) throw new ApiError(409, 'push_off', `channel ${channel} does not send alerts by push`);
    const input = parseInput(pushSubscriptionSchema, req.body);
    const endpoint = new URL(input.endpoint);
    const host = endpoint.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && !deps.addressPolicy.allows(host, host)) throw new ApiError(422, 'endpoint_not_allowed', 'the push service is on an address that is not allowed', 'endpoint');
    if (endpoint.protocol !== 'https:' && (isIP(host) === 0 || isPublicAddress(host))) throw new ApiError(400, 'invalid_field', 'endpoint must be an https URL', 'endpoint');
    const subscription = { id: subscriptionId(input.endpoint), endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, createdAt: new Date().toISOString() };
    const result = await deps.store.addPushSubscription(channel, subscription, deps.push!.maxSubscriptionsPerChannel);
    if (result === 'full') throw new ApiError(409, 'subscriptions_full', `channel ${channel} has as many push subscribers as it may have`);
    res.status(result === 'added' ? 201 : 200).json({ channel, id: subscription.id });
  }));

  router.delete(`${path}/subscriptions`, json, handle(async (req, res) => {
    spendChange(req);
    const channel = req.params.channel as string;
    if (!(await deps.store.hasChannel(channel))) throw new ApiError(404, 'unknown_channel', `no channel named ${channel}`, 'channel');
    const { endpoint } = parseInput(pushUnsubscribeSchema, req.body);
    if (!(await deps.store.removePushSubscription(channel, subscriptionId(endpoint)))) throw new ApiError(404, 'not_subscribed', 'no such subscription');
    res.status(204).end();
  }));

  return router;
}
