import { JOB_TAG_PATTERN, MAX_JOB_TAGS } from '@scheduler/db';
import { z } from 'zod';

/** The `{ error, message }` body of every error answer. */
export const errorSchema = z.object({ error: z.string(), message: z.string() }).passthrough();

/** A query parameter that is an ISO 8601 date-time or date; a refusal names both forms. */
export const isoDateParam = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'must be an ISO 8601 date-time or date, e.g. 2026-11-28T09:00:00Z or 2026-11-28',
  })
  .transform((value) => new Date(value));

/** `limit` (1–100, default 50) and `page` (from 1) of every listing. */
export const pageParams = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
};

/** The tags of a trigger or a schedule (the rules of packages/db job-search.ts). */
export const tagsSchema = z
  .array(
    z
      .string()
      .regex(JOB_TAG_PATTERN, 'must be 1 to 40 characters of lower-case letters, digits, "_", ".", ":" and "-"'),
  )
  .max(MAX_JOB_TAGS, `at most ${MAX_JOB_TAGS} tags`)
  .refine((tags) => new Set(tags).size === tags.length, 'a tag is given twice')
  .describe(
    `Up to ${MAX_JOB_TAGS} labels to find the job by (GET /api/jobs?tag=), each 1–40 characters of a-z 0-9 _ . : -`,
  );

/** The largest id a Postgres bigint (BIGSERIAL) holds. */
const MAX_BIGINT = 9223372036854775807n;

/** Whether `value` is the decimal form of an id a bigint column can hold. */
export const isBigintId = (value: string) => /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;

/** A query parameter that is a bigint id (a log line's, an event's). */
export const bigintIdParam = (what: string) =>
  z.string().refine(isBigintId, { message: `must be ${what} (a whole number up to 9223372036854775807)` });

/** The `:name` of a schedule route: a schedule's name as the table allows it. */
export const scheduleNameParam = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - and _ (up to 63 characters)'),
});
