import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CHANNEL_PATTERN, readerText } from '../headlines/schema.js';

export const PARTNER_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** A way for a partner's server to sign embed tokens: a shared secret (HS256) or its own public key. */
export type PartnerCredential =
  | { kid: string; kind: 'secret'; secret: string; createdAt: string; retiresAt?: string }
  | { kid: string; kind: 'public-key'; alg: 'EdDSA' | 'ES256'; jwk: Record<string, string>; createdAt: string; retiresAt?: string };

export const newKid = () => `k${randomBytes(6).toString('hex')}`;

/** A new shared secret, shown once; the partner's server signs HS256 tokens with its UTF-8 bytes. */
export function secretCredential(now: string): { credential: PartnerCredential & { kind: 'secret' }; secret: string } {
  const secret = randomBytes(32).toString('base64url');
  return { credential: { kid: newKid(), kind: 'secret', secret, createdAt: now }, secret };
}

/** A syndication partner as the store keeps it (credentials included: the store is the trusted side). */
export interface Partner {
  id: string;
  name: string;
  channels: string[];
  /** Exact origins (`https://news.example`) or a wildcard for subdomains (`https://*.example.com`). */
  origins: string[];
  status: 'active' | 'revoked';
  createdAt: string;
  updatedAt: string;
  /** Incremented by every change; writes name the revision they replace. */
  rev: number;
  credentials: PartnerCredential[];
}

/** What the API and the CLI show of a partner: the credentials without their secrets. */
export interface PartnerView extends Omit<Partner, 'credentials'> {
  credentials: Array<{ kid: string; kind: PartnerCredential['kind']; alg: string; createdAt: string; retiresAt?: string }>;
}

export function viewOf(partner: Partner): PartnerView {
  return {
    ...partner,
    credentials: partner.credentials.map((credential) => ({
      kid: credential.kid,
      kind: credential.kind,
      alg: credential.kind === 'secret' ? 'HS256' : credential.alg,
      createdAt: credential.createdAt,
      ...(credential.retiresAt ? { retiresAt: credential.retiresAt } : {}),
    })),
  };
}

/** Whether `origin` (a browser's `Origin` header) is one the partner registered. */
export function partnerOriginAllowed(partner: Pick<Partner, 'origins'>, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  return partner.origins.some((allowed) => {
    const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(allowed);
    if (!wildcard) return allowed === origin;
    const [, scheme, domain] = wildcard;
    return url.protocol === `${scheme}:` && url.host.endsWith(`.${domain}`);
  });
}

/** `https://news.example`, `http://localhost:8080` or `https://*.example.com`: a scheme, a host, maybe a port, nothing else. */
const originSchema = z.string().refine((value) => {
  const wildcard = value.replace(/^(https?:\/\/)\*\./, '$1');
  try {
    const url = new URL(wildcard);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === wildcard && !url.username;
  } catch {
    return false;
  }
}, 'must be an http(s) origin such as https://news.example or https://*.example.com, with no path');

/** A partner's display name: text as readers' text is, since the console and the usage reports show it. */
const nameSchema = readerText(100);

/** The fields an administrator sets when adding a partner or changing one. */
export const partnerFieldsSchema = z.object({
  name: nameSchema,
  channels: z.array(z.string().regex(CHANNEL_PATTERN, 'channel slugs are 1-64 of a-z, 0-9 and "-"')).min(1, 'needs at least one channel').max(64),
  origins: z.array(originSchema).max(64).default([]),
});

export const newPartnerSchema = partnerFieldsSchema.extend({
  id: z.string().regex(PARTNER_ID_PATTERN, 'must be 1-64 of a-z, 0-9 and "-"'),
  /** A public JWK (Ed25519 or P-256) instead of a generated shared secret. */
  publicKey: z.record(z.string(), z.string()).optional(),
}).strict();

export const partnerUpdateSchema = partnerFieldsSchema.partial().extend({ rev: z.number().int().positive().optional() }).strict();

const credentialSchema = z.discriminatedUnion('kind', [
  z.object({ kid: z.string(), kind: z.literal('secret'), secret: z.string().min(32), createdAt: z.string(), retiresAt: z.string().optional() }),
  z.object({
    kid: z.string(),
    kind: z.literal('public-key'),
    alg: z.enum(['EdDSA', 'ES256']),
    jwk: z.record(z.string(), z.string()),
    createdAt: z.string(),
    retiresAt: z.string().optional(),
  }),
]);

/** A partner read back from the store; anything else there is not a partner. */
export const storedPartnerSchema = z.object({
  id: z.string().regex(PARTNER_ID_PATTERN),
  name: z.string(),
  channels: z.array(z.string().regex(CHANNEL_PATTERN)),
  origins: z.array(z.string()),
  status: z.enum(['active', 'revoked']),
  createdAt: z.string(),
  updatedAt: z.string(),
  rev: z.number().int().positive(),
  credentials: z.array(credentialSchema),
});
