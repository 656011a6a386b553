import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TokenKeeper } from './token-keeper.js';

export interface EmbedTokenDelegate {
  /** The token the page set (`token`), if any. */
  token(): string;
  /** The partner's endpoint that answers a fresh token (`token-url`), if any. */
  tokenUrl(): string;
  /** A fresher token than the connection's: pass it on without reconnecting. */
  renewed(token: string): void;
}

/**
 * The partner's embed token: the one the page gives, or one from `token-url`, renewed before it
 * expires by a TokenKeeper (token-keeper.ts), which is loaded when the first connection needs it.
 */
export class EmbedTokenController implements ReactiveController {
  private given = '';
  private keeper?: Promise<TokenKeeper>;

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
    if (given) void this.keeper?.then((keeper) => keeper.given(given));
  }

  hostDisconnected(): void {
    void this.keeper?.then((keeper) => keeper.stop());
  }

  /** A token to open a connection with: the current one, or a fresh one when it has (nearly) expired. */
  async current(): Promise<string | undefined> {
    if (!this.used) return undefined;
    this.keeper ??= import('./token-keeper.js').then(({ TokenKeeper }) => new TokenKeeper(this.delegate));
    try {
      return await (await this.keeper).current();
    } catch {
      // The chunk did not load (the network): the next attempt loads it again.
      this.keeper = undefined;
      return undefined;
    }
  }
}
