import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Identity } from '../auth/authenticator.js';
import { InputError, parseInput } from '../headlines/schema.js';
import { cors } from '../http/cors.js';
import { ApiError } from '../http/errors.js';
import type { ReadBudget } from '../http/read-budget.js';
import type { Logger } from '../logger.js';
import type { AddressPolicy } from '../net/address-policy.js';
import { checkOutboundUrl, OutboundError } from '../net/outbound-client.js';
import type { HeadlineStore } from '../store/store.js';
import type { Ingest } from './ingest.js';
import { FeedParseError, parseFeedBody, type FeedItem } from './parse.js';
import { recordOutcome, type Poller } from './poller.js';
import { verifyPush } from './push-signature.js';
import { initialPollState, newPushSecret, newSourceSchema, sourceUpdateSchema, SOURCE_ID_PATTERN, viewOfSource, type PollState, type Source } from './source.js';

export interface IngestRoutesDeps {
  store: HeadlineStore;
  poller: Poller;
  ingest: Ingest;
  /** The private-address rule (AJEL_OUTBOUND_ALLOW): a feed URL naming a refused address is refused when it is added. */
  policy: AddressPolicy;
  logger: Logger;
  /** The origins whose pages may write (AJEL_WRITE_ORIGINS): the editor console's. */
  writeOrigins: readonly string[];
  /** The caller, from the `Authorization` header; throws the API's 401/429 answers. */
  identify(req: Request): Promise<Identity>;
  /** Spent by each refused push (no such source, a bad signature): past it an address is answered 429. A valid push spends nothing. */
  refusedPushes: ReadBudget;
}

/** Sources one service keeps: every one is polled, so they are bounded like any list. */
export const MAX_SOURCES = 500;
/** The largest pushed body: one headline, or a JSON Feed of a few. */
const MAX_PUSH_BYTES = 64 * 1024;

