import { z } from 'zod';
import { checkReaderText, hasInvisibleOrControl } from './text.js';

export const CHANNEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const HEADLINE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_TEXT_LENGTH = 280;
export const MAX_URL_LENGTH = 2048;
/** The furthest ahead an expiry may be set. */
export const MAX_LIFETIME_SECONDS = 30 * 24 * 3600;

/** The longest public byline an editor key may carry. */
export const MAX_BYLINE_LENGTH = 64;

/** Reader-facing text (see server/headlines/text.ts), as a zod field whose refusals carry their own error code. */
export const readerText = (maxLength: number) =>
  z.string({ error: 'must be a string' }).transform((raw, ctx) => {
    const checked = checkReaderText(raw, maxLength);
    if ('text' in checked) return checked.text;
    const { code, message } = checked.problem;
    ctx.addIssue({ code: 'custom', message, params: code === 'empty' || code === 'too_long' ? undefined : { code } });
    return z.NEVER;
  });

const headlineText = readerText(MAX_TEXT_LENGTH);
export const bylineText = readerText(MAX_BYLINE_LENGTH);

/** Returns the normalised URL, or a reason it is unsafe. */
export function checkUrl(raw: string): { url: string } | { reason: string } {
  if (raw.length > MAX_URL_LENGTH) return { reason: `must be at most ${MAX_URL_LENGTH} characters` };
  if (hasInvisibleOrControl(raw)) {
    return { reason: 'must not contain spaces, control or invisible characters' };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { reason: 'must be an absolute http or https URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reason: 'must use http or https' };
  if (url.username || url.password) return { reason: 'must not contain credentials' };
  if (!url.hostname) return { reason: 'must have a host' };
  return { url: url.href };
}

const headlineUrl = z.string({ error: 'must be a string' }).transform((raw, ctx) => {
  const result = checkUrl(raw.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, ''));
  if ('reason' in result) {
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  }
  return result.url;
});

const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-01-31T18:00:00Z' });

const languageTag = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/, 'must be a language tag such as "ar" or "en-GB"');

const ttlSeconds = z
  .number({ error: 'must be a number of seconds' })
  .int('must be a whole number of seconds')
  .min(10, 'must be at least 10 seconds')
  .max(MAX_LIFETIME_SECONDS, `must be at most ${MAX_LIFETIME_SECONDS} seconds`);

export const publishSchema = z.strictObject(
  {
    text: headlineText,
    url: headlineUrl.optional(),
    urgent: z.boolean({ error: 'must be true or false' }).default(false),
    expiresAt: isoDate.optional(),
    ttl: ttlSeconds.optional(),
    lang: languageTag.optional(),
    dir: z.enum(['rtl', 'ltr'], { error: 'must be "rtl" or "ltr"' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field' : 'must be a JSON object') },
);

export const updateSchema = z.strictObject(
  {
    text: headlineText.optional(),
    url: headlineUrl.nullable().optional(),
    urgent: z.boolean({ error: 'must be true or false' }).optional(),
    expiresAt: isoDate.nullable().optional(),
    ttl: ttlSeconds.optional(),
    lang: languageTag.optional(),
    dir: z.enum(['rtl', 'ltr'], { error: 'must be "rtl" or "ltr"' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field' : 'must be a JSON object') },
);

export type PublishInput = z.infer<typeof publishSchema>;
export type UpdateInput = z.infer<typeof updateSchema>;

export class InputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly code = 'invalid_input',
  ) {
    super(message);
  }
}

/** Parses a request body, throwing an InputError that names the first offending field. */
export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.') || undefined;
  const message = field ? `${field}: ${issue.message}` : issue.message;
  const code = issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : 'invalid_field';
  throw new InputError(message, field, code);
}

/** Resolves `expiresAt`/`ttl` into an absolute time, checking it lies ahead and within bounds. */
export function resolveExpiry(
  input: { expiresAt?: string | null; ttl?: number },
  now: number,
): number | null | undefined {
  if (input.expiresAt !== undefined && input.ttl !== undefined) {
    throw new InputError('ttl: give either expiresAt or ttl, not both', 'ttl');
  }
  if (input.ttl !== undefined) return now + input.ttl * 1000;
  if (input.expiresAt === null) return null;
  if (input.expiresAt === undefined) return undefined;
  const at = Date.parse(input.expiresAt);
  if (at <= now) throw new InputError('expiresAt: must be in the future', 'expiresAt');
  if (at > now + MAX_LIFETIME_SECONDS * 1000) throw new InputError('expiresAt: must be within 30 days', 'expiresAt');
  return at;
}
