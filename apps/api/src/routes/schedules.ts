import {
  createScheduleMisses,
  type LastRun,
  MISSED_POLICIES,
  OVERLAP_POLICIES,
  PRIORITIES,
  type ScheduleMiss,
  type ScheduleRecord,
} from '@scheduler/db';
import { MAX_CATCH_UP, ScheduleError } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { actorOf } from '../plugins/auth.ts';
import { toTriggerAnswer, triggerAnswer } from './jobs.ts';
import { scheduleView, toScheduleView } from './schedule-view.ts';
import { errorSchema, scheduleNameParam, tagsSchema } from './shared-schemas.ts';
import { startJob } from './start-job.ts';

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
  tags: tagsSchema.optional().describe('Copied onto every job the schedule creates (replaces the tags it had)'),
  missedPolicy: z
    .enum(MISSED_POLICIES)
    .optional()
    .describe('Slots nobody ran in time: skip, run_once (default) or catch_up (needs catchUpMax and catchUpWindowMs)'),
  catchUpMax: z.int().min(1).max(MAX_CATCH_UP).nullable().optional().describe('catch_up: at most this many runs…'),
  catchUpWindowMs: z
    .int()
    .min(1000)
    .nullable()
    .optional()
    .describe('…of the missed slots within this long before now (catch_up only)'),
  overlapPolicy: z
    .enum(OVERLAP_POLICIES)
    .optional()
    .describe('A slot while the previous run still goes: skip (default), queue one run after it, cancel it'),
  graceMs: z
    .int()
    .min(100)
    .nullable()
    .optional()
    .describe('How late a run may start before its slot counts as missed; null: half the period within 1 s–10 min'),
});

/** A refusal of the schedule service, as the API answers it. */
async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ScheduleError) throw new HttpError(error.status, error.code, error.message, error.details);
    throw error;
  }
}

