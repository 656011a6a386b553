import type { EmbedTokenDelegate } from './embed-token.js';

// Keeping a partner's embed token fresh, in a chunk of its own (embed-token.ts imports it when the
// first connection needs a token): pages without `token` or `token-url` never load it.

/** Seconds since the epoch at which a JWT expires; undefined if it does not say. */
function expiryOf(token: string): number | undefined {
  try {
    const exp = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token in use: the one the page gives, or one fetched from `token-url` (with the page's
 * credentials) and fetched again before it expires, so the connection never has to drop.
 */
export class TokenKeeper {
  private held = '';
  private fetching?: Promise<string>;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly delegate: EmbedTokenDelegate) {}

  /** The current token, or a fresh one when it has (nearly) expired. */
  async current(): Promise<string | undefined> {
    const exp = expiryOf(this.held);
    if (this.held && (exp === undefined || exp * 1000 > Date.now() + 5_000)) return this.held;
    if (!this.delegate.tokenUrl()) return this.take(this.delegate.token(), false);
    try {
      return this.take(await this.fetchToken(), false);
    } catch {
      return undefined;
    }
  }

  /** A new token from the page: passed on to the open connection if it reads with one. */
  given(token: string): void {
    if (this.held) this.take(token, true);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private take(token: string, announce: boolean): string {
    this.held = token;
    if (announce) this.delegate.renewed(token);
    clearTimeout(this.timer);
    const exp = expiryOf(token);
    if (exp !== undefined && this.delegate.tokenUrl()) {
      // A fifth of the lifetime ahead, at most a minute: time for a slow endpoint and a retry.
      const left = exp * 1000 - Date.now();
      this.timer = setTimeout(() => void this.renew(), Math.max(1_000, left - Math.min(60_000, left / 5)));
    }
    return token;
  }

  private async renew(): Promise<void> {
    try {
      this.take(await this.fetchToken(), true);
    } catch {
      this.timer = setTimeout(() => void this.renew(), 5_000);
    }
  }

  /** Fetches `token-url`; the answer is the token as text, or JSON `{ "token": "…" }`. Rejects with nothing to say: the caller retries. */
  private fetchToken(): Promise<string> {
    this.fetching ??= fetch(this.delegate.tokenUrl(), { credentials: 'include', cache: 'no-store' })
      .then((response) => (response.ok ? response.text() : Promise.reject()))
      .then((body) => {
        const token: unknown = body.trim()[0] === '{' ? JSON.parse(body).token : body.trim();
        return typeof token === 'string' && token ? token : Promise.reject();
      })
      .finally(() => (this.fetching = undefined));
    return this.fetching;
  }
}
