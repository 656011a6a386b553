import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Identity } from '../auth/authenticator.js';
import { isCursor } from '../cursor.js';
import { parseInput } from '../headlines/schema.js';
import { cors } from '../http/cors.js';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { AddressPolicy, OutboundAllow } from '../net/address-policy.js';
import type { HeadlineStore } from '../store/store.js';
import type { WebhookDispatcher } from './dispatcher.js';
import { RETRY_KIND } from './dispatcher.js';
import {
  ATTEMPTS_KEPT,
  consumerOf,
  DEAD_LETTERS_KEPT,
  MAX_WEBHOOKS,
  newWebhookId,
  newWebhookSchema,
  newWebhookSecret,
  viewOf,
  WEBHOOK_ID_PATTERN,
  webhookUpdateSchema,
  type WebhookEndpoint,
} from './endpoint.js';
import { checkEndpointUrl } from './endpoint-url.js';
import type { WebhookSender } from './sender.js';

export interface WebhookRoutesDeps {
  store: HeadlineStore;
  dispatcher: WebhookDispatcher;
  send: WebhookSender;
  outboundAllow: OutboundAllow;
  policy: AddressPolicy;
  logger: Logger;
  /** The origins whose pages may write (AJEL_WRITE_ORIGINS): the editor console's. */
  writeOrigins: readonly string[];
  /** The caller, from the `Authorization` header; throws the API's 401/429 answers. */
  identify(req: Request): Promise<Identity>;
}

