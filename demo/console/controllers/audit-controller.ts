import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AuditEntry } from '../../../server/protocol.js';
import { ApiError, type EditorApi } from '../api/editor-api.js';

export interface AuditSource {
  api?: EditorApi;
  channel?: string;
  /** Changes whenever the channel changed, so the log is fetched again. */
  revision?: string;
}

/** Coalesces a burst of changes into one fetch. */
const RELOAD_DELAY_MS = 300;

/** The recent audit entries of a channel, fetched again whenever the source's revision moves. */
export class AuditController implements ReactiveController {
  entries: AuditEntry[] = [];
  loading = false;
  error?: ApiError;
  private last?: AuditSource;
  private timer?: ReturnType<typeof setTimeout>;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => AuditSource,
    private readonly limit = 30,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.last = undefined;
  }

  hostUpdated(): void {
    const next = this.source();
    const last = this.last;
    this.last = next;
    if (last && last.api === next.api && last.channel === next.channel && last.revision === next.revision) return;
    if (last?.channel !== next.channel) this.entries = [];
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), last?.channel === next.channel ? RELOAD_DELAY_MS : 0);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.generation++;
  }

  async load(): Promise<void> {
    const { api, channel } = this.source();
    if (!api || !channel) return;
    const generation = ++this.generation;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const entries = await api.audit(channel, this.limit);
      if (generation !== this.generation) return;
      this.entries = entries;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error instanceof ApiError ? error : new ApiError(0, { code: 'generic', message: String(error) });
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }
}
