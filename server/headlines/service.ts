import { createHash, randomBytes } from 'node:crypto';
import type { Direction, Headline } from '../protocol.js';
import type { HeadlineStore } from '../store/store.js';
import { guessLanguage, headlineDirection, textDirection } from './language.js';
import { InputError, resolveExpiry, type PublishInput, type UpdateInput } from './schema.js';

export class NotFoundError extends Error {}

/** Who writes: the key's name (for the audit log) and its public byline, if the newsroom set one. */
export interface Actor {
  name: string;
  byline?: string;
}

/** `dir` as given, unless most of the text's letters are written the other way: then it is refused. */
function agreeingDirection(text: string, dir: Direction | undefined): Direction | undefined {
  const written = textDirection(text);
  if (dir && written && dir !== written) {
    throw new InputError(`dir: the text is written ${written === 'rtl' ? 'right to left' : 'left to right'}; "${dir}" contradicts it`, 'dir', 'dir_contradicts_text');
  }
  return dir;
}

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

  /**
   * Publishes as `actor` (the key's name goes to the audit log, its byline if any to readers). With
   * `idempotencyKey`, throws IdempotencyKeyReusedError when the actor's key published another body.
   */
  async publish(channel: string, input: PublishInput, actor: Actor, idempotencyKey?: string) {
    const headline = this.compose(input, actor, this.now());
    const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, digest: publishDigest(input) };
    return this.store.publish(channel, headline, { idempotency, actor: actor.name });
  }

  /**
   * The headline `input` makes when `actor` publishes it at `now` (a scheduled one: at its time, with
   * the id it was held under); throws InputError when the input makes none.
   */
  compose(input: PublishInput, actor: Actor, now: number, id = randomBytes(9).toString('base64url')): Headline {
    const expiresAt = resolveExpiry(input, now) ?? this.defaultExpiry(input.urgent, now) ?? undefined;
    const lang = input.lang ?? guessLanguage(input.text);
    const at = new Date(now).toISOString();
    const headline: Headline = {
      id,
      text: input.text,
      urgent: input.urgent,
      lang,
      dir: agreeingDirection(input.text, input.dir) ?? headlineDirection(input.text, lang),
      publishedAt: at,
      updatedAt: at,
      rev: 1,
    };
    if (actor.byline) headline.byline = actor.byline;
    if (input.url) headline.url = input.url;
    if (expiresAt !== undefined) headline.expiresAt = new Date(expiresAt).toISOString();
    return headline;
  }

  /** An expiry from the urgency alone: urgent alerts live `urgentTtlSeconds`, other headlines stay (null). */
  private defaultExpiry(urgent: boolean, now: number): number | null {
    return urgent ? now + this.options.urgentTtlSeconds * 1000 : null;
  }

  /** Applies a correction; retried when another editor changed the headline meanwhile. */
  async update(channel: string, id: string, input: UpdateInput, actor: string) {
    if (Object.keys(input).length === 0) throw new InputError('the body must change at least one field', undefined, 'empty_update');
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.store.getHeadline(channel, id);
      if (!current) throw new NotFoundError(`no live headline ${id} in channel ${channel}`);
      const next = this.applyUpdate(current, input);
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

  private applyUpdate(current: Headline, input: UpdateInput): Headline {
    const now = this.now();
    const next: Headline = { ...current, updatedAt: new Date(now).toISOString(), rev: current.rev + 1 };
    if (input.text !== undefined) next.text = input.text;
    if (input.urgent !== undefined) next.urgent = input.urgent;
    if (input.url === null) delete next.url;
    else if (input.url !== undefined) next.url = input.url;
    if (input.lang !== undefined) next.lang = input.lang;
    if (input.dir !== undefined) next.dir = agreeingDirection(next.text, input.dir)!;
    else if (input.text !== undefined || input.lang !== undefined) next.dir = headlineDirection(next.text, next.lang);
    // The expiry follows a change of urgency unless the correction sets one itself.
    const changesUrgency = input.urgent !== undefined && input.urgent !== current.urgent;
    const explicit = resolveExpiry(input, now);
    const expiresAt = explicit !== undefined || !changesUrgency ? explicit : this.defaultExpiry(next.urgent, now);
    if (expiresAt === null) delete next.expiresAt;
    else if (expiresAt !== undefined) next.expiresAt = new Date(expiresAt).toISOString();
    return next;
  }
}