const replaySchema = z.object({
  /** Sends the channel's changes after `cursor` again; without them, the dead letters. */
  channel: z.string().optional(),
  cursor: z.string().refine(isCursor, 'must be a cursor such as 1767225600000-0').optional(),
}).strict().refine((input) => (input.channel === undefined) === (input.cursor === undefined), 'give both channel and cursor, or neither');

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/** `/api/webhooks`: endpoints that receive the changes of channels, for editor and admin keys. */
export function createWebhookRouter(deps: WebhookRoutesDeps): Router {
  const { store, dispatcher } = deps;
  const router = express.Router();
  const json = express.json({ limit: '16kb', strict: true, type: () => true });
  router.use('/api/webhooks', cors(deps.writeOrigins, 'GET, POST, PATCH, DELETE, OPTIONS'));

  async function manager(req: Request): Promise<Identity> {
    const identity = await deps.identify(req);
    if (identity.role !== 'admin' && identity.role !== 'editor') throw new ApiError(403, 'forbidden', 'webhooks need an editor or admin key');
    return identity;
  }

  /** An editor limited to some channels manages the endpoints of those channels only. */
  const covers = (identity: Identity, channels: string[]) => !identity.channels || channels.every((channel) => identity.channels!.includes(channel));

  async function body(req: Request, res: Response, optional = false): Promise<unknown> {
    if (optional && (req.headers['content-length'] === undefined || req.headers['content-length'] === '0') && !req.headers['transfer-encoding']) return {};
    if (!req.is('application/json')) throw new ApiError(415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    return req.body;
  }

  async function existing(req: Request, identity: Identity): Promise<WebhookEndpoint> {
    const id = String(req.params.id);
    const endpoint = WEBHOOK_ID_PATTERN.test(id) ? await store.getWebhook(id) : undefined;
    if (!endpoint || !covers(identity, endpoint.channels)) throw new ApiError(404, 'not_found', `no webhook endpoint ${id}`);
    return endpoint;
  }

  async function checkChannels(identity: Identity, channels: string[]): Promise<void> {
    for (const channel of channels) {
      if (!(await store.hasChannel(channel))) throw new ApiError(404, 'unknown_channel', `channels: no channel named ${channel}`, 'channels');
      if (!covers(identity, [channel])) throw new ApiError(403, 'forbidden', `channels: your key does not cover ${channel}`, 'channels');
    }
  }

  /** New channels' changes are sent from now on, not from the start of their logs. */
  async function startCursors(id: string, channels: string[]): Promise<void> {
    for (const channel of channels) {
      const current = await store.readConsumerCursor(consumerOf(id), channel);
      if (current === undefined) await store.advanceConsumerCursor(consumerOf(id), channel, undefined, (await store.snapshot(channel)).cursor);
    }
  }

  /** Writes the next revision of an endpoint made from the one just read; 409 if another write came between. */
  async function save(before: WebhookEndpoint, next: WebhookEndpoint, actor: Identity, action: string): Promise<WebhookEndpoint> {
    const saved = { ...next, updatedAt: new Date().toISOString(), rev: before.rev + 1 };
    const outcome = await store.replaceWebhook(saved, before.rev);
    if (outcome === 'missing') throw new ApiError(404, 'not_found', `no webhook endpoint ${before.id}`);
    if (outcome === 'conflict') throw new ApiError(409, 'conflict', `webhook endpoint ${before.id} was changed meanwhile; read it again and retry`);
    deps.logger.info({ webhook: saved.id, action, actor: actor.name, rev: saved.rev }, 'webhook endpoint changed');
    dispatcher.wake();
    return saved;
  }

  router.get('/api/webhooks', handle(async (req, res) => {
    const identity = await manager(req);
    res.json({ webhooks: (await store.listWebhooks()).filter((endpoint) => covers(identity, endpoint.channels)).map(viewOf) });
  }));

  router.post('/api/webhooks', handle(async (req, res) => {
    const actor = await manager(req);
    const input = parseInput(newWebhookSchema, await body(req, res));
    const url = await checkEndpointUrl(input.url, deps.outboundAllow, deps.policy);
    const channels = [...new Set(input.channels)];
    await checkChannels(actor, channels);
    const now = new Date().toISOString();
    const endpoint: WebhookEndpoint = {
      id: newWebhookId(),
      url,
      channels,
      description: input.description ?? '',
      secret: newWebhookSecret(),
      enabled: true,
      failures: 0,
      createdAt: now,
      updatedAt: now,
      rev: 1,
    };
    await startCursors(endpoint.id, channels);
    const created = await store.createWebhook(endpoint);
    if (created === 'full') throw new ApiError(409, 'too_many_webhooks', `at most ${MAX_WEBHOOKS} webhook endpoints; remove one first`);
    deps.logger.info({ webhook: endpoint.id, action: 'add', actor: actor.name }, 'webhook endpoint added');
    dispatcher.wake();
    res.status(201).location(`/api/webhooks/${endpoint.id}`).json({ webhook: viewOf(endpoint), secret: endpoint.secret });
  }));

  router.get('/api/webhooks/:id', handle(async (req, res) => {
    res.json({ webhook: viewOf(await existing(req, await manager(req))) });
  }));

  router.patch('/api/webhooks/:id', handle(async (req, res) => {
    const actor = await manager(req);
    const before = await existing(req, actor);
    const input = parseInput(webhookUpdateSchema, await body(req, res));
    if (input.rev !== undefined && input.rev !== before.rev) throw new ApiError(409, 'conflict', `webhook endpoint ${before.id} is at revision ${before.rev}, not ${input.rev}`);
    const url = input.url === undefined ? before.url : await checkEndpointUrl(input.url, deps.outboundAllow, deps.policy);
    const channels = input.channels === undefined ? before.channels : [...new Set(input.channels)];
    await checkChannels(actor, channels);
    await startCursors(before.id, channels.filter((channel) => !before.channels.includes(channel)));
    const next: WebhookEndpoint = {
      ...before,
      url,
      channels,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled === false ? { enabled: false, disabledReason: `paused by ${actor.name}` } : {}),
    };
    res.json({ webhook: viewOf(await save(before, next, actor, input.enabled === false ? 'pause' : 'update')) });
  }));

  router.delete('/api/webhooks/:id', handle(async (req, res) => {
    const actor = await manager(req);
    const endpoint = await existing(req, actor);
    await store.removeWebhook(endpoint.id);
    await store.cancelWork(RETRY_KIND, endpoint.id);
    await store.dropConsumerCursors(consumerOf(endpoint.id));
    deps.logger.info({ webhook: endpoint.id, action: 'remove', actor: actor.name }, 'webhook endpoint removed');
    res.json({ removed: endpoint.id });
  }));

  router.post('/api/webhooks/:id/enable', handle(async (req, res) => {
    const actor = await manager(req);
    const before = await existing(req, actor);
    const { disabledReason: _reason, failingSince: _since, ...rest } = before;
    // A fresh start: the event that was being retried gets its full count of tries again.
    await store.cancelWork(RETRY_KIND, before.id);
    res.json({ webhook: viewOf(await save(before, { ...rest, enabled: true, failures: 0 }, actor, 'enable')) });
  }));

  router.post('/api/webhooks/:id/test', handle(async (req, res) => {
    const endpoint = await existing(req, await manager(req));
    const eventId = `msg_ping_${Date.now()}_${Math.random().toString(36).slice(2, 10)}`;
    const outcome = await deps.send(endpoint, eventId, { type: 'ping', timestamp: new Date().toISOString(), data: { endpoint: endpoint.id } });
    await store.recordWebhookAttempt(endpoint.id, { at: new Date().toISOString(), eventId, type: 'ping', attempt: 1, ...outcome });
    res.json({ eventId, ...outcome });
  }));

  router.get('/api/webhooks/:id/deliveries', handle(async (req, res) => {
    const endpoint = await existing(req, await manager(req));
    const limit = req.query.limit === undefined ? 20 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > ATTEMPTS_KEPT) throw new ApiError(400, 'invalid_field', `limit: must be a whole number from 1 to ${ATTEMPTS_KEPT}`, 'limit');
    const [attempts, deadLetters, retry] = await Promise.all([
      store.readWebhookAttempts(endpoint.id, limit),
      store.readWebhookDeadLetters(endpoint.id, Math.min(limit, DEAD_LETTERS_KEPT)),
      store.getWork(RETRY_KIND, endpoint.id),
    ]);
    res.json({ webhook: endpoint.id, attempts, deadLetters, ...(retry ? { nextRetryAt: new Date(retry.dueAt).toISOString() } : {}) });
  }));

  router.post('/api/webhooks/:id/replay', handle(async (req, res) => {
    const actor = await manager(req);
    const endpoint = await existing(req, actor);
    const input = parseInput(replaySchema, await body(req, res, true));
    if (input.channel === undefined || input.cursor === undefined) {
      const requeued = await store.requeueWebhookDeadLetters(endpoint.id);
      deps.logger.info({ webhook: endpoint.id, action: 'replay', actor: actor.name, requeued }, 'webhook dead letters requeued');
      dispatcher.wake();
      return void res.json({ webhook: endpoint.id, requeued });
    }
    if (!endpoint.channels.includes(input.channel)) throw new ApiError(404, 'unknown_channel', `channel: webhook endpoint ${endpoint.id} does not receive ${input.channel}`, 'channel');
    const consumer = consumerOf(endpoint.id);
    const current = await store.readConsumerCursor(consumer, input.channel);
    if (!(await store.advanceConsumerCursor(consumer, input.channel, current, input.cursor))) {
      throw new ApiError(409, 'conflict', 'the endpoint was delivering meanwhile; try again');
    }
    deps.logger.info({ webhook: endpoint.id, action: 'replay', actor: actor.name, channel: input.channel, cursor: input.cursor }, 'webhook replaying from a cursor');
    dispatcher.wake();
    res.json({ webhook: endpoint.id, channel: input.channel, cursor: input.cursor });
  }));

  return router;
}
