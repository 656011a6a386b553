import { z } from 'zod';
import { CHANNEL_PATTERN, checkUrl, readerText } from '../headlines/schema.js';
import type { StoredChannel } from './record.js';

export const MAX_TITLE_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_LABEL_LENGTH = 32;

/** One line of plain text, held to the rules of headline text (server/headlines/text.ts), of 1 to `max` characters. */
const line = readerText;

/** A BCP 47 tag, canonicalised (`en-gb` → `en-GB`). */
export const languageTag = z.string({ error: 'must be a string' }).transform((raw, ctx) => {
  if (/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/.test(raw)) {
    try {
      return Intl.getCanonicalLocales(raw)[0];
    } catch {
      // Well formed in shape only; refused below.
    }
  }
  ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as "ar" or "en-GB"' });
  return z.NEVER;
});

const siteLink = z.string({ error: 'must be a string' }).transform((raw, ctx) => {
  const result = checkUrl(raw.trim());
  if ('reason' in result) {
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  }
  return result.url;
});

const direction = z.enum(['rtl', 'ltr'], { error: 'must be "rtl" or "ltr"' });
const objectError = { error: (issue: { code: string }) => (issue.code === 'unrecognized_keys' ? 'unknown field' : 'must be a JSON object') };

const described = {
  title: line(MAX_TITLE_LENGTH).optional(),
  description: line(MAX_DESCRIPTION_LENGTH).optional(),
  lang: languageTag.optional(),
  dir: direction.optional(),
  label: line(MAX_LABEL_LENGTH).optional(),
  pushAlerts: z.boolean({ error: 'must be true or false' }).optional(),
};

/** `POST /api/channels`: the slug, and any of the record's fields (the rest are the defaults). */
export const channelCreateSchema = z.strictObject(
  {
    channel: z.string({ error: 'must be a string' }).regex(CHANNEL_PATTERN, 'must be 1-64 of a-z, 0-9 and "-", starting and ending with a letter or digit'),
    ...described,
    link: siteLink.optional(),
  },
  objectError,
);

/** `PATCH /api/channels/:channel`: the fields to change; `link: null` removes the link. */
export const channelUpdateSchema = z.strictObject({ ...described, link: siteLink.nullable().optional() }, objectError);

export type ChannelCreateInput = z.infer<typeof channelCreateSchema>;
export type ChannelUpdateInput = z.infer<typeof channelUpdateSchema>;

/** A record read back from the store; one that does not parse reads as no record (the defaults). */
export const storedChannelSchema: z.ZodType<StoredChannel> = z.object({
  channel: z.string().regex(CHANNEL_PATTERN),
  title: z.string(),
  description: z.string(),
  lang: z.string(),
  dir: direction,
  link: z.string().refine((link) => 'url' in checkUrl(link), 'must be an http or https URL').optional(),
  label: z.string(),
  pushAlerts: z.boolean().optional(),
  rev: z.number().int().min(1),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
