import { jobQueryParams, MAX_PAYLOAD_DEPTH, PAYLOAD_KEY_PATTERN, parseJobQuery } from '@scheduler/client/job-query';
import { JOB_STATUSES, type JobSearch, type JobStatus, SearchTooBroadError } from '@scheduler/db';
import type { Catalogue } from '@scheduler/jobs';
import { z } from 'zod';
import { HttpError } from './http-error.ts';
import { isoDateParam, tagsSchema } from './routes/shared-schemas.ts';

/** A date-time as given; a date alone (YYYY-MM-DD) as the end of that day, so that `to=2026-11-28` includes the 28th. */
const inclusiveEnd = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'must be an ISO 8601 date-time or date, e.g. 2026-11-28T09:00:00Z or 2026-11-28',
  })
  .transform((value) => {
    const at = new Date(value);
    return value.length === 10 ? new Date(at.getTime() + 86_400_000) : at;
  })
  .describe('Created before this date-time; a date (YYYY-MM-DD) includes that whole day (UTC)');

const idPrefixParam = z
  .string()
  .transform((value) => value.replaceAll('-', '').toLowerCase())
  .refine((hex) => /^[0-9a-f]{1,32}$/.test(hex), {
    message: 'must be the start of a job id: 1 to 32 hexadecimal digits (dashes are ignored)',
  })
  .describe('The start of a job id, e.g. the 8 characters the dashboard shows (dashes ignored)');

/** A parameter given once or repeated (`?tag=a&tag=b`), as a list. */
const repeated = <T extends z.ZodType<string>>(item: T, description: string) =>
  z
    .union([item, z.array(item).max(20)])
    .describe(description)
    .transform((v): Array<z.output<T>> => (Array.isArray(v) ? v : [v]));

const commaList = (items: readonly string[]) =>
  z
    .string()
    .max(1000)
    .transform((value) => value.split(',').map((item) => item.trim()))
    .refine((list) => list.length > 0 && list.every((item) => items.includes(item)), {
      message: `must be one or more of ${items.join(', ')}, separated by commas`,
    });

const payloadTerm = z
  .string()
  .max(600)
  .refine(
    (term) => {
      const at = term.indexOf('=');
      if (at <= 0) return false;
      const keys = term.slice(0, at).split('.');
      return keys.length <= MAX_PAYLOAD_DEPTH && keys.every((key) => PAYLOAD_KEY_PATTERN.test(key));
    },
    {
      message: `must be path=value: a key path (up to ${MAX_PAYLOAD_DEPTH} keys of letters, digits, _ and -, joined by dots), "=", the value`,
    },
  );

const containsParam = z
  .string()
  .max(2000)
  .transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Answered below.
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"dryRun":true}' });
    return z.NEVER;
  })
  .describe(
    'JSON the payload contains (Postgres `@>`): {"dryRun":true}; nested objects match part of the payload\'s, an array matches arrays holding its items',
  );

/** The filters of GET /api/jobs, as query parameters: typed, or what `q` stands for. */
export const jobFilterParams = {
  type: z
    .string()
    .min(1)
    .max(1000)
    .transform((value) => value.split(',').map((type) => type.trim()))
    .optional()
    .describe('Job type, or several separated by commas (any of them)'),
  status: commaList(JOB_STATUSES)
    .optional()
    .describe(`Stored status, or several separated by commas (any of them): ${JOB_STATUSES.join(', ')}`),
  from: isoDateParam.optional().describe('Created at or after this date-time or date'),
  to: inclusiveEnd.optional(),
  startedBy: z.string().min(1).max(100).optional().describe("A users.id, 'service' or 'scheduler'"),
  idPrefix: idPrefixParam.optional(),
  schedule: z.string().min(1).max(100).optional().describe('Created by this schedule (its name)'),
  tag: repeated(z.string(), 'Carries this tag; repeat (`tag=a&tag=b`) for jobs carrying all of them')
    .pipe(tagsSchema)
    .optional(),
  payload: repeated(
    payloadTerm,
    'A payload key path equal to a value, as path=value, e.g. isoWeek=2026-W48 or options.mode=full; the value ' +
      'matches a string, or the number or boolean it spells (batchSize=100 matches 100 and "100"). Repeat for ' +
      'several (all must hold).',
  ).optional(),
  contains: containsParam.optional(),
  error: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Text the error contains, whatever the case (3 characters or more are answered by an index)'),
};

const filterObject = z.strictObject(jobFilterParams);
export type JobFilterParams = z.output<typeof filterObject>;
/** The names of the filter parameters (anything else is paging, or `q`). */
export const FILTER_PARAM_NAMES = Object.keys(jobFilterParams) as Array<keyof typeof jobFilterParams>;

/** The search the parameters ask for. */
export function searchOf(params: JobFilterParams): JobSearch {
  return {
    types: params.type,
    statuses: params.status as JobStatus[] | undefined,
    from: params.from,
    to: params.to,
    startedBy: params.startedBy,
    idPrefix: params.idPrefix,
    scheduleName: params.schedule,
    tags: params.tag,
    payload: params.payload?.map((term) => {
      const at = term.indexOf('=');
      return { path: term.slice(0, at).split('.'), value: term.slice(at + 1) };
    }),
    contains: params.contains,
    errorText: params.error,
  };
}

/**
 * The filters `q` (the dashboard's query language, parsed by the module the dashboard uses)
 * stands for, checked as the typed parameters are; a term that cannot be read is a 400 that
 * names it.
 */
export function filtersOfQuery(q: string): JobFilterParams {
  const parsed = parseJobQuery(q);
  if (!parsed.ok) {
    const problems = parsed.problems.map((p) => `${p.term}: ${p.message}`);
    throw new HttpError(400, 'invalid_query', `q: ${problems.join('; ')}`, { problems });
  }
  const checked = filterObject.safeParse(jobQueryParams(parsed.query));
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => `${[...i.path].join('.')}: ${i.message}`);
    throw new HttpError(400, 'invalid_query', `q: ${problems.join('; ')}`, { problems });
  }
  return checked.data;
}

/** 400 naming the first of `types` the catalogue does not have, and the types it has. */
export function assertKnownTypes(catalogue: Catalogue, types: readonly string[] | undefined): void {
  const unknownType = types?.find((type) => !catalogue.get(type));
  if (unknownType !== undefined) {
    throw new HttpError(
      400,
      'unknown_job_type',
      `Unknown job type "${unknownType}". Known types: ${catalogue.names.join(', ')}`,
    );
  }
}

/**
 * What a search that ran past its statement timeout answers: a 400 asking to narrow it, rather
 * than a slow scan. Other errors pass through.
 */
export const searchTooBroad =
  (timeoutMs: number) =>
  (error: unknown): never => {
    if (!(error instanceof SearchTooBroadError)) throw error;
    throw new HttpError(
      400,
      'search_too_broad',
      `narrow the search: it ran longer than ${timeoutMs} ms. Add a type, a status, a tag, a schedule or dates, ` +
        'or search errors for 3 characters or more.',
    );
  };
