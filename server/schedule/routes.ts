import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { canWrite, type Identity } from '../auth/authenticator.js';
import { HEADLINE_ID_PATTERN, parseInput } from '../headlines/schema.js';
import type { Actor } from '../headlines/service.js';
import { ApiError } from '../http/errors.js';
import type { RequestIdentifier } from '../http/identify.js';
import type { ScheduledList } from '../protocol.js';
import { editHeldSchema, holdSchema } from './schema.js';
import type { ScheduleService } from './service.js';

/** What the schedule routes share with the rest of the API (see createApiRouter). */
export interface ScheduleRouteDeps {
  schedule: ScheduleService;
  writeCors: RequestHandler;
  countWrite(action: string): RequestHandler;
  checkChannel(channel: string): Promise<void>;
  editorFor(req: Request, res: Response, channel: string): Promise<Identity>;
  identify: RequestIdentifier;
  requireJson(req: Request): void;
  parseBody(req: Request, res: Response): Promise<unknown>;
}

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/**
 * A publish body with `publishAt` (POST /api/channels/:channel/headlines, after the checks every
 * publish gets): held, answered 202 with the held headline; 200 when the Idempotency-Key replays it.
 */
export async function holdRequested(schedule: ScheduleService, res: Response, channel: string, editor: Actor, body: unknown, idempotencyKey?: string): Promise<void> {
  const input = parseInput(holdSchema, body);
  const { held, replayed } = await schedule.hold(channel, input, editor, idempotencyKey);
  res.locals.headlineId = held.id;
  if (replayed) res.set('Idempotent-Replayed', 'true');
  res.status(replayed ? 200 : 202).location(`/api/channels/${channel}/scheduled/${held.id}`).json(held);
}

/** The held headlines of a channel: listed, read, edited and cancelled by its editors. */
export function scheduleRoutes(deps: ScheduleRouteDeps): Router {
  const { schedule } = deps;
  const router = express.Router();

  /** Held headlines are not public: only an editor of the channel reads them. */
  async function checkReader(req: Request, channel: string): Promise<void> {
    await deps.checkChannel(channel);
    const identity = (await deps.identify(req, { required: true }))!;
    if (identity.role !== 'editor' || !canWrite(identity, channel)) throw new ApiError(403, 'forbidden', `scheduled headlines of ${channel} are for its editors`);
  }

  function checkId(id: string): void {
    if (!HEADLINE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', 'no scheduled headline with that id');
  }

  router.get('/api/channels/:channel/scheduled', deps.writeCors, handle(async (req, res) => {
    const channel = String(req.params.channel);
    await checkReader(req, channel);
    const body: ScheduledList = { channel, scheduled: await schedule.list(channel) };
    res.set('Cache-Control', 'no-store').json(body);
  }));

  router.get('/api/channels/:channel/scheduled/:id', deps.writeCors, handle(async (req, res) => {
    const channel = String(req.params.channel);
    await checkReader(req, channel);
    checkId(String(req.params.id));
    res.set('Cache-Control', 'no-store').json(await schedule.get(channel, String(req.params.id)));
  }));

  router.patch('/api/channels/:channel/scheduled/:id', deps.writeCors, deps.countWrite('schedule_edit'), handle(async (req, res) => {
    const channel = String(req.params.channel);
    await deps.checkChannel(channel);
    const editor = await deps.editorFor(req, res, channel);
    checkId(String(req.params.id));
    deps.requireJson(req);
    const input = parseInput(editHeldSchema, await deps.parseBody(req, res));
    res.json(await schedule.edit(channel, String(req.params.id), input, editor.name));
  }));

  router.delete('/api/channels/:channel/scheduled/:id', deps.writeCors, deps.countWrite('schedule_cancel'), handle(async (req, res) => {
    const channel = String(req.params.channel);
    await deps.checkChannel(channel);
    const editor = await deps.editorFor(req, res, channel);
    checkId(String(req.params.id));
    await schedule.cancel(channel, String(req.params.id), editor.name);
    res.json({ channel, id: String(req.params.id), cancelled: true });
  }));

  return router;
}
