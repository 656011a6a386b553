import { z } from 'zod';
import { publishSchema, updateSchema } from '../headlines/schema.js';

const objectError = { error: (issue: { code: string }) => (issue.code === 'unrecognized_keys' ? 'unknown field' : 'must be a JSON object') };
const publishAt = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-12-05T09:00:00Z' });

/** A publish body with `publishAt`: the headline is held until then. */
export const holdSchema = z.strictObject({ ...publishSchema.shape, publishAt }, objectError);

/** `PATCH /api/channels/:channel/scheduled/:id`: the fields of a correction, a new time, and the revision edited. */
export const editHeldSchema = z.strictObject(
  {
    ...updateSchema.shape,
    publishAt: publishAt.optional(),
    rev: z.number({ error: 'must be the revision you edit' }).int('must be a whole number').min(1, 'must be at least 1').optional(),
  },
  objectError,
);

export type HoldInput = z.infer<typeof holdSchema>;
export type EditHeldInput = z.infer<typeof editHeldSchema>;

/** Whether a publish body asks for scheduling: it names `publishAt`. */
export const asksToSchedule = (body: unknown): boolean => typeof body === 'object' && body !== null && !Array.isArray(body) && 'publishAt' in body;
