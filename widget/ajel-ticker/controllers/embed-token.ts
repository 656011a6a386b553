import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface EmbedTokenDelegate {
  /** The token the page set (`token`), if any. */
  token(): string;
  /** The partner's endpoint that answers a fresh token (`token-url`), if any. */
  tokenUrl(): string;
  /** A fresher token than the connection's: pass it on without reconnecting. */
  renewed(token: string): void;
}

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
 * The partner's embed token: the one the page gives, or one fetched from `token-url` (with the
 * page's credentials) and fetched again before it expires, so the connection never has to drop.
 */
export class EmbedTokenController implements ReactiveController {
  private held = '';
  private given = '';
  private fetching?: Promise<string>;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    host: ReactiveControllerHost,
    private readonly delegate: EmbedTokenDelegate,
  ) {
    host.addController(this);
  }

  /** Whether the widget reads with a token (and so keeps nothing it reads in the page's storage). */
  get used(): boolean {
    return Boolean(this.delegate.token() || this.delegate.tokenUrl());
  }

  hostUpdate(): void {
    const given = this.delegate.token();
    if (given === this.given) return;
    this.given = given;
    if (this.held && given) this.take(given, true);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** A token to open a connection with: the current one, or a fresh one when it has (nearly) expired. */
  async current(): Promise<string | undefined> {
    if (!this.used) return undefined;
    const exp = expiryOf(this.held);
    if (this.held && (exp === undefined || exp * 1000 > Date.now() + 5_000)) return this.held;
    if (!this.delegate.tokenUrl()) return this.take(this.delegate.token(), false);
    try {
      return this.take(await this.fetchToken(), false);
    } catch {
      return undefined;
    }
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
