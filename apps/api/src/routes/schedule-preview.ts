import {
  canonicalTimeZone,
  describeTiming,
  type Fire,
  FiresTooRarelyError,
  nextFiresYielding,
  type Timing,
  timingProblems,
} from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { createGate } from '../gate.ts';
import { HttpError } from '../http-error.ts';
import { errorSchema, isoDateParam, scheduleNameParam } from './shared-schemas.ts';

const isoTime = z.iso.datetime({ offset: true });
const fireTime = z.object({
  at: isoTime,
  local: z.string(),
  utcOffset: z.string(),
  offsetChanged: z.boolean(),
  dst: z
    .object({
      kind: z.enum(['skipped', 'repeated']),
      note: z.string().describe('"02:30 does not exist on 29 Mar (clocks go forward); fires at 03:30 CEST"'),
    })
    .nullable()
    .describe('Set when a daylight-saving change skips or repeats this local time'),
});

/** The fire times a timing or a stored schedule will have: for editors, before anything is saved. */
export const schedulePreviewRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { schedules, catalogue } = deps;
  const find = async (name: string) => {
    const schedule = await schedules.get(name);
    if (!schedule) throw new HttpError(404, 'not_found', `No schedule named "${name}"`);
    return schedule;
  };

  app.get(
    '/schedule-preview',
    {
      schema: {
        summary: 'Check a timing before saving it: problems, the timing in words and the next fire times',
        description:
          'What PUT /api/schedules/:name would say of this timing, without storing anything: for editors that ' +
          'validate as the user types. Each time carries its UTC offset; `offsetChanged` marks the first fire after ' +
          'a daylight-saving shift, and `dst` a fire whose local time the shift skips or repeats (what the ' +
          'schedule does then, in words).',
        tags: ['schedules'],
        querystring: z.strictObject({
          cron: z.string().min(1).max(200).optional(),
          everyMs: z.coerce.number().int().optional(),
          timezone: z.string().min(1).max(100).default('UTC'),
          jobType: z.string().min(1).max(100).optional().describe('For the rules of its type (six-field crons)'),
          count: z.coerce.number().int().min(1).max(100).default(5),
          from: isoDateParam
            .refine((date) => date.getTime() < LAST_PREVIEW_FROM.getTime(), {
              message: `must be before ${LAST_PREVIEW_FROM.toISOString().slice(0, 10)}`,
            })
            .optional()
            .describe('The first fire after this time (default now), before the year 3000'),
        }),
        response: {
          200: z.object({
            problems: z.array(z.string()),
            when: z.string().nullable(),
            timezone: z.string(),
            times: z.array(fireTime),
          }),
          400: errorSchema,
          401: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      const { cron, everyMs, jobType, count, from } = request.query;
      const timezone = canonicalTimeZone(request.query.timezone) ?? request.query.timezone;
      const timing = { cron: cron ?? null, everyMs: everyMs ?? null, timezone };
      const secondsInCron = jobType ? catalogue.get(jobType)?.secondsInCron : false;
      const problems = timingProblems(timing, { secondsInCron });
      if (problems.length > 0) return { problems, when: null, timezone, times: [] };
      return {
        problems,
        when: describeTiming(timing),
        timezone,
        times: localTimes(await boundedFireTimes(timing, count, from), timezone),
      };
    },
  );

  app.get(
    '/schedules/:name/preview',
    {
      schema: {
        summary: 'The next fire times of a schedule',
        description:
          "Computed with the next-time function BullMQ fires by, in the schedule's time zone; `dst` marks a fire " +
          'whose local time a daylight-saving change skips or repeats.',
        tags: ['schedules'],
        params: scheduleNameParam,
        querystring: z.strictObject({ count: z.coerce.number().int().min(1).max(100).default(5) }),
        response: {
          200: z.object({
            name: z.string(),
            timezone: z.string(),
            times: z.array(fireTime),
          }),
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      const schedule = await find(request.params.name);
      return {
        name: schedule.name,
        timezone: schedule.timezone,
        times: localTimes(await boundedFireTimes(schedule, request.query.count), schedule.timezone),
      };
    },
  );
};

/** A preview looks ahead from a time before this (fire times are shown up to the year 9999). */
const LAST_PREVIEW_FROM = new Date('3000-01-01T00:00:00Z');

// One preview works out its fire times at a time (each is bounded, and gives the event loop back
// between fires): a flood of costly previews then delays anything else by one fire, not by one
// fire of each preview under way.
const previewTurns = createGate({ limit: 1, maxWaiting: 32, what: 'schedule previews' });

/** The fire times of a preview, in turn with the others; too costly is a 400. */
async function boundedFireTimes(timing: Timing, count: number, from?: Date): Promise<Fire[]> {
  try {
    return await previewTurns(() => nextFiresYielding(timing, count, from));
  } catch (error) {
    if (error instanceof FiresTooRarelyError) throw new HttpError(400, 'fires_too_rarely', error.message);
    throw error;
  }
}

/**
 * Fire times as the schedule's zone shows them ("2026-03-29 09:00:00"), with their UTC offset
 * ("GMT+02:00"); `offsetChanged` marks a fire after a daylight-saving shift, when the same
 * local time is another instant than the fire before; `dst` a fire whose local time the shift
 * skipped or repeated.
 */
function localTimes(fires: readonly Fire[], timezone: string) {
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'medium' });
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
  const offsetOf = (at: Date) => offset.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return fires.map(({ at, dst }, i) => {
    const utcOffset = offsetOf(at);
    const previous = fires[i - 1];
    return {
      at: at.toISOString(),
      local: local.format(at),
      utcOffset,
      offsetChanged: previous !== undefined && offsetOf(previous.at) !== utcOffset,
      dst,
    };
  });
}
