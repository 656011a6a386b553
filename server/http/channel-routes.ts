import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { canRead, type Identity } from '../auth/authenticator.js';
import type { ChannelDirectory } from '../channels/directory.js';
import { ChannelExistsError } from '../channels/record.js';
import { channelCreateSchema, channelUpdateSchema } from '../channels/schema.js';
import { parseInput } from '../headlines/schema.js';
import type { HeadlineStore } from '../store/store.js';
import { ApiError } from './errors.js';

/** What the channel routes share with the rest of the API (see createApiRouter). */
export interface ChannelRouteDeps {
  store: HeadlineStore;
  directory: ChannelDirectory;
  privateChannels: ReadonlySet<string>;
  readCors: RequestHandler;
  writeCors: RequestHandler;
  readBudget: RequestHandler;
  countWrite(action: string): RequestHandler;
  readerOf(res: Response): Identity | undefined;
  checkChannel(channel: string): Promise<void>;
  /** Remembers a channel just added, so this node need not ask the store whether it exists. */
  knowChannel(channel: string): void;
  /** `channel` undefined: an editor key for every channel, as adding one takes. */
  editorFor(req: Request, res: Response, channel: string | undefined): Promise<Identity>;
  requireJson(req: Request): void;
  parseBody(req: Request, res: Response): Promise<unknown>;
}

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/** `GET /api/channels`, and each channel's record: read by anyone who may read it, written by editors. */
export function channelRoutes(deps: ChannelRouteDeps): Router {
  const { store, directory, privateChannels } = deps;
  const router = express.Router();

  function checkReadable(res: Response, channel: string): void {
    if (!canRead(deps.readerOf(res), channel, privateChannels)) throw new ApiError(403, 'forbidden', `channel ${channel} needs a partner key`);
  }

  router.get('/api/channels', deps.readCors, deps.readBudget, handle(async (_req, res) => {
    const readable = (await store.listChannels()).filter((channel) => canRead(deps.readerOf(res), channel, privateChannels));
    res.set('Cache-Control', 'no-cache').json({ channels: await directory.list(readable) });
  }));

  router.get('/api/channels/:channel', deps.readCors, deps.readBudget, handle(async (req, res) => {
    const channel = String(req.params.channel);
    await deps.checkChannel(channel);
    checkReadable(res, channel);
    res.set('Cache-Control', 'no-cache').json(await directory.get(channel));
  }));

  router.post('/api/channels', deps.writeCors, deps.countWrite('channel_add'), handle(async (req, res) => {
    const editor = await deps.editorFor(req, res, undefined);
    deps.requireJson(req);
    const input = parseInput(channelCreateSchema, await deps.parseBody(req, res));
    let record;
    try {
      record = await directory.create(input, editor.name);
    } catch (error) {
      if (error instanceof ChannelExistsError) throw new ApiError(409, 'channel_exists', error.message, 'channel');
      throw error;
    }
    deps.knowChannel(record.channel);
    res.status(201).location(`/api/channels/${record.channel}`).json(record);
  }));

  router.patch('/api/channels/:channel', deps.writeCors, deps.countWrite('channel_update'), handle(async (req, res) => {
    const channel = String(req.params.channel);
    await deps.checkChannel(channel);
    const editor = await deps.editorFor(req, res, channel);
    deps.requireJson(req);
    const input = parseInput(channelUpdateSchema, await deps.parseBody(req, res));
    if (Object.keys(input).length === 0) throw new ApiError(400, 'invalid_input', 'nothing to change: give title, description, lang, dir, link, label or pushAlerts');
    const record = await directory.update(channel, input, editor.name);
    if (!record) throw new ApiError(404, 'unknown_channel', `no channel named ${channel}`, 'channel');
    res.json(record);
  }));

  return router;
}