/** A headline pushed by a CMS: its text, maybe a link, urgency and language, and its own id (else the request's). */
const pushedHeadlineSchema = z.strictObject({
  id: z.string().min(1).max(256).optional(),
  text: z.string().max(10_000),
  url: z.string().max(4096).optional(),
  urgent: z.boolean().optional(),
  lang: z.string().max(64).optional(),
});

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `/api/sources` (admin keys) and `/api/ingest/:source` (signed pushes). */
export function createIngestRouter(deps: IngestRoutesDeps): Router {
  const { store, poller } = deps;
  const router = express.Router();
  const json = express.json({ limit: '16kb', strict: true, type: () => true });
  const raw = express.raw({ limit: MAX_PUSH_BYTES, type: () => true });
  router.use('/api/sources', cors(deps.writeOrigins, 'GET, POST, PATCH, DELETE, OPTIONS'));

  async function admin(req: Request): Promise<Identity> {
    const identity = await deps.identify(req);
    if (identity.role !== 'admin') throw new ApiError(403, 'forbidden', 'managing sources needs an admin key (AJEL_ADMIN_KEYS)');
    return identity;
  }

  async function body(req: Request, res: Response): Promise<unknown> {
    if (!req.is('application/json')) throw new ApiError(415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    return req.body;
  }

  async function existing(id: string): Promise<Source> {
    const source = SOURCE_ID_PATTERN.test(id) ? await store.getSource(id) : undefined;
    if (!source) throw new ApiError(404, 'not_found', `no source ${id}`);
    return source;
  }

  /** An http(s) feed URL without credentials, not naming an address the private-address rule refuses (names are checked at each poll). */
  function checkFeedUrl(value: string | undefined): string {
    if (value === undefined) throw new ApiError(400, 'invalid_field', 'url: a feed source needs the URL of its feed', 'url');
    let url: URL;
    try {
      url = checkOutboundUrl(value.trim());
    } catch (error) {
      throw new ApiError(400, 'invalid_field', `url: ${(error as OutboundError).message}`, 'url');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (/^[\d.]+$|:/.test(host) && !deps.policy.allows(host, host)) {
      throw new ApiError(400, 'address_not_allowed', `url: ${host} is a private address; the operator can allow it with AJEL_OUTBOUND_ALLOW`, 'url');
    }
    return url.href;
  }

  const view = async (source: Source) => ({ source: viewOfSource(source), state: (await store.readPollState(source.id)) ?? initialPollState() });

  async function save(before: Source, change: (source: Source) => Source, actor: Identity, action: string): Promise<Source> {
    const next = { ...change(structuredClone(before)), updatedAt: new Date().toISOString(), rev: before.rev + 1 };
    const outcome = await store.replaceSource(next, before.rev);
    if (outcome === 'missing') throw new ApiError(404, 'not_found', `no source ${before.id}`);
    if (outcome === 'conflict') throw new ApiError(409, 'conflict', `source ${before.id} was changed meanwhile; read it again and retry`);
    if (next.kind === 'feed') {
      if (next.paused) await poller.unschedule(next.id);
      else if (before.paused || next.url !== before.url) await poller.schedule(next.id);
    }
    deps.logger.info({ source: next.id, action, actor: actor.name, rev: next.rev }, 'source changed');
    return next;
  }

  router.get('/api/sources', handle(async (req, res) => {
    await admin(req);
    res.json({ sources: await Promise.all((await store.listSources()).map(view)) });
  }));

  router.post('/api/sources', handle(async (req, res) => {
    const actor = await admin(req);
    const input = parseInput(newSourceSchema, await body(req, res));
    if (!(await store.hasChannel(input.channel))) throw new ApiError(400, 'unknown_channel', `channel: no channel named ${input.channel}`, 'channel');
    if (input.kind === 'push' && input.url !== undefined) throw new ApiError(400, 'invalid_field', 'url: a push source has no feed URL; its sender POSTs to /api/ingest/<id>', 'url');
    if ((await store.listSources()).length >= MAX_SOURCES) throw new ApiError(409, 'too_many_sources', `a service keeps at most ${MAX_SOURCES} sources; remove one first`);
    const now = new Date().toISOString();
    const secret = input.kind === 'push' ? newPushSecret() : undefined;
    const source: Source = {
      id: input.id ?? `s-${randomBytes(5).toString('hex')}`,
      channel: input.channel,
      kind: input.kind,
      ...(input.kind === 'feed' ? { url: checkFeedUrl(input.url) } : {}),
      mapping: {
        ...(input.urgentPrefix ? { urgentPrefix: input.urgentPrefix } : {}),
        keepPrefix: input.keepPrefix,
        urgentCategories: input.urgentCategories,
        ...(input.lang ? { lang: input.lang } : {}),
      },
      paused: input.paused,
      retractRemoved: input.retractRemoved,
      ...(secret ? { pushSecret: secret } : {}),
      createdAt: now,
      updatedAt: now,
      rev: 1,
    };
    if ((await store.createSource(source)) === 'exists') throw new ApiError(409, 'exists', `a source ${source.id} exists already`, 'id');
    if (source.kind === 'feed' && !source.paused) await poller.schedule(source.id);
    deps.logger.info({ source: source.id, channel: source.channel, action: 'add', actor: actor.name }, 'source added');
    res.status(201).location(`/api/sources/${source.id}`).json({ ...(await view(source)), ...(secret ? { secret } : {}) });
  }));

  router.get('/api/sources/:id', handle(async (req, res) => {
    await admin(req);
    res.json(await view(await existing(String(req.params.id))));
  }));

  router.patch('/api/sources/:id', handle(async (req, res) => {
    const actor = await admin(req);
    const before = await existing(String(req.params.id));
    const input = parseInput(sourceUpdateSchema, await body(req, res));
    if (input.rev !== undefined && input.rev !== before.rev) throw new ApiError(409, 'conflict', `source ${before.id} is at revision ${before.rev}, not ${input.rev}`);
    if (input.url !== undefined && before.kind === 'push') throw new ApiError(400, 'invalid_field', 'url: a push source has no feed URL', 'url');
    const url = input.url === undefined ? before.url : checkFeedUrl(input.url);
    const saved = await save(before, (source) => {
      const mapping = { ...source.mapping };
      if (input.urgentPrefix === null) delete mapping.urgentPrefix;
      else if (input.urgentPrefix !== undefined) mapping.urgentPrefix = input.urgentPrefix;
      if (input.lang === null) delete mapping.lang;
      else if (input.lang !== undefined) mapping.lang = input.lang;
      if (input.keepPrefix !== undefined) mapping.keepPrefix = input.keepPrefix;
      if (input.urgentCategories !== undefined) mapping.urgentCategories = input.urgentCategories;
      return {
        ...source,
        ...(url !== undefined ? { url } : {}),
        mapping,
        ...(input.retractRemoved !== undefined ? { retractRemoved: input.retractRemoved } : {}),
        ...(input.paused !== undefined ? { paused: input.paused } : {}),
      };
    }, actor, 'update');
    res.json(await view(saved));
  }));

  for (const [action, paused] of [['pause', true], ['resume', false]] as const) {
    router.post(`/api/sources/:id/${action}`, handle(async (req, res) => {
      const actor = await admin(req);
      const before = await existing(String(req.params.id));
      const saved = before.paused === paused ? before : await save(before, (source) => ({ ...source, paused }), actor, action);
      res.json(await view(saved));
    }));
  }

  router.post('/api/sources/:id/poll', handle(async (req, res) => {
    await admin(req);
    const source = await existing(String(req.params.id));
    if (source.kind !== 'feed') throw new ApiError(409, 'not_a_feed', `source ${source.id} is pushed to, not polled`);
    if (source.paused) throw new ApiError(409, 'paused', `source ${source.id} is paused; resume it first`);
    await poller.schedule(source.id);
    res.status(202).json(await view(source));
  }));

  router.delete('/api/sources/:id', handle(async (req, res) => {
    const actor = await admin(req);
    const source = await existing(String(req.params.id));
    await store.deleteSource(source.id);
    await poller.unschedule(source.id);
    deps.logger.info({ source: source.id, action: 'remove', actor: actor.name }, 'source removed');
    res.json({ id: source.id, removed: true });
  }));

  router.post('/api/ingest/:source', handle(async (req, res) => {
    const id = String(req.params.source);
    const address = req.ip ?? 'unknown';
    const source = SOURCE_ID_PATTERN.test(id) ? await store.getSource(id) : undefined;
    if (!source || source.kind !== 'push' || !source.pushSecret) {
      await deps.refusedPushes.spend(address);
      throw new ApiError(404, 'not_found', `no push source ${id}`);
    }
    await new Promise<void>((resolve, reject) => raw(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifyPush(source.pushSecret, req.headers, rawBody);
    if (!verdict.ok) {
      deps.logger.warn({ source: id, address, reason: verdict.code }, 'refused a push');
      await deps.refusedPushes.spend(address);
      throw new ApiError(401, verdict.code, `${verdict.message}; nothing was published`);
    }
    if (source.paused) throw new ApiError(409, 'paused', `source ${id} is paused; nothing was published`);
    const feed = pushedFeed(rawBody, verdict.id);
    const outcome = await deps.ingest.apply(source, feed, { first: false, complete: false });
    const state: PollState = (await store.readPollState(id)) ?? initialPollState();
    const now = Date.now();
    recordOutcome(state, outcome, now);
    Object.assign(state, { started: true, lastSuccessAt: new Date(now).toISOString() });
    await store.writePollState(id, state);
    if (outcome.published + outcome.corrected === 0 && outcome.problems.length > 0) {
      throw new ApiError(400, 'invalid_item', `${outcome.problems[0]}; nothing was published`);
    }
    res.json({ source: id, published: outcome.published, corrected: outcome.corrected, skipped: outcome.skipped, problems: outcome.problems });
  }));

  return router;
}

/** A pushed body: one JSON headline (known by its own id, else by the request's), or a JSON Feed. */
function pushedFeed(body: Buffer, requestId: string): { lang?: string; items: FeedItem[] } {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(body);
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body must be UTF-8 JSON: a headline or a JSON Feed; nothing was published');
  }
  if (value !== null && typeof value === 'object' && 'items' in value) {
    try {
      return parseFeedBody(text);
    } catch (error) {
      if (error instanceof FeedParseError) throw new ApiError(400, 'invalid_feed', `${error.message}; nothing was published`);
      throw error;
    }
  }
  let headline: z.infer<typeof pushedHeadlineSchema>;
  try {
    headline = parseInput(pushedHeadlineSchema, value);
  } catch (error) {
    if (error instanceof InputError) throw new ApiError(400, error.code, `${error.message}; nothing was published`, error.field);
    throw error;
  }
  return { items: [{ key: headline.id ?? requestId, title: headline.text, link: headline.url, lang: headline.lang, urgent: headline.urgent, categories: [] }] };
}
