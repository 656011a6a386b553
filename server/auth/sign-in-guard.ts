import { RateLimiter, type Tarpit } from '../rate-limit.js';
import type { Authenticator, Identity } from './authenticator.js';

export type SignIn =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number };

/**
 * Checks keys against guessing, for HTTP and the socket handshake alike. The key is checked first, so a
 * valid key is never refused, whatever others at the same address have tried; each wrong key spends
 * one of the address's failures, and past the budget a wrong key is answered "limited", after a
 * pause in the tarpit.
 */
export class SignInGuard {
  private readonly failures: RateLimiter;

  constructor(
    private readonly auth: Authenticator,
    failuresPerMinute: number,
    private readonly tarpit: Tarpit,
    /** Told of every refused key: why, and from which client address (never the key). */
    private readonly onRefused: (reason: 'invalid' | 'limited', client: string, via: 'http' | 'socket') => void = () => {},
  ) {
    this.failures = new RateLimiter(failuresPerMinute);
  }

  async signIn(secret: string, client: string, via: 'http' | 'socket'): Promise<SignIn> {
    const identity = await this.auth.identify(secret);
    if (identity) return { ok: true, identity };
    const retryAfterSeconds = this.failures.take(client);
    if (retryAfterSeconds > 0) await this.tarpit.hold();
    const result: SignIn = retryAfterSeconds > 0 ? { ok: false, reason: 'limited', retryAfterSeconds } : { ok: false, reason: 'invalid' };
    this.onRefused(result.reason, client, via);
    return result;
  }
}
