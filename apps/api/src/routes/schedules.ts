import { type LastRun, PRIORITIES, type ScheduleRecord } from '@scheduler/db';
import {
  canonicalTimeZone,
  checkRunnable,
  DEFAULT_SCHEDULES,
  describeTiming,
  nextFireTime,
  timingProblems,
} from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { actorOf } from '../plugins/auth.ts';
import { asJobHttpError } from './job-errors.ts';
import { toTriggerAnswer, triggerAnswer } from './jobs.ts';
import { errorSchema } from './shared-schemas.ts';
import { startJob } from './start-job.ts';

const isoTime = z.iso.datetime({ offset: true });
const nameParam = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - and _ (up to 63 characters)'),
});

const scheduleView = z.object({
  name: z.string(),
  jobType: z.string(),
  cron: z.string().nullable(),
  everyMs: z.number().int().nullable(),
  timezone: z.string(),
  when: z.string().describe('The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)"'),
  enabled: z.boolean(),
  payload: z.record(z.string(), z.unknown()),
  priority: z.enum(PRIORITIES).describe("The schedule's priority, or its job type's default"),
  priorityOverride: z.enum(PRIORITIES).nullable().describe('Set on the schedule; null when the default applies'),
  description: z.string().nullable().describe('What the schedule is for, in its author’s words'),
  nextRunAt: isoTime.nullable().describe('Null while disabled'),
  lastRun: z
    .object({ id: z.uuid(), status: z.string(), createdAt: isoTime, completedAt: isoTime.nullable() })
    .nullable(),
  updatedBy: z.string(),
  updatedAt: isoTime,
});

const scheduleChange = z.strictObject({
  jobType: z.string().min(1).max(100).optional().describe('Required to create a schedule; cannot change after'),
  cron: z.string().min(1).max(200).nullable().optional().describe('A cron pattern; setting it clears everyMs'),
  everyMs: z
    .int()
    .nullable()
    .optional()
    .describe('A fixed interval in ms, from 1000 to 31622400000 (366 days); setting it clears cron'),
  timezone: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('IANA time zone of the cron pattern (default UTC), stored by its canonical name'),
  enabled: z.boolean().optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  priority: z.enum(PRIORITIES).nullable().optional().describe("null: the job type's default"),
  description: z.string().max(500).nullable().optional().describe('What the schedule is for'),
});

