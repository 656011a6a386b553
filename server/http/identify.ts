import type { Request } from 'express';
import type { Identity } from '../auth/authenticator.js';
import type { SignInGuard } from '../auth/sign-in-guard.js';
import type { Logger } from '../logger.js';
import { looksLikeToken } from '../partners/embed-tokens.js';
import { ApiError } from './errors.js';

/** The token of an `Authorization: Bearer` header; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header && /^Bearer +([\x21-\x7e]{1,4096})$/i.exec(header);
  return match ? match[1] : undefined;
}

export type RequestIdentifier = (req: Request, options: { required: boolean; tokenInQuery?: boolean }) => Promise<Identity | undefined>;

/**
 * Who presents a key or a partner's embed token: the `Authorization` header, or for reads
 * (`tokenInQuery`) a token in `?token=` (feed readers cannot send headers). Keys never travel in
 * URLs, which end up in logs and histories.
 */
export function requestIdentifier(guard: SignInGuard, logger: Logger): RequestIdentifier {
  return async (req, options) => {
    if (req.query.key !== undefined) {
      logger.warn({ event: 'key_refused', address: req.ip ?? 'unknown', reason: 'key_in_url', via: 'http' }, 'refused a key');
      throw new ApiError(400, 'key_in_url', 'keys go in the Authorization header, never in a URL; feeds of private channels take a partner token: ?token=', 'key');
    }
    const fromHeader = bearer(req);
    const token = req.query.token;
    const fromQuery = options.tokenInQuery && req.method === 'GET' && typeof token === 'string' && looksLikeToken(token) ? token : undefined;
    if (token !== undefined && !fromQuery) throw new ApiError(400, 'invalid_field', 'token: must be a partner token (a JWT), on a read', 'token');
    const secret = fromHeader ?? fromQuery;
    if (!secret) {
      if (options.required) throw new ApiError(401, 'unauthorized', 'a key is required: Authorization: Bearer <key>', undefined, { 'WWW-Authenticate': 'Bearer' });
      return undefined;
    }
    const signIn = await guard.signIn(secret, req.ip ?? 'unknown', 'http', req.get('origin'));
    if (signIn.ok) return signIn.identity;
    if (signIn.reason === 'limited') {
      throw new ApiError(429, 'rate_limited', 'too many wrong keys from this address; wait before trying again', undefined, { 'Retry-After': String(signIn.retryAfterSeconds) });
    }
    if (signIn.code === 'channel_not_licensed' || signIn.code === 'origin_not_allowed') throw new ApiError(403, signIn.code, signIn.message);
    const code = signIn.code === 'invalid_key' ? 'unauthorized' : signIn.code;
    throw new ApiError(401, code, signIn.message, undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  };
}
