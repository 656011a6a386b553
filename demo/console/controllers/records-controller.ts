import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../api/editor-api.js';

export interface RecordsOptions<T> {
  /** Reads the records; undefined while there is nothing to read them with (no key, no channel). */
  read: () => (() => Promise<T[]>) | undefined;
  idOf: (record: T) => string;
  /** Read again this often while the page is open, so what the server does on its own (polls, deliveries, publishing) shows. */
  refreshMs: number;
  /** Read again when this changes (a channel, its feed cursor); the records are dropped first when `scope` changes. */
  revision?: () => unknown;
  scope?: () => unknown;
}

/** Coalesces a burst of changes into one read. */
const RELOAD_DELAY_MS = 300;

/**
 * A list of records from the API (feed sources, webhook endpoints, scheduled headlines), read when
 * the host connects, every `refreshMs`, when its revision moves and on `load()`. A record the page
 * just changed is put in with `put()` and a removed one taken out with `drop()`.
 */
export class RecordsController<T> implements ReactiveController {
  records: T[] = [];
  loading = false;
  error?: ApiError;
  private timer?: ReturnType<typeof setInterval>;
  private reload?: ReturnType<typeof setTimeout>;
  private generation = 0;
  private last?: { revision: unknown; scope: unknown };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: RecordsOptions<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.last = undefined;
    this.timer = setInterval(() => void this.load(), this.options.refreshMs);
  }

  hostUpdated(): void {
    const next = { revision: this.options.revision?.(), scope: this.options.scope?.() };
    const last = this.last;
    this.last = next;
    if (last && last.revision === next.revision && last.scope === next.scope) return;
    const sameScope = last !== undefined && last.scope === next.scope;
    if (!sameScope && last) this.records = [];
    clearTimeout(this.reload);
    this.reload = setTimeout(() => void this.load(), sameScope ? RELOAD_DELAY_MS : 0);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    clearTimeout(this.reload);
    this.generation++;
  }

  async load(): Promise<void> {
    const read = this.options.read();
    if (!read) return;
    const generation = ++this.generation;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const records = await read();
      if (generation !== this.generation) return;
      this.records = records;
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

  /** Puts a record as the server answered it after a change; a new one goes first. */
  put(record: T): void {
    this.settle();
    const id = this.options.idOf(record);
    const known = this.records.some((other) => this.options.idOf(other) === id);
    this.records = known ? this.records.map((other) => (this.options.idOf(other) === id ? record : other)) : [record, ...this.records];
    this.host.requestUpdate();
  }

  drop(id: string): void {
    this.settle();
    this.records = this.records.filter((record) => this.options.idOf(record) !== id);
    this.host.requestUpdate();
  }

  /** A read in flight began before this change: its answer may not have it, so it is dropped. */
  private settle(): void {
    this.generation++;
    this.loading = false;
  }
}
