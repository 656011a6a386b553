import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { canRead, canWrite, type Identity } from '../auth/authenticator.js';
import type { SignInGuard } from '../auth/sign-in-guard.js';
import type { ChannelDirectory } from '../channels/directory.js';
import { CHANNEL_PATTERN, HEADLINE_ID_PATTERN, parseInput, publishSchema, updateSchema } from '../headlines/schema.js';
import type { HeadlineService } from '../headlines/service.js';
import type { ChangeFollower } from '../live/follower.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Snapshot } from '../protocol.js';
import { RateLimiter } from '../rate-limit.js';
import { asksToSchedule } from '../schedule/schema.js';
import { holdRequested, scheduleRoutes } from '../schedule/routes.js';
import type { ScheduleService } from '../schedule/service.js';
import { IdempotencyKeyReusedError, StoreUnavailableError, type HeadlineStore } from '../store/store.js';
import { cors, originAllowed } from './cors.js';
import { ApiError } from './errors.js';
import type { ReadBudget } from './read-budget.js';
import { bearer, requestIdentifier } from './identify.js';
import { channelRoutes } from './channel-routes.js';
import { FEED_TYPES, isFeedFormat, renderFeed } from './feeds.js';

export interface ApiDeps {
  store: HeadlineStore;
  headlines: HeadlineService;
  channels: ChannelDirectory;
  follower: ChangeFollower;
  guard: SignInGuard;
  logger: Logger;
  corsOrigins: string[];
  writeOrigins: string[];
  privateChannels: ReadonlySet<string>;
  /** Channels of this node's configuration: known without asking the store. */
  configuredChannels: readonly string[];
  writeRatePerMinute: number;
  /** Anonymous reads per client address (shared with /embed). */
  readBudget: ReadBudget;
  metrics: Metrics;
  schedule: ScheduleService;
  /** The public base URL feeds link to (AJEL_PUBLIC_URL); without it, the request's origin. */
  publicUrl?: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a JSON body's raw bytes before they are decoded: the decoder would turn bytes that are not
 * UTF-8 into U+FFFD and store a headline nobody wrote. Bodies in other charsets are refused too.
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8') throw Object.assign(new Error('the body must be UTF-8 JSON'), { status: 415, type: 'charset.unsupported' });
  try {
    utf8.decode(body);
  } catch {
    throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400, type: 'encoding.invalid_utf8' });
  }
}

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

