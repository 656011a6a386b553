import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { ChannelDirectory } from '../channels/directory.js';
import { languageTag } from '../channels/schema.js';
import { CHANNEL_PATTERN, parseInput, readerText } from '../headlines/schema.js';
import { ApiError } from '../http/errors.js';
import type { ReadBudget } from '../http/read-budget.js';
import type { Headline } from '../protocol.js';
import type { PartnerDirectory } from '../partners/directory.js';
import { looksLikeToken, type EmbedTokens } from '../partners/embed-tokens.js';
import { StoreUnavailableError, type HeadlineStore } from '../store/store.js';
import { EMBED_SIZE_SCRIPT, renderEmbedPage, type EmbedOptions } from './embed-page.js';

export interface EmbedRoutesDeps {
  store: HeadlineStore;
  channels: ChannelDirectory;
  tokens: EmbedTokens;
  partners: PartnerDirectory;
  privateChannels: ReadonlySet<string>;
  /** The publisher's origins (`AJEL_CORS_ORIGINS`): pages that may frame the embed without a token. */
  publisherOrigins: readonly string[];
  /** The read budget of each client address, the API's. */
  readBudget: ReadBudget;
}

const querySchema = z.strictObject({
  channel: z.string().regex(CHANNEL_PATTERN, 'must be a channel slug'),
  theme: z.enum(['light', 'dark', 'auto']).optional(),
  dir: z.enum(['rtl', 'ltr', 'auto']).optional(),
  locale: languageTag.optional(),
  speed: z.coerce.number().min(1).max(2000).optional(),
  label: readerText(32).optional(),
  'max-items': z.coerce.number().int().min(1).max(50).optional(),
  token: z.string().refine(looksLikeToken, 'must be a partner token (a JWT)').optional(),
  background: z.enum(['transparent', 'themed']).default('transparent'),
});

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/**
 * `/embed`: the ticker as a small page of its own, for `<iframe>` and AMP's `<amp-iframe>` where a
 * page cannot run a third party's script: a strict CSP, framed only by the publisher's origins or
 * the token's partner's, and the current headlines in the HTML for readers and crawlers without
 * JavaScript.
 */
export function createEmbedRouter(deps: EmbedRoutesDeps): Router {
  const router = express.Router();

  router.get('/embed/size.js', (_req, res) => {
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' }).send(EMBED_SIZE_SCRIPT);
  });

  router.get('/embed', handle(async (req, res) => {
    await deps.readBudget.spend(req.ip ?? 'unknown');
    const query = parseInput(querySchema, req.query);
    const options: EmbedOptions = { ...query, maxItems: query['max-items'] };
    const { channel } = options;
    if (!(await deps.store.hasChannel(channel).catch(() => true))) throw new ApiError(404, 'unknown_channel', `no channel named ${channel}`, 'channel');
    let ancestors = deps.publisherOrigins.includes('*') ? ['*'] : [...deps.publisherOrigins];
    if (options.token) {
      const check = await deps.tokens.verify(options.token);
      if (!check.ok) throw new ApiError(check.code === 'channel_not_licensed' || check.code === 'origin_not_allowed' ? 403 : 401, check.code, check.message, 'token');
      if (!check.grant.channels.includes(channel)) throw new ApiError(403, 'channel_not_licensed', `the token does not name channel ${channel}`, 'token');
      // A partner's embed is framed by the partner's pages only (the one its token names, if it names one).
      ancestors = check.grant.origin ? [check.grant.origin] : (deps.partners.get(check.grant.partner)?.origins ?? []);
    } else if (deps.privateChannels.has(channel)) {
      throw new ApiError(403, 'forbidden', `channel ${channel} needs a partner token`, 'token');
    }
    let headlines: Headline[];
    try {
      headlines = (await deps.store.snapshot(channel)).headlines;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      headlines = [];
    }
    const record = await deps.channels.get(channel);
    const nonce = randomBytes(16).toString('base64');
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': [
        "default-src 'none'",
        "script-src 'self'",
        `style-src 'nonce-${nonce}'`,
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        `frame-ancestors ${ancestors.length ? ancestors.join(' ') : "'none'"}`,
      ].join('; '),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    // The channel's label written in, so that the badge does not change width when the widget subscribes.
    res.send(renderEmbedPage({ ...options, label: options.label ?? record.label }, headlines, options.locale ?? record.lang, record.dir, nonce));
  }));

  return router;
}
