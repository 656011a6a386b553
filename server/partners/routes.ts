import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { importJWK } from 'jose';
import { z } from 'zod';
import type { Identity } from '../auth/authenticator.js';
import { parseInput } from '../headlines/schema.js';
import { cors } from '../http/cors.js';
import { ApiError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import { lastUsageDays, USAGE_DAYS, type HeadlineStore } from '../store/store.js';
import type { PartnerDirectory } from './directory.js';
import { newKid, newPartnerSchema, partnerUpdateSchema, secretCredential, viewOf, PARTNER_ID_PATTERN, type Partner, type PartnerCredential } from './partner.js';

export interface PartnerRoutesDeps {
  store: HeadlineStore;
  partners: PartnerDirectory;
  logger: Logger;
  /** The origins whose pages may write (AJEL_WRITE_ORIGINS): the editor console's, where admins manage partners too. */
  writeOrigins: readonly string[];
  /** The caller, from the `Authorization` header; throws the API's 401/429 answers. */
  identify(req: Request): Promise<Identity>;
}

/** How long the old credentials keep working after a rotation unless told otherwise: time to deploy the new one. */
const DEFAULT_GRACE_SECONDS = 24 * 3600;

const rotateSchema = z.object({
  graceSeconds: z.number().int().min(0).max(30 * 24 * 3600).optional(),
  publicKey: z.record(z.string(), z.string()).optional(),
}).strict();

type Handler = (req: Request, res: Response) => Promise<void>;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/** A public JWK a partner signs with: Ed25519 (EdDSA) or P-256 (ES256), never a private key. */
async function publicKeyCredential(jwk: Record<string, string>, now: string): Promise<PartnerCredential> {
  const alg = jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'EdDSA' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : undefined;
  if (!alg) throw new ApiError(400, 'invalid_field', 'publicKey: must be an Ed25519 (OKP) or P-256 (EC) public JWK', 'publicKey');
  if ('d' in jwk) throw new ApiError(400, 'invalid_field', 'publicKey: that is a private key; send only its public part, and keep the private key to yourself', 'publicKey');
  try {
    await importJWK(jwk, alg);
  } catch {
    throw new ApiError(400, 'invalid_field', 'publicKey: not a valid key', 'publicKey');
  }
  const { kty, crv, x, y } = jwk;
  return { kid: newKid(), kind: 'public-key', alg, jwk: y ? { kty, crv, x, y } : { kty, crv, x }, createdAt: now };
}

/** `/api/partners`: partner management for admin keys. Every change reaches every node within a second. */
export function createPartnerRouter(deps: PartnerRoutesDeps): Router {
  const { store, partners } = deps;
  const router = express.Router();
  const json = express.json({ limit: '16kb', strict: true, type: () => true });
  // Preflights are answered by the API router's OPTIONS route; this marks the answers themselves.
  router.use('/api/partners', cors(deps.writeOrigins, 'GET, POST, PATCH, OPTIONS'));

  async function admin(req: Request): Promise<Identity> {
    const identity = await deps.identify(req);
    if (identity.role !== 'admin') throw new ApiError(403, 'forbidden', 'managing partners needs an admin key (AJEL_ADMIN_KEYS)');
    return identity;
  }

  async function body(req: Request, res: Response): Promise<unknown> {
    if (!req.is('application/json')) throw new ApiError(415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
    await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    return req.body;
  }

  async function existing(id: string): Promise<Partner> {
    const partner = PARTNER_ID_PATTERN.test(id) ? await store.getPartner(id) : undefined;
    if (!partner) throw new ApiError(404, 'not_found', `no partner ${id}`);
    return partner;
  }

  async function checkChannels(channels: string[] | undefined): Promise<void> {
    for (const channel of channels ?? []) {
      if (!(await store.hasChannel(channel))) throw new ApiError(400, 'unknown_channel', `channels: no channel named ${channel}`, 'channels');
    }
  }

  /** Writes the next revision of a partner, made from the one just read; 409 if another write came between. */
  async function save(before: Partner, change: (partner: Partner, now: string) => Partner, actor: Identity, action: string): Promise<Partner> {
    const now = new Date().toISOString();
    const next = { ...change(structuredClone(before), now), updatedAt: now, rev: before.rev + 1 };
    const outcome = await store.replacePartner(next, before.rev);
    if (outcome === 'missing') throw new ApiError(404, 'not_found', `no partner ${before.id}`);
    if (outcome === 'conflict') throw new ApiError(409, 'conflict', `partner ${before.id} was changed meanwhile; read it again and retry`);
    await partners.refresh();
    deps.logger.info({ partner: next.id, action, actor: actor.name, rev: next.rev }, 'partner changed');
    return next;
  }

  router.get('/api/partners', handle(async (req, res) => {
    await admin(req);
    res.json({ partners: (await store.listPartners()).map(viewOf) });
  }));

  router.post('/api/partners', handle(async (req, res) => {
    const actor = await admin(req);
    const input = parseInput(newPartnerSchema, await body(req, res));
    await checkChannels(input.channels);
    const now = new Date().toISOString();
    const issued = input.publicKey ? { credential: await publicKeyCredential(input.publicKey, now), secret: undefined } : secretCredential(now);
    const partner: Partner = {
      id: input.id,
      name: input.name,
      channels: [...new Set(input.channels)],
      origins: [...new Set(input.origins)],
      status: 'active',
      createdAt: now,
      updatedAt: now,
      rev: 1,
      credentials: [issued.credential],
    };
    if ((await store.createPartner(partner)) === 'exists') throw new ApiError(409, 'exists', `a partner ${input.id} exists already`, 'id');
    await partners.refresh();
    deps.logger.info({ partner: partner.id, action: 'add', actor: actor.name }, 'partner added');
    res.status(201).location(`/api/partners/${partner.id}`).json({ partner: viewOf(partner), ...(issued.secret ? { secret: issued.secret } : {}) });
  }));

  router.get('/api/partners/:id', handle(async (req, res) => {
    await admin(req);
    res.json({ partner: viewOf(await existing(String(req.params.id))) });
  }));

  router.get('/api/partners/:id/usage', handle(async (req, res) => {
    await admin(req);
    const partner = await existing(String(req.params.id));
    const count = req.query.days === undefined ? 7 : Number(req.query.days);
    if (!Number.isInteger(count) || count < 1 || count > USAGE_DAYS) throw new ApiError(400, 'invalid_field', `days: must be a whole number from 1 to ${USAGE_DAYS}`, 'days');
    const [live, days] = await Promise.all([store.liveReaders(partner.id, Date.now()), store.readPartnerUsage(partner.id, lastUsageDays(count))]);
    res.json({ partner: partner.id, live, days });
  }));

  router.patch('/api/partners/:id', handle(async (req, res) => {
    const actor = await admin(req);
    const before = await existing(String(req.params.id));
    const input = parseInput(partnerUpdateSchema, await body(req, res));
    if (input.rev !== undefined && input.rev !== before.rev) throw new ApiError(409, 'conflict', `partner ${before.id} is at revision ${before.rev}, not ${input.rev}`);
    await checkChannels(input.channels);
    const saved = await save(before, (partner) => ({
      ...partner,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.channels !== undefined ? { channels: [...new Set(input.channels)] } : {}),
      ...(input.origins !== undefined ? { origins: [...new Set(input.origins)] } : {}),
    }), actor, 'update');
    res.json({ partner: viewOf(saved) });
  }));

  router.post('/api/partners/:id/rotate', handle(async (req, res) => {
    const actor = await admin(req);
    const before = await existing(String(req.params.id));
    const input = parseInput(rotateSchema, req.headers['content-length'] === '0' || req.headers['content-length'] === undefined ? {} : await body(req, res));
    const now = new Date().toISOString();
    const issued = input.publicKey ? { credential: await publicKeyCredential(input.publicKey, now), secret: undefined } : secretCredential(now);
    const retiresAt = new Date(Date.now() + (input.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000).toISOString();
    const saved = await save(before, (partner) => ({
      ...partner,
      credentials: [
        // Credentials already retired are dropped; the current ones retire after the grace period.
        ...partner.credentials
          .filter((credential) => credential.retiresAt === undefined || Date.parse(credential.retiresAt) > Date.now())
          .map((credential) => ({ ...credential, retiresAt: credential.retiresAt && credential.retiresAt < retiresAt ? credential.retiresAt : retiresAt })),
        issued.credential,
      ],
    }), actor, 'rotate');
    res.json({ partner: viewOf(saved), ...(issued.secret ? { secret: issued.secret } : {}) });
  }));

  router.post('/api/partners/:id/revoke', handle(async (req, res) => {
    const actor = await admin(req);
    const before = await existing(String(req.params.id));
    const saved = await save(before, (partner) => ({ ...partner, status: 'revoked' }), actor, 'revoke');
    res.json({ partner: viewOf(saved) });
  }));

  return router;
}