export function createApiRouter(deps: ApiDeps): Router {
  const { store, headlines, guard, privateChannels } = deps;
  const router = express.Router();
  const writeLimiter = new RateLimiter(deps.writeRatePerMinute, Math.max(10, Math.ceil(deps.writeRatePerMinute / 4)));
  const knownChannels = new Set<string>(deps.configuredChannels);

  const readCors = cors(deps.corsOrigins, 'GET, HEAD, OPTIONS');
  const writeCors = cors(deps.writeOrigins, 'GET, POST, PATCH, DELETE, OPTIONS', 'Content-Type, Authorization, Idempotency-Key');
  const json = express.json({ limit: '16kb', strict: true, type: () => true, verify: refuseInvalidUtf8 });

  async function checkChannel(channel: string): Promise<void> {
    if (!CHANNEL_PATTERN.test(channel)) {
      throw new ApiError(400, 'invalid_channel', 'channel: must be 1-64 of a-z, 0-9 and "-", starting and ending with a letter or digit', 'channel');
    }
    if (knownChannels.has(channel)) return;
    if (!(await store.hasChannel(channel))) throw new ApiError(404, 'unknown_channel', `no channel named ${channel}`, 'channel');
    knownChannels.add(channel);
  }

  function checkId(id: string): void {
    if (!HEADLINE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', 'no headline with that id');
  }

  const identify = requestIdentifier(guard, deps.logger);

  /** A read with a valid key is the key's; anonymous reads spend the client address's read budget. */
  const readBudget = (req: Request, res: Response, next: NextFunction) => {
    const spend = async () => {
      const keyed = bearer(req) !== undefined || req.query.key !== undefined || req.query.token !== undefined;
      const identity = keyed ? await identify(req, { required: false, tokenInQuery: true }) : undefined;
      res.locals.reader = identity;
      if (!identity) await deps.readBudget.spend(req.ip ?? 'unknown');
    };
    spend().then(() => next(), next);
  };
  const readerOf = (res: Response): Identity | undefined => res.locals.reader;

  /**
   * Authenticates an editor allowed to write `channel` (undefined: every channel), within the write
   * rate and origin policy.
   */
  async function editorFor(req: Request, res: Response, channel: string | undefined): Promise<Identity> {
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    if (origin && origin !== ownOrigin && !originAllowed(deps.writeOrigins, origin)) {
      throw new ApiError(403, 'origin_not_allowed', `writes from ${origin} are not allowed`);
    }
    const identity = (await identify(req, { required: true }))!;
    res.locals.actor = identity.name;
    if (channel === undefined ? identity.role !== 'editor' || identity.channels !== undefined : !canWrite(identity, channel)) {
      const what = channel === undefined ? 'add channels (that takes a key for every channel)' : `write to channel ${channel}`;
      throw new ApiError(403, 'forbidden', `the key of ${identity.name} may not ${what}`);
    }
    const retry = writeLimiter.take(identity.name);
    if (retry > 0) throw new ApiError(429, 'rate_limited', `too many writes; try again in ${retry} s`, undefined, { 'Retry-After': String(retry) });
    return identity;
  }

  /**
   * Counts and logs every write attempt by its outcome, once the answer is sent: one JSON line with
   * the channel, the headline, the key's name (never the key), the status and the refusal's code.
   */
  const countWrite = (action: string) => (req: Request, res: Response, next: NextFunction) => {
    const { channel, id } = req.params as { channel?: string; id?: string };
    res.on('finish', () => {
      deps.metrics.writes.inc({ action, status: String(res.statusCode) });
      const { actor, headlineId, errorCode } = res.locals as { actor?: string; headlineId?: string; errorCode?: string };
      deps.logger.info({ event: 'write', action, channel, id: headlineId ?? id, actor, status: res.statusCode, error: errorCode }, `${action} ${res.statusCode}`);
    });
    next();
  };

  function requireJson(req: Request): void {
    if (!req.is('application/json')) throw new ApiError(415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
  }

  router.options('/api/{*rest}', (req, res, next) => (req.method === 'OPTIONS' && req.get('access-control-request-method') !== 'GET' ? writeCors : readCors)(req, res, next));

  router.use(channelRoutes({
    store,
    directory: deps.channels,
    privateChannels,
    readCors,
    writeCors,
    readBudget,
    countWrite,
    readerOf,
    checkChannel,
    knowChannel: (channel) => knownChannels.add(channel),
    editorFor,
    requireJson,
    parseBody,
  }));

  router.use(scheduleRoutes({
    schedule: deps.schedule,
    writeCors,
    countWrite,
    checkChannel,
    editorFor,
    identify,
    requireJson,
    parseBody,
  }));

  /** The channel's snapshot for a reader allowed to see it; from this node's feed while the store is down. */
  async function readableSnapshot(res: Response, channel: string): Promise<Snapshot> {
    await checkChannel(channel);
    if (privateChannels.has(channel) && !canRead(readerOf(res), channel, privateChannels)) {
      throw new ApiError(403, 'forbidden', `channel ${channel} needs a partner token`);
    }
    try {
      return await store.snapshot(channel);
    } catch (error) {
      const feed = error instanceof StoreUnavailableError && deps.follower.activeFeed(channel);
      if (!feed) throw error;
      res.set('Ajel-Stale', 'store unreachable; served from this node');
      return feed.snapshot();
    }
  }

  router.get('/api/channels/:channel/headlines', readCors, readBudget, handle(async (req, res) => {
    const snapshot = await readableSnapshot(res, String(req.params.channel));
    res.set('Cache-Control', 'no-cache').json(snapshot);
  }));

  router.get('/api/channels/:channel/feed.:format', readCors, readBudget, handle(async (req, res) => {
    const format = String(req.params.format);
    if (!isFeedFormat(format)) throw new ApiError(404, 'not_found', 'feeds are feed.json, feed.rss and feed.atom');
    const channel = String(req.params.channel);
    const snapshot = await readableSnapshot(res, channel);
    const record = await deps.channels.current(channel);
    const baseUrl = deps.publicUrl ?? requestOrigin(req, res);
    res.set({
      'Content-Type': FEED_TYPES.get(format)!,
      'Cache-Control': privateChannels.has(channel) ? 'private, max-age=15' : 'public, max-age=15',
      ETag: `"${format}-${snapshot.cursor}-${record.rev}"`,
    });
    if (req.fresh) return void res.status(304).end();
    res.send(renderFeed(format, snapshot, record, { baseUrl, selfUrl: `${baseUrl}/api/channels/${channel}/feed.${format}` }));
  }));

  router.get('/api/channels/:channel/headlines/:id', readCors, readBudget, handle(async (req, res) => {
    const channel = String(req.params.channel);
    await checkChannel(channel);
    checkId(String(req.params.id));
    if (!canRead(readerOf(res), channel, privateChannels)) throw new ApiError(403, 'forbidden', `channel ${channel} needs a partner token`);
    const headline = await store.getHeadline(channel, String(req.params.id));
    if (!headline) throw new ApiError(404, 'not_found', `no live headline ${req.params.id} in channel ${channel}`);
    res.json(headline);
  }));

  /** The caller's key already published another body: 422, as payment APIs answer; nothing was published. */
  function reusedKeyAs422(error: unknown): never {
    if (!(error instanceof IdempotencyKeyReusedError)) throw error;
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'Idempotency-Key: you already used this key for a different headline in this channel; nothing was published (send the same body to get that headline back, or a new key for a new headline)',
      'Idempotency-Key',
    );
  }

  router.post('/api/channels/:channel/headlines', writeCors, countWrite('publish'), handle(async (req, res) => {
    const channel = String(req.params.channel);
    await checkChannel(channel);
    const editor = await editorFor(req, res, channel);
    requireJson(req);
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ApiError(400, 'invalid_field', 'Idempotency-Key: must be 8-128 printable characters', 'Idempotency-Key');
    }
    const body = await parseBody(req, res);
    if (asksToSchedule(body)) return void (await holdRequested(deps.schedule, res, channel, editor, body, idempotencyKey).catch(reusedKeyAs422));
    const input = parseInput(publishSchema, body);
    const result = await headlines.publish(channel, input, editor, idempotencyKey).catch(reusedKeyAs422);
    res.locals.headlineId = result.headline.id;
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(result.replayed ? 200 : 201)
      .location(`/api/channels/${channel}/headlines/${result.headline.id}`)
      .json({ channel, cursor: result.cursor, headline: result.headline });
  }));

  router.patch('/api/channels/:channel/headlines/:id', writeCors, countWrite('update'), handle(async (req, res) => {
    const channel = String(req.params.channel);
    await checkChannel(channel);
    const editor = await editorFor(req, res, channel);
    checkId(String(req.params.id));
    requireJson(req);
    const input = parseInput(updateSchema, await parseBody(req, res));
    const result = await headlines.update(channel, String(req.params.id), input, editor.name);
    res.json({ channel, cursor: result.cursor, headline: result.headline });
  }));

  router.delete('/api/channels/:channel/headlines/:id', writeCors, countWrite('retract'), handle(async (req, res) => {
    const channel = String(req.params.channel);
    await checkChannel(channel);
    const editor = await editorFor(req, res, channel);
    checkId(String(req.params.id));
    const result = await headlines.retract(channel, String(req.params.id), editor.name);
    res.json({ channel, id: req.params.id, cursor: result.cursor });
  }));

  router.get('/api/whoami', writeCors, handle(async (req, res) => {
    const identity = (await identify(req, { required: true }))!;
    res.json({ name: identity.name, role: identity.role, channels: identity.channels ?? null });
  }));

  router.get('/api/audit', writeCors, handle(async (req, res) => {
    const identity = (await identify(req, { required: true }))!;
    if (identity.role !== 'editor') throw new ApiError(403, 'forbidden', 'the audit log is for editors');
    const channel = typeof req.query.channel === 'string' ? req.query.channel : undefined;
    if (channel !== undefined) await checkChannel(channel);
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ApiError(400, 'invalid_field', 'limit: must be a whole number from 1 to 500', 'limit');
    let channels = channel ? [channel] : identity.channels;
    if (channel && identity.channels && !identity.channels.includes(channel)) channels = [];
    res.json({ entries: channels?.length === 0 ? [] : await store.readAudit({ channels, limit }) });
  }));

  return router;

  /**
   * The origin the client asked for: its Host (and, from a trusted proxy, X-Forwarded-Proto and
   * -Host, as Express reads them). The answer says it depends on them, so no cache hands one host's
   * links to another.
   */
  function requestOrigin(req: Request, res: Response): string {
    const trusted = req.app.get('trust proxy fn') as (address: string | undefined, hop: number) => boolean;
    res.vary(trusted(req.socket.remoteAddress, 0) ? 'Host, X-Forwarded-Host, X-Forwarded-Proto' : 'Host');
    try {
      return new URL(`${req.protocol}://${req.host}`).origin;
    } catch {
      throw new ApiError(400, 'invalid_host', 'the Host header is not a host name');
    }
  }

  async function parseBody(req: Request, res: Response): Promise<unknown> {
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    return req.body;
  }
}