export const schedulesRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { schedules, scheduleMirror, catalogue } = deps;

  const toView = (s: ScheduleRecord, lastRun: LastRun | undefined) => ({
    name: s.name,
    jobType: s.jobType,
    cron: s.cron,
    everyMs: s.everyMs,
    timezone: s.timezone,
    when: describeTiming(s),
    enabled: s.enabled,
    payload: s.payload,
    priority: s.priority ?? catalogue.get(s.jobType)?.defaults.priority ?? 'MEDIUM',
    priorityOverride: s.priority,
    description: s.description,
    nextRunAt: s.enabled ? (nextFireTime(s)?.toISOString() ?? null) : null,
    lastRun: lastRun
      ? {
          id: lastRun.id,
          status: lastRun.status,
          createdAt: lastRun.createdAt.toISOString(),
          completedAt: lastRun.completedAt?.toISOString() ?? null,
        }
      : null,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt.toISOString(),
  });
  // The table and Redis change together: if Redis refuses, the transaction rolls back.
  const redisOrRollBack = async (change: () => Promise<void>) => {
    try {
      await change();
    } catch (error) {
      throw new HttpError(
        503,
        'schedule_not_applied',
        `Redis did not take the change (${error instanceof Error ? error.message : error}), so nothing was changed; try again`,
      );
    }
  };
  const applyOrRollBack = (schedule: ScheduleRecord) => redisOrRollBack(() => scheduleMirror.apply(schedule));
  const viewOne = async (s: ScheduleRecord) => toView(s, (await schedules.lastRuns([s.name])).get(s.name));
  const find = async (name: string) => {
    const schedule = await schedules.get(name);
    if (!schedule) throw new HttpError(404, 'not_found', `No schedule named "${name}"`);
    return schedule;
  };

  app.get(
    '/schedules',
    {
      schema: {
        summary: 'Every schedule, with its next run and its last run',
        tags: ['schedules'],
        response: { 200: z.object({ schedules: z.array(scheduleView) }), 401: errorSchema },
      },
    },
    async () => {
      const all = await schedules.list();
      const lastRuns = await schedules.lastRuns(all.map((s) => s.name));
      return { schedules: all.map((s) => toView(s, lastRuns.get(s.name))) };
    },
  );

  app.get(
    '/schedules/:name',
    {
      schema: {
        summary: 'One schedule',
        tags: ['schedules'],
        params: nameParam,
        response: { 200: scheduleView, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => viewOne(await find(request.params.name)),
  );

  app.put(
    '/schedules/:name',
    {
      onRequest: app.requireAccess('write'),
      config: {
        audit: {
          action: 'schedule.update',
          fields: ['jobType', 'cron', 'everyMs', 'timezone', 'enabled', 'payload', 'priority', 'description'],
        },
      },
      schema: {
        summary: 'Change a schedule, or create one',
        description:
          'Changes the given fields of a schedule (the others stay); with jobType and a cron or everyMs, creates ' +
          'it. Takes effect on every replica at once.',
        tags: ['schedules'],
        params: nameParam,
        body: scheduleChange,
        response: {
          200: scheduleView,
          201: scheduleView,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const change = request.body;
      request.auditTarget = name;
      const existing = await schedules.get(name);
      if (!existing && !change.jobType) {
        throw new HttpError(
          404,
          'not_found',
          `No schedule named "${name}"; give jobType and cron or everyMs to create it`,
        );
      }
      if (existing && change.jobType && change.jobType !== existing.jobType) {
        throw new HttpError(400, 'validation_failed', `jobType of "${name}" is ${existing.jobType} and cannot change`);
      }
      const jobType = existing?.jobType ?? (change.jobType as string);
      // Setting one way of timing clears the other.
      const timezone = change.timezone ?? existing?.timezone ?? 'UTC';
      const timing = {
        cron: change.cron !== undefined ? change.cron : change.everyMs != null ? null : (existing?.cron ?? null),
        everyMs:
          change.everyMs !== undefined ? change.everyMs : change.cron != null ? null : (existing?.everyMs ?? null),
        timezone: canonicalTimeZone(timezone) ?? timezone,
      };
      const problems = timingProblems(timing, { secondsInCron: catalogue.get(jobType)?.secondsInCron });
      if (problems.length > 0) throw new HttpError(400, 'invalid_schedule', problems.join('; '), { problems });
      let payload: Record<string, unknown>;
      try {
        // Stored as given; the schema's defaults apply when a run is created.
        checkRunnable(catalogue, jobType, change.payload ?? existing?.payload ?? {});
        payload = change.payload ?? existing?.payload ?? {};
      } catch (error) {
        asJobHttpError(error);
      }
      const actor = actorOf(request.principal);

      if (!existing) {
        const created = await schedules.create(
          {
            name,
            jobType,
            ...timing,
            enabled: change.enabled ?? true,
            payload,
            priority: change.priority ?? null,
            description: change.description ?? null,
          },
          actor,
          applyOrRollBack,
        );
        if (!created) throw new HttpError(409, 'conflict', `Schedule "${name}" was created meanwhile; try again`);
        return reply.code(201).send(await viewOne(created));
      }
      const updated = await schedules.update(
        name,
        {
          ...timing,
          ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
          ...(change.payload !== undefined ? { payload: change.payload } : {}),
          ...(change.priority !== undefined ? { priority: change.priority } : {}),
          ...(change.description !== undefined ? { description: change.description } : {}),
        },
        actor,
        applyOrRollBack,
      );
      if (!updated) throw new HttpError(404, 'not_found', `No schedule named "${name}"`);
      return viewOne(updated);
    },
  );

  app.delete(
    '/schedules/:name',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'schedule.delete', fields: [] } },
      schema: {
        summary: 'Remove a schedule',
        description:
          'Deletes the schedule and its timer on every replica; runs already started go on, and past runs keep ' +
          'its name. A built-in default that is removed stays removed across restarts until it is created ' +
          'again or POST /api/schedules/defaults/restore brings it back.',
        tags: ['schedules'],
        params: nameParam,
        response: {
          200: z.object({ removed: scheduleView }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      request.auditTarget = name;
      const lastRun = (await schedules.lastRuns([name])).get(name);
      const removed = await schedules.remove(name, actorOf(request.principal), (schedule) =>
        redisOrRollBack(() => scheduleMirror.remove(schedule)),
      );
      if (!removed) throw new HttpError(404, 'not_found', `No schedule named "${name}"`);
      return { removed: toView({ ...removed, enabled: false }, lastRun) };
    },
  );

  app.post(
    '/schedules/defaults/restore',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'schedule.restore_defaults', fields: ['names'] } },
      schema: {
        summary: 'Bring back built-in schedules that were removed',
        description:
          'Creates the named built-in schedules (all of them when no names are given) that do not exist, with ' +
          'their built-in timing; schedules that exist are left as they are.',
        tags: ['schedules'],
        body: z
          .strictObject({
            names: z
              .array(z.enum(DEFAULT_SCHEDULES.map((d) => d.name) as [string, ...string[]]))
              .max(DEFAULT_SCHEDULES.length)
              .optional()
              .describe('Built-in schedules to bring back; all when absent'),
          })
          .nullish(),
        response: {
          200: z.object({ restored: z.array(scheduleView) }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const names = request.body?.names;
      const wanted = DEFAULT_SCHEDULES.filter((d) => !names || names.includes(d.name));
      const restored = await schedules.restoreDefaults(wanted, applyOrRollBack);
      return { restored: restored.map((s) => toView(s, undefined)) };
    },
  );

  app.post(
    '/schedules/:name/run',
    {
      onRequest: app.requireAccess('write'),
      config: {
        audit: { action: 'schedule.run', fields: [] },
      },
      schema: {
        summary: 'Run a schedule now',
        description: "Starts one run with the schedule's job type, payload and priority, outside its timetable.",
        tags: ['schedules'],
        params: nameParam,
        response: {
          202: triggerAnswer,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const schedule = await find(request.params.name);
      request.auditTarget = schedule.name;
      const job = await startJob(deps, request, {
        jobType: schedule.jobType,
        payload: schedule.payload,
        priority: schedule.priority ?? undefined,
        scheduleName: schedule.name,
      });
      return reply.code(202).send(toTriggerAnswer(job));
    },
  );
};
