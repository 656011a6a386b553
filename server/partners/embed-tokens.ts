import { decodeJwt, decodeProtectedHeader, errors, importJWK, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { CHANNEL_PATTERN } from '../headlines/schema.js';
import type { PartnerDirectory } from './directory.js';
import { partnerOriginAllowed, type Partner, type PartnerCredential } from './partner.js';

/** The `aud` every embed token names. */
export const TOKEN_AUDIENCE = 'ajel';

/** What a verified embed token lets its holder read, and from where. */
export interface PartnerGrant {
  partner: string;
  /** The credential that signed it: retiring or removing it ends the grant. */
  kid: string;
  channels: string[];
  /** The one origin the token names, if it names one. */
  origin?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; grant: PartnerGrant } | { ok: false; code: TokenRefusal; message: string };

export type TokenRefusal = 'invalid_token' | 'token_expired' | 'partner_revoked' | 'channel_not_licensed' | 'origin_not_allowed';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether a presented credential is shaped like a JWT rather than a key. */
export const looksLikeToken = (value: string) => JWT_SHAPE.test(value);

const refuse = (code: TokenRefusal, message: string): TokenCheck => ({ ok: false, code, message });

function usable(credential: PartnerCredential, now: number): boolean {
  return credential.retiresAt === undefined || Date.parse(credential.retiresAt) > now;
}

/** Verifies partners' embed tokens (JWTs signed by the partner's own server) against the directory. */
export class EmbedTokens {
  private readonly keys = new Map<string, Promise<CryptoKey | Uint8Array>>();

  constructor(
    private readonly directory: PartnerDirectory,
    /** The longest `exp - iat` accepted: tokens are short-lived by rule, not by the partner's choice. */
    private readonly maxLifetimeSeconds: number,
  ) {}

  async verify(token: string, now = Date.now()): Promise<TokenCheck> {
    if (token.length > 4096 || !looksLikeToken(token)) return refuse('invalid_token', 'not a token');
    let kid: string | undefined;
    let issuer: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
      issuer = decodeJwt(token).iss;
    } catch {
      return refuse('invalid_token', 'the token does not decode');
    }
    const signedBy = (candidate: PartnerCredential) => candidate.kid === kid && usable(candidate, now);
    const partner = issuer === undefined ? undefined : await this.directory.getCurrent(issuer, (known) => known.credentials.some(signedBy));
    if (!partner) return refuse('invalid_token', 'the token names no known partner (iss)');
    const credential = partner.credentials.find(signedBy);
    if (!credential) return refuse('invalid_token', 'the token is not signed with a current credential of the partner (kid)');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keyOf(partner, credential), {
        algorithms: [credential.kind === 'secret' ? 'HS256' : credential.alg],
        issuer: partner.id,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['exp', 'iat'],
        currentDate: new Date(now),
        clockTolerance: 30,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return refuse('token_expired', 'the token has expired; get a fresh one');
      if (error instanceof errors.JOSEError) return refuse('invalid_token', `the token is not valid (${error.code})`);
      throw error;
    }
    // A revoked partner's tokens are refused only once the signature shows the token is really theirs.
    if (partner.status !== 'active') return refuse('partner_revoked', `partner ${partner.id} has been revoked`);
    const lifetime = payload.exp! - payload.iat!;
    if (lifetime > this.maxLifetimeSeconds) {
      return refuse('invalid_token', `tokens may live at most ${this.maxLifetimeSeconds} s (exp - iat is ${lifetime} s)`);
    }
    const channels = payload.channels;
    if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => typeof c === 'string' && CHANNEL_PATTERN.test(c))) {
      return refuse('invalid_token', 'the token must name its channels (a "channels" array of slugs)');
    }
    const unlicensed = channels.find((channel) => !partner.channels.includes(channel));
    if (unlicensed) return refuse('channel_not_licensed', `partner ${partner.id} is not licensed for channel ${unlicensed}`);
    const origin = payload.origin;
    if (origin !== undefined && (typeof origin !== 'string' || !partnerOriginAllowed(partner, origin))) {
      return refuse('origin_not_allowed', 'the token names an origin the partner did not register');
    }
    return { ok: true, grant: { partner: partner.id, kid: credential.kid, channels, origin, expiresAt: payload.exp! * 1000 } };
  }

  /** Whether a grant still holds under the partner's current record (after an edit, a rotation or a revocation). */
  stillValid(grant: PartnerGrant, now = Date.now()): boolean {
    const partner = this.directory.get(grant.partner);
    return (
      partner !== undefined &&
      partner.status === 'active' &&
      grant.expiresAt > now &&
      partner.credentials.some((credential) => credential.kid === grant.kid && usable(credential, now)) &&
      grant.channels.every((channel) => partner.channels.includes(channel))
    );
  }

  /** Whether a browser on `origin` may use the grant: the partner registered it, and the token names it if it names one. */
  originAllowed(grant: PartnerGrant, origin: string): boolean {
    const partner = this.directory.get(grant.partner);
    return partner !== undefined && partnerOriginAllowed(partner, origin) && (grant.origin === undefined || grant.origin === origin);
  }

  private keyOf(partner: Partner, credential: PartnerCredential): Promise<CryptoKey | Uint8Array> {
    const id = `${partner.id}\u0000${credential.kid}\u0000${credential.createdAt}`;
    let key = this.keys.get(id);
    if (!key) {
      key = credential.kind === 'secret'
        ? Promise.resolve(new TextEncoder().encode(credential.secret))
        : (importJWK(credential.jwk, credential.alg) as Promise<CryptoKey>);
      this.keys.set(id, key);
    }
    return key;
  }
}
