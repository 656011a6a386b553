import { ATTEMPTS_KEPT, DEAD_LETTERS_KEPT, MAX_WEBHOOKS, type WebhookAttempt, type WebhookDeadLetter, type WebhookEndpoint } from '../webhooks/endpoint.js';

/** Webhook endpoints and their bounded lists for the embedded store, with the semantics of redis-webhooks.ts. */
export class MemoryWebhooks {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  /** Newest first, as on Redis (LPUSH). */
  private readonly attempts = new Map<string, WebhookAttempt[]>();
  private readonly dead = new Map<string, WebhookDeadLetter[]>();
  /** Oldest first. */
  private readonly replays = new Map<string, WebhookDeadLetter[]>();

  create(endpoint: WebhookEndpoint): 'created' | 'exists' | 'full' {
    if (this.endpoints.has(endpoint.id)) return 'exists';
    if (this.endpoints.size >= MAX_WEBHOOKS) return 'full';
    this.endpoints.set(endpoint.id, structuredClone(endpoint));
    return 'created';
  }

  replace(endpoint: WebhookEndpoint, expectedRev: number): 'replaced' | 'conflict' | 'missing' {
    const current = this.endpoints.get(endpoint.id);
    if (!current) return 'missing';
    if (current.rev !== expectedRev) return 'conflict';
    this.endpoints.set(endpoint.id, structuredClone(endpoint));
    return 'replaced';
  }

  get(id: string): WebhookEndpoint | undefined {
    const endpoint = this.endpoints.get(id);
    return endpoint && structuredClone(endpoint);
  }

  list(): WebhookEndpoint[] {
    return [...this.endpoints.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((endpoint) => structuredClone(endpoint));
  }

  remove(id: string): boolean {
    for (const lists of [this.attempts, this.dead, this.replays]) lists.delete(id);
    return this.endpoints.delete(id);
  }

  recordAttempt(id: string, attempt: WebhookAttempt): void {
    prepend(this.attempts, id, structuredClone(attempt), ATTEMPTS_KEPT);
  }

  readAttempts(id: string, limit: number): WebhookAttempt[] {
    return structuredClone((this.attempts.get(id) ?? []).slice(0, limit));
  }

  addDeadLetter(id: string, letter: WebhookDeadLetter): void {
    prepend(this.dead, id, structuredClone(letter), DEAD_LETTERS_KEPT);
  }

  readDeadLetters(id: string, limit: number): WebhookDeadLetter[] {
    return structuredClone((this.dead.get(id) ?? []).slice(0, limit));
  }

  requeueDeadLetters(id: string): number {
    const letters = this.dead.get(id) ?? [];
    this.dead.delete(id);
    const queue = [...(this.replays.get(id) ?? []), ...letters.reverse()];
    this.replays.set(id, queue.slice(-DEAD_LETTERS_KEPT));
    return letters.length;
  }

  nextReplay(id: string): WebhookDeadLetter | undefined {
    const next = this.replays.get(id)?.[0];
    return next && structuredClone(next);
  }

  finishReplay(id: string, eventId: string): boolean {
    const queue = this.replays.get(id);
    if (queue?.[0]?.eventId !== eventId) return false;
    queue.shift();
    return true;
  }
}

function prepend<T>(lists: Map<string, T[]>, id: string, entry: T, kept: number): void {
  const list = lists.get(id) ?? [];
  list.unshift(entry);
  list.length = Math.min(list.length, kept);
  lists.set(id, list);
}
