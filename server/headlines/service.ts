import { createHash, randomBytes } from 'node:crypto';
import type { Headline } from '../protocol.js';
import type { HeadlineStore } from '../store/store.js';
import { directionOf, guessLanguage } from './language.js';
import { InputError, resolveExpiry, type PublishInput, type UpdateInput } from './schema.js';

export class NotFoundError extends Error {}

/**
 * What an idempotency key is bound to: SHA-256 of the validated publish input as canonical JSON
 * (fields in name order, absent ones left out), so two bodies that mean the same headline
 * (`" a "` and `"a"`, `urgent` omitted or false) have one digest and any other body another.
 */
export function publishDigest(input: PublishInput): string {
  const fields = Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(['publish', Object.fromEntries(fields)])).digest('hex');
}

export interface HeadlineServiceOptions {
  /** Lifetime of an urgent alert published without an explicit expiry. */
  urgentTtlSeconds: number;
  now?: () => number;
}

/** Editor operations on validated input; the store makes each one atomic. */
export class HeadlineService {
  private readonly now: () => number;

  constructor(
    private readonly store: HeadlineStore,
    private readonly options: HeadlineServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** With `idempotencyKey`, throws IdempotencyKeyReusedError when the actor's key published another body. */
  async publish(channel: string, input: PublishInput, actor: string, idempotencyKey?: string) {
    const now = this.now();
    let expiresAt = resolveExpiry(input, now) ?? undefined;
    if (expiresAt === undefined && input.urgent) expiresAt = now + this.options.urgentTtlSeconds * 1000;
    const lang = input.lang ?? guessLanguage(input.text);
    const at = new Date(now).toISOString();
    const headline: Headline = {
      id: randomBytes(9).toString('base64url'),
      text: input.text,
      urgent: input.urgent,
      lang,
      dir: input.dir ?? directionOf(lang),
      publishedAt: at,
      updatedAt: at,
      publishedBy: actor,
      updatedBy: actor,
      rev: 1,
    };
    if (input.url) headline.url = input.url;
    if (expiresAt !== undefined) headline.expiresAt = new Date(expiresAt).toISOString();
    const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, digest: publishDigest(input) };
    return this.store.publish(channel, headline, { idempotency, actor });
  }

  /** Applies a correction; retried when another editor changed the headline meanwhile. */
  async update(channel: string, id: string, input: UpdateInput, actor: string) {
    if (Object.keys(input).length === 0) throw new InputError('the body must change at least one field', undefined, 'empty_update');
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.store.getHeadline(channel, id);
      if (!current) throw new NotFoundError(`no live headline ${id} in channel ${channel}`);
      const next = this.applyUpdate(current, input, actor);
      const result = await this.store.replace(channel, next, current.rev, actor);
      if (result === 'missing') throw new NotFoundError(`no live headline ${id} in channel ${channel}`);
      if (result !== 'conflict') return { headline: next, cursor: result.cursor };
    }
    throw new InputError('the headline is being changed by someone else; try again', undefined, 'conflict');
  }

  async retract(channel: string, id: string, actor: string) {
    const result = await this.store.retract(channel, id, actor);
    if (result === 'missing') throw new NotFoundError(`no live headline ${id} in channel ${channel}`);
    return result;
  }

  private applyUpdate(current: Headline, input: UpdateInput, actor: string): Headline {
    const now = this.now();
    const next: Headline = { ...current, updatedAt: new Date(now).toISOString(), updatedBy: actor, rev: current.rev + 1 };
    if (input.text !== undefined) next.text = input.text;
    if (input.urgent !== undefined) next.urgent = input.urgent;
    if (input.url === null) delete next.url;
    else if (input.url !== undefined) next.url = input.url;
    if (input.lang !== undefined) {
      next.lang = input.lang;
      next.dir = input.dir ?? directionOf(input.lang);
    } else if (input.dir !== undefined) {
      next.dir = input.dir;
    }
    const expiresAt = resolveExpiry(input, now);
    if (expiresAt === null) delete next.expiresAt;
    else if (expiresAt !== undefined) next.expiresAt = new Date(expiresAt).toISOString();
    return next;
  }
}
