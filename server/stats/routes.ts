import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { canWrite, type Identity } from '../auth/authenticator.js';
import { CHANNEL_PATTERN, HEADLINE_ID_PATTERN, parseInput } from '../headlines/schema.js';
import { cors } from '../http/cors.js';
import { ApiError } from '../http/errors.js';
import type { PartnerDirectory } from '../partners/directory.js';
import type { HeadlineStats, ReaderStats, StatsList } from '../protocol.js';
import { RateLimiter } from '../rate-limit.js';
import type { HeadlineStore, ReaderCounts } from '../store/store.js';

export interface StatsRoutesDeps {
  store: HeadlineStore;
  partners: PartnerDirectory;
  /** Pages whose readers may be counted: the publisher's origins and its partners'. */
  pageOriginAllowed: (origin: string) => boolean;
  /** The origins whose pages may read the counts with an editor key (AJEL_WRITE_ORIGINS). */
  writeOrigins: readonly string[];
  /** Beacons per minute per client address (AJEL_STATS_BEACON_RATE). */
  beaconsPerMinute: number;
  /** The caller, from the `Authorization` header; throws the API's 401/429 answers. */
  identify(req: Request): Promise<Identity>;
}

/** Ids in each list of one beacon: more than a page view of the largest channel shows. */
export const MAX_BEACON_IDS = 100;
const MAX_BEACON_BYTES = 8 * 1024;

const ids = z.array(z.string().regex(HEADLINE_ID_PATTERN, 'must be headline ids')).max(MAX_BEACON_IDS).default([]);
const beaconSchema = z.object({ impressions: ids, clicks: ids }).strict();

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

const statsOf = (counts: ReaderCounts): ReaderStats => ({
  seen: counts.seen,
  clicked: counts.clicked,
  rate: counts.seen === 0 ? null : Math.round((counts.clicked / counts.seen) * 10_000) / 10_000,
});

/**
 * Readers' counts without tracking: widgets send what their reader saw and clicked
 * (`POST /api/channels/:channel/stats`, a beacon with no cookie and no identifier; the address is
 * only the rate limiter's key, in memory), editors read the totals per headline.
 */
export function createStatsRouter(deps: StatsRoutesDeps): Router {
  const { store } = deps;
  const router = express.Router();
  const beacons = new RateLimiter(deps.beaconsPerMinute, deps.beaconsPerMinute);
  // navigator.sendBeacon sends a string as text/plain: the body is JSON whatever its type says.
  const json = express.json({ limit: MAX_BEACON_BYTES, strict: true, type: () => true });
  const path = '/api/channels/:channel/stats';

  async function checkChannel(channel: string): Promise<void> {
    if (!CHANNEL_PATTERN.test(channel) || !(await store.hasChannel(channel))) throw new ApiError(404, 'unknown_channel', `no channel named ${channel}`, 'channel');
  }

  async function parseBeacon(req: Request, res: Response) {
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') reject(new ApiError(413, 'body_too_large', `a stats beacon is at most ${MAX_BEACON_BYTES / 1024} KB`));
      else if (error) reject(error);
      else resolve();
    }));
    return parseInput(beaconSchema, req.body);
  }

  router.post(path, handle(async (req, res) => {
    const origin = req.headers.origin;
    // The server's own pages count too: /embed runs the widget on this origin.
    const ownPage = origin === `${req.protocol}://${req.get('host')}`;
    if (origin !== undefined && !ownPage && !deps.pageOriginAllowed(origin)) throw new ApiError(403, 'origin_not_allowed', `readers on ${origin} are not counted`);
    const retry = beacons.take(req.ip ?? 'unknown');
    if (retry > 0) throw new ApiError(429, 'rate_limited', `too many stats beacons from this address; try again in ${retry} s`, undefined, { 'Retry-After': String(retry) });
    const channel = String(req.params.channel);
    await checkChannel(channel);
    const beacon = await parseBeacon(req, res);
    const partner = origin === undefined || ownPage ? undefined : deps.partners.licenseeAt(origin, channel)?.id;
    await store.addHeadlineCounts(channel, { impressions: [...new Set(beacon.impressions)], clicks: [...new Set(beacon.clicks)] }, partner);
    res.status(204).end();
  }));

  router.get(path, cors(deps.writeOrigins, 'GET, OPTIONS'), handle(async (req, res) => {
    const channel = String(req.params.channel);
    await checkChannel(channel);
    const identity = await deps.identify(req);
    if (!canWrite(identity, channel)) throw new ApiError(403, 'forbidden', `the counts of ${channel} are for its editors`);
    const [snapshot, counts, pushSubscribers] = await Promise.all([store.snapshot(channel), store.readHeadlineCounts(channel), store.countPushSubscriptions(channel)]);
    const headlines: HeadlineStats[] = snapshot.headlines.map((headline) => {
      const count = counts.get(headline.id) ?? { seen: 0, clicked: 0, partners: {} };
      const partners = Object.fromEntries(Object.entries(count.partners).map(([partner, byPartner]) => [partner, statsOf(byPartner)]));
      return { id: headline.id, ...statsOf(count), partners };
    });
    const body: StatsList = { channel, headlines, pushSubscribers };
    res.set('Cache-Control', 'no-store').json(body);
  }));

  return router;
}