export const schedulesRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { schedules, scheduleService: service, catalogue } = deps;
  const misses = createScheduleMisses(deps.sql);

  const toView = (s: ScheduleRecord, lastRun?: LastRun, lastMiss?: ScheduleMiss) =>
    toScheduleView(s, { catalogue, lastRun, lastMiss });
  const viewOne = async (s: ScheduleRecord) => {
    const [lastRuns, lastMisses] = await Promise.all([schedules.lastRuns([s.name]), misses.latestFor([s.name])]);
    return toView(s, lastRuns.get(s.name), lastMisses.get(s.name));
  };
  const find = async (name: string) => {
    const schedule = await schedules.get(name);
    if (!schedule) throw new HttpError(404, 'not_found', `No schedule named "${name}"`);
    return schedule;
  };
  const declaredNames = service.declarations.map((d) => d.name);

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
      const names = all.map((s) => s.name);
      const [lastRuns, lastMisses] = await Promise.all([schedules.lastRuns(names), misses.latestFor(names)]);
      return { schedules: all.map((s) => toView(s, lastRuns.get(s.name), lastMisses.get(s.name))) };
    },
  );

  app.get(
    '/schedules/:name',
    {
      schema: {
        summary: 'One schedule',
        tags: ['schedules'],
        params: scheduleNameParam,
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
          fields: [
            'jobType',
            'cron',
            'everyMs',
            'timezone',
            'enabled',
            'payload',
            'priority',
            'description',
            'tags',
            'missedPolicy',
            'catchUpMax',
            'catchUpWindowMs',
            'overlapPolicy',
            'graceMs',
          ],
        },
      },
      schema: {
        summary: 'Change a schedule, or create one',
        description:
          'Changes the given fields of a schedule (the others stay); with jobType and a cron or everyMs, creates ' +
          'it. Takes effect on every replica at once. Changing a field a job type declares (cron, everyMs, ' +
          'timezone, payload, priority, description, missedPolicy, catchUpMax, catchUpWindowMs, overlapPolicy) ' +
          "overrides the code's declaration: deploys keep it until POST /api/schedules/:name/reset.",
        tags: ['schedules'],
        params: scheduleNameParam,
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
      request.auditTarget = name;
      const { schedule, created } = await answered(service.put(name, request.body, actorOf(request.principal)));
      return reply.code(created ? 201 : 200).send(await viewOne(schedule));
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
          'its name. A schedule a job type declares that is removed stays removed across deploys until it is ' +
          'created again or POST /api/schedules/defaults/restore brings it back.',
        tags: ['schedules'],
        params: scheduleNameParam,
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
      const removed = await answered(service.remove(name, actorOf(request.principal)));
      return { removed: toView({ ...removed, enabled: false }, lastRun) };
    },
  );

  app.post(
    '/schedules/defaults/restore',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'schedule.restore_defaults', fields: ['names'] } },
      schema: {
        summary: 'Bring back declared schedules that were removed',
        description:
          'Creates the named schedules job types declare (all of them when no names are given) that do not ' +
          'exist, as their code declares them; schedules that exist are left as they are.',
        tags: ['schedules'],
        body: z
          .strictObject({
            names: z
              .array(declaredNames.length ? z.enum(declaredNames as [string, ...string[]]) : z.never())
              .max(Math.max(declaredNames.length, 1))
              .optional()
              .describe('Declared schedules to bring back; all when absent'),
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
      const restored = await answered(service.restoreDeclared(request.body?.names));
      return { restored: restored.map((s) => toView(s)) };
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
        params: scheduleNameParam,
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
        tags: schedule.tags,
        scheduleName: schedule.name,
      });
      return reply.code(202).send(toTriggerAnswer(job));
    },
  );

  const commandResponses = {
    200: scheduleView,
    400: errorSchema,
    401: errorSchema,
    403: errorSchema,
    404: errorSchema,
    409: errorSchema,
    503: errorSchema,
  };

  app.post(
    '/schedules/:name/pause',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'schedule.pause', fields: ['until'] } },
      schema: {
        summary: 'Pause a schedule until a time',
        description:
          'No slot up to `until` runs or counts as missed; the schedule resumes by itself then (restarts ' +
          'included). Pausing a paused schedule moves its end.',
        tags: ['schedules'],
        params: scheduleNameParam,
        body: z.strictObject({
          until: z.iso
            .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-24T08:00:00Z' })
            .describe('When it resumes: in the future, at most 90 days ahead'),
        }),
        response: commandResponses,
      },
    },
    async (request) => {
      const { name } = request.params;
      request.auditTarget = name;
      const until = new Date(request.body.until);
      return viewOne(await answered(service.pause(name, until, actorOf(request.principal))));
    },
  );

  app.post(
    '/schedules/:name/resume',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'schedule.resume', fields: [] } },
      schema: {
        summary: 'End a pause now',
        description:
          'The schedule fires again from its next slot; the slots the pause held are neither run nor missed. ' +
          '409 when it is not paused.',
        tags: ['schedules'],
        params: scheduleNameParam,
        response: commandResponses,
      },
    },
    async (request) => {
      const { name } = request.params;
      request.auditTarget = name;
      return viewOne(await answered(service.resume(name, actorOf(request.principal))));
    },
  );

  app.post(
    '/schedules/:name/reset',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'schedule.reset', fields: [] } },
      schema: {
        summary: "Reset a declared schedule to its code's declaration",
        description:
          "Sets every declared field (timing, payload, priority, description, policies) to what the job type's " +
          'code declares and ends the override, so later deploys change it again; enabled and grace stay. 409 ' +
          'when no code declares the schedule.',
        tags: ['schedules'],
        params: scheduleNameParam,
        response: commandResponses,
      },
    },
    async (request) => {
      const { name } = request.params;
      request.auditTarget = name;
      return viewOne(await answered(service.reset(name, actorOf(request.principal))));
    },
  );
};
