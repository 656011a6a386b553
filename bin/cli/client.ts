import type { AuditEntry, ChannelRecord, ErrorBody, HeadlineResult, RetractResult, ScheduledHeadline, ScheduledList, Snapshot, StatsList, WhoAmI } from '../../server/protocol.js';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes.js';

const TIMEOUT_MS = 10_000;

export interface HeadlineFields {
  text?: string;
  url?: string | null;
  urgent?: boolean;
  ttl?: number;
  expiresAt?: string | null;
  lang?: string;
}

/** What an editor may set of a channel's record (see the README's HTTP API section). */
export interface ChannelFields {
  title?: string;
  description?: string;
  lang?: string;
  dir?: 'rtl' | 'ltr';
  link?: string | null;
  label?: string;
}

/** The server answered no (4xx/5xx). */
export class ApiRefusal extends CliError {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    retryAfter: string | null,
  ) {
    const wait = status === 429 && retryAfter ? `; retry in ${retryAfter} s` : '';
    super(exitCodeForStatus(status), `${body.message} (${body.code}, HTTP ${status}${wait})`);
  }
}

/** No answer: the server is down, unknown, or too slow. A write may or may not have happened. */
export class NoAnswer extends CliError {
  constructor(message: string) {
    super(EXIT.unreachable, message);
  }
}

/** The Ajel HTTP API, as the CLI uses it. */
export class AjelClient {
  constructor(
    private readonly server: string,
    private readonly key: string | undefined,
  ) {}

  whoami(): Promise<WhoAmI> {
    return this.call('GET', '/api/whoami', { auth: true });
  }

  async channels(): Promise<ChannelRecord[]> {
    return (await this.call<{ channels: ChannelRecord[] }>('GET', '/api/channels')).channels;
  }

  channel(channel: string): Promise<ChannelRecord> {
    return this.call('GET', channelPath(channel));
  }

  addChannel(channel: string, fields: ChannelFields): Promise<ChannelRecord> {
    return this.call('POST', '/api/channels', { auth: true, body: { channel, ...fields } });
  }

  updateChannel(channel: string, fields: ChannelFields): Promise<ChannelRecord> {
    return this.call('PATCH', channelPath(channel), { auth: true, body: fields });
  }

  list(channel: string): Promise<Snapshot> {
    return this.call('GET', headlines(channel));
  }

  /** Readers' counts of the live headlines, for the channel's editors. */
  stats(channel: string): Promise<StatsList> {
    return this.call('GET', `${channelPath(channel)}/stats`, { auth: true });
  }

  async publish(channel: string, fields: HeadlineFields, idempotencyKey: string): Promise<HeadlineResult & { replayed: boolean }> {
    let replayed = false;
    const result = await this.call<HeadlineResult>('POST', headlines(channel), {
      auth: true,
      body: fields,
      headers: { 'Idempotency-Key': idempotencyKey },
      onResponse: (response) => (replayed = response.status === 200),
    });
    return { ...result, replayed };
  }

  /** Holds a headline until `publishAt` (a publish with publishAt). */
  async schedule(channel: string, fields: HeadlineFields & { publishAt: string }, idempotencyKey: string): Promise<{ held: ScheduledHeadline; replayed: boolean }> {
    let replayed = false;
    const held = await this.call<ScheduledHeadline>('POST', headlines(channel), {
      auth: true,
      body: fields,
      headers: { 'Idempotency-Key': idempotencyKey },
      onResponse: (response) => (replayed = response.status === 200),
    });
    return { held, replayed };
  }

  async scheduledList(channel: string): Promise<ScheduledHeadline[]> {
    return (await this.call<ScheduledList>('GET', `${channelPath(channel)}/scheduled`, { auth: true })).scheduled;
  }

  scheduled(channel: string, id: string): Promise<ScheduledHeadline> {
    return this.call('GET', `${channelPath(channel)}/scheduled/${encodeURIComponent(id)}`, { auth: true });
  }

  editScheduled(channel: string, id: string, fields: HeadlineFields & { publishAt?: string; rev?: number }): Promise<ScheduledHeadline> {
    return this.call('PATCH', `${channelPath(channel)}/scheduled/${encodeURIComponent(id)}`, { auth: true, body: fields });
  }

  cancelScheduled(channel: string, id: string): Promise<{ channel: string; id: string; cancelled: true }> {
    return this.call('DELETE', `${channelPath(channel)}/scheduled/${encodeURIComponent(id)}`, { auth: true });
  }

  correct(channel: string, id: string, fields: HeadlineFields): Promise<HeadlineResult> {
    return this.call('PATCH', `${headlines(channel)}/${encodeURIComponent(id)}`, { auth: true, body: fields });
  }

  retract(channel: string, id: string): Promise<RetractResult> {
    return this.call('DELETE', `${headlines(channel)}/${encodeURIComponent(id)}`, { auth: true });
  }

  async audit(channel: string | undefined, limit: number): Promise<AuditEntry[]> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (channel) query.set('channel', channel);
    return (await this.call<{ entries: AuditEntry[] }>('GET', `/api/audit?${query}`, { auth: true })).entries;
  }

  /** `/api/partners` and below, with an admin key. */
  partners<T>(method: 'GET' | 'POST' | 'PATCH', path = '', body?: unknown): Promise<T> {
    return this.call(method, `/api/partners${path}`, { auth: true, body });
  }

  /** `/api/webhooks` and below, with an editor or admin key. */
  webhooks<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path = '', body?: unknown): Promise<T> {
    return this.call(method, `/api/webhooks${path}`, { auth: true, body });
  }

  /** `/api/sources` and below, with an admin key. */
  sources<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path = '', body?: unknown): Promise<T> {
    return this.call(method, `/api/sources${path}`, { auth: true, body });
  }

  private async call<T>(
    method: string,
    path: string,
    options: { auth?: boolean; body?: unknown; headers?: Record<string, string>; onResponse?: (response: Response) => void } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.auth) {
      if (!this.key) throw new CliError(EXIT.auth, 'no editor key: pass --key or set AJEL_KEY');
      headers.Authorization = `Bearer ${this.key}`;
    } else if (this.key) {
      headers.Authorization = `Bearer ${this.key}`;
    }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(new URL(path, this.server), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new NoAnswer(describeNetworkError(error, this.server));
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = (body as { error?: ErrorBody } | undefined)?.error ?? { code: 'http_error', message: `the server answered HTTP ${response.status}` };
      throw new ApiRefusal(response.status, error, response.headers.get('retry-after'));
    }
    if (body === undefined) throw new CliError(EXIT.failed, `the server at ${this.server} did not answer with JSON; is it an Ajel server?`);
    options.onResponse?.(response);
    return body as T;
  }
}

const channelPath = (channel: string) => `/api/channels/${encodeURIComponent(channel)}`;
const headlines = (channel: string) => `${channelPath(channel)}/headlines`;

function describeNetworkError(error: unknown, server: string): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer from ${server} within ${TIMEOUT_MS / 1000} s`;
  const code = err.cause?.code;
  if (code === 'ECONNREFUSED') return `cannot reach ${server}: connection refused (is the server running?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach ${server}: unknown host`;
  return `cannot reach ${server}: ${code ?? err.cause?.message ?? err.message}`;
}

