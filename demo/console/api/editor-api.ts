import type { AuditEntry, ChannelRecord, ErrorBody, Headline, HeadlineResult, HeadlineStats, RetractResult, ScheduledHeadline, ScheduledList, StatsList, WhoAmI } from '../../../server/protocol.js';

/** What an editor may send when publishing or correcting (see the README's HTTP API section). */
export interface HeadlineInput {
  text?: string;
  url?: string | null;
  urgent?: boolean;
  ttl?: number;
  expiresAt?: string | null;
}

const TIMEOUT_MS = 15_000;

/**
 * A failed call. `status` 0 means no answer arrived (network error or timeout), so a write may or
 * may not have happened: only an idempotent retry is safe.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly field?: string;
  constructor(
    readonly status: number,
    body: ErrorBody,
    readonly retryAfterSeconds?: number,
  ) {
    super(body.message);
    this.code = body.code;
    if (body.field) this.field = body.field;
  }

  /** True when the server may have applied the write although no success came back. */
  get outcomeUnknown(): boolean {
    return this.status === 0 || (this.status >= 500 && this.code !== 'store_unavailable');
  }

  /**
   * Worth sending again as it was, decided by the status alone: no answer, the server failed, it
   * was too busy (429) or another editor's write got there first (409).
   */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 409;
  }

  /** The field the server refused (a 4xx naming one): the editor must change it, as sending it again would fail again. */
  get fieldToFix(): string | undefined {
    return !this.retryable && this.status >= 400 && this.status < 500 ? this.field : undefined;
  }

  /** The message without the "field: " prefix the server puts before field errors. */
  get detail(): string {
    return this.field && this.message.startsWith(`${this.field}: `) ? this.message.slice(this.field.length + 2) : this.message;
  }
}

/** Calls to the HTTP API with one key; a failure is an ApiError. `server` is '' for the page's own origin. */
export class KeyedApi {
  constructor(
    readonly server: string,
    readonly key: string,
  ) {}

  protected async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.send(method, path, body)).json()) as T;
  }

  protected async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.key}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        cache: 'no-store',
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new ApiError(0, { code: timedOut ? 'timeout' : 'network', message: (error as Error).message });
    }
    if (response.ok) return response;
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    const answer = (await response.json().catch(() => undefined)) as { error?: ErrorBody } | undefined;
    const error: ErrorBody = answer?.error ?? { code: response.status >= 500 ? 'server_error' : 'bad_request', message: `HTTP ${response.status}` };
    throw new ApiError(response.status, error, retryAfter);
  }
}

/** The editor's HTTP API (whoami and the channel list answer any key). */
export class EditorApi extends KeyedApi {
  whoami(): Promise<WhoAmI> {
    return this.request('GET', '/api/whoami');
  }

  /** The records of the channels this key may read. */
  async channels(): Promise<ChannelRecord[]> {
    return (await this.request<{ channels: ChannelRecord[] }>('GET', '/api/channels')).channels;
  }

  /** Publishes; `replayed` is true when this idempotency key had already published (nothing new was written). */
  async publish(channel: string, input: HeadlineInput, idempotencyKey: string): Promise<{ headline: Headline; replayed: boolean }> {
    const response = await this.send('POST', headlinesPath(channel), input, { 'Idempotency-Key': idempotencyKey });
    const body = (await response.json()) as HeadlineResult;
    return { headline: body.headline, replayed: response.status === 200 };
  }

  /** Holds a headline until `publishAt` (202); `replayed` as for publish. */
  async schedule(channel: string, input: HeadlineInput & { publishAt: string }, idempotencyKey: string): Promise<{ held: ScheduledHeadline; replayed: boolean }> {
    const response = await this.send('POST', headlinesPath(channel), input, { 'Idempotency-Key': idempotencyKey });
    return { held: (await response.json()) as ScheduledHeadline, replayed: response.status === 200 };
  }

  /** The channel's held headlines, soonest first (its editors only). */
  async scheduled(channel: string): Promise<ScheduledHeadline[]> {
    return (await this.request<ScheduledList>('GET', scheduledPath(channel))).scheduled;
  }

  /** Changes a held headline, from the revision it was read at (409 if another edit came between). */
  editScheduled(channel: string, id: string, change: HeadlineInput & { publishAt?: string; rev: number }): Promise<ScheduledHeadline> {
    return this.request('PATCH', `${scheduledPath(channel)}/${encodeURIComponent(id)}`, change);
  }

  async cancelScheduled(channel: string, id: string): Promise<void> {
    await this.send('DELETE', `${scheduledPath(channel)}/${encodeURIComponent(id)}`);
  }

  async update(channel: string, id: string, input: HeadlineInput): Promise<Headline> {
    return (await this.request<HeadlineResult>('PATCH', `${headlinesPath(channel)}/${encodeURIComponent(id)}`, input)).headline;
  }

  retract(channel: string, id: string): Promise<RetractResult> {
    return this.request('DELETE', `${headlinesPath(channel)}/${encodeURIComponent(id)}`);
  }

  /** Readers' counts of the channel's live headlines, by id, and how many get its alerts by Web Push. */
  async stats(channel: string): Promise<ChannelStats> {
    const list = await this.request<StatsList>('GET', `/api/channels/${encodeURIComponent(channel)}/stats`);
    return { headlines: new Map(list.headlines.map((stats) => [stats.id, stats])), pushSubscribers: list.pushSubscribers };
  }

  async audit(channel: string, limit: number): Promise<AuditEntry[]> {
    const query = new URLSearchParams({ channel, limit: String(limit) });
    return (await this.request<{ entries: AuditEntry[] }>('GET', `/api/audit?${query}`)).entries;
  }
}

export interface ChannelStats {
  headlines: Map<string, HeadlineStats>;
  pushSubscribers: number;
}

const headlinesPath = (channel: string) => `/api/channels/${encodeURIComponent(channel)}/headlines`;
const scheduledPath = (channel: string) => `/api/channels/${encodeURIComponent(channel)}/scheduled`;
