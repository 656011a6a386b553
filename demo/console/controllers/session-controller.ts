import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChannelRecord, WhoAmI } from '../../../server/protocol.js';
import { ApiError, EditorApi } from '../api/editor-api.js';
import { PartnersApi } from '../api/partners-api.js';
import { SourcesApi } from '../api/sources-api.js';
import { WebhooksApi } from '../api/webhooks-api.js';
import { viewsFor } from './view-controller.js';

const STORAGE_KEY = 'ajel.console.key';

export type SessionState = 'checking' | 'signed-out' | 'signed-in';

/**
 * The sign-in of an editor or an admin: the key is verified with GET /api/whoami and kept in
 * sessionStorage only, so it lasts for this tab's session and is forgotten when the browser closes.
 */
export class SessionController implements ReactiveController {
  state: SessionState = 'signed-out';
  identity?: WhoAmI;
  api?: EditorApi;
  /** The partner admin API, for an admin's key. */
  partners?: PartnersApi;
  /** The feed sources API, for an admin's key. */
  sources?: SourcesApi;
  /** The webhooks API: an editor manages its channels' endpoints, an admin every one. */
  webhooks?: WebhooksApi;
  /** The channels this editor may write: those of the key, or every channel (for an admin: those it may read). */
  channels: string[] = [];
  /** The channels' records (language, direction, label), as they were at sign-in. */
  records = new Map<string, ChannelRecord>();
  /** Why the last sign-in failed. */
  error?: ApiError;
  /** Set when the key is valid but has no page here: a partner's read-only key. */
  readOnlyKey = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly server: () => string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const saved = readKey();
    if (saved && this.state === 'signed-out') void this.signIn(saved);
  }

  async signIn(key: string): Promise<void> {
    if (this.state === 'checking') return;
    this.state = 'checking';
    this.error = undefined;
    this.readOnlyKey = false;
    this.host.requestUpdate();
    const api = new EditorApi(this.server(), key);
    try {
      const identity = await api.whoami();
      if (viewsFor(identity.role).length === 0) {
        this.readOnlyKey = true;
        this.signOut();
        return;
      }
      const records = await api.channels();
      this.records = new Map(records.map((record) => [record.channel, record]));
      this.channels = identity.channels ?? records.map((record) => record.channel);
      this.identity = identity;
      this.api = api;
      this.partners = identity.role === 'admin' ? new PartnersApi(this.server(), key) : undefined;
      this.sources = identity.role === 'admin' ? new SourcesApi(this.server(), key) : undefined;
      this.webhooks = new WebhooksApi(this.server(), key);
      this.state = 'signed-in';
      writeKey(key);
    } catch (error) {
      this.error = error instanceof ApiError ? error : new ApiError(0, { code: 'generic', message: String(error) });
      this.state = 'signed-out';
      if (this.error.status === 401) writeKey(undefined);
    }
    this.host.requestUpdate();
  }

  signOut(): void {
    writeKey(undefined);
    this.state = 'signed-out';
    this.identity = undefined;
    this.api = undefined;
    this.partners = undefined;
    this.sources = undefined;
    this.webhooks = undefined;
    this.channels = [];
    this.records = new Map();
    this.host.requestUpdate();
  }
}

function readKey(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeKey(key: string | undefined): void {
  try {
    if (key === undefined) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage blocked: the key then lasts only as long as this page.
  }
}
