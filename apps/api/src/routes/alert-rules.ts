import { ALERT_KINDS, type AlertKind, type AlertRule, type RuleSubject } from '@scheduler/db';
import { parseRuleParams, subjectProblem } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { idParam, ruleSubject, ruleView, toRuleView, whoIs } from './alert-schemas.ts';
import { errorSchema } from './shared-schemas.ts';

const PARAMS_HELP =
  'Per kind: final_failure {}; missed_slot {}; long_run { maxMs } (fixed) or { factor, minMs } (factor × p90, at ' +
  'least minMs); no_success { windowMs } (null on a schedule: two periods plus its grace); backlog_age { maxAgeMs }; ' +
  'no_worker { afterMs }. Missing fields take their defaults.';

const channelIds = z
  .array(z.uuid({ message: 'must be a channel id' }))
  .max(20)
  .nullable()
  .describe('Channels this rule notifies; null: the default channels');

const newRule = z.strictObject({
  kind: z.enum(ALERT_KINDS),
  name: z.string().trim().min(1).max(200),
  subject: ruleSubject,
  params: z.record(z.string(), z.unknown()).default({}).describe(PARAMS_HELP),
  enabled: z.boolean().default(true),
  channelIds: channelIds.default(null),
});

const ruleChange = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  subject: ruleSubject.optional(),
  params: z.record(z.string(), z.unknown()).optional().describe(PARAMS_HELP),
  enabled: z.boolean().optional(),
  channelIds: channelIds.optional(),
});

const AUDITED = ['kind', 'name', 'subject', 'params', 'enabled', 'channelIds'] as const;

/** Alert rules: the built-in ones (editable, not deletable) and an admin's own. */
export const alertRulesRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { alertRules, alertChannels, catalogue, schedules } = deps;

  const find = async (id: string) => {
    const rule = await alertRules.get(id);
    if (!rule) throw new HttpError(404, 'not_found', `No alert rule ${id}`);
    return rule;
  };

  /** The rule's params with defaults, once its subject and channels are known to exist; else a 400. */
  const checked = async (
    kind: AlertKind,
    subject: RuleSubject,
    rawParams: unknown,
    ids: string[] | null,
  ): Promise<Record<string, unknown>> => {
    const parsed = parseRuleParams(kind, rawParams);
    if ('problems' in parsed) {
      throw new HttpError(400, 'validation_failed', parsed.problems.join('; '), { problems: parsed.problems });
    }
    const problem = subjectProblem(kind, subject, parsed.params);
    if (problem) throw new HttpError(400, 'validation_failed', `subject: ${problem}`);
    if (subject.kind === 'job_type' || subject.kind === 'queue') {
      if (!catalogue.get(subject.name)) {
        throw new HttpError(400, 'unknown_job_type', `subject: no job type named "${subject.name}"`, {
          known: catalogue.names,
        });
      }
    }
    if (subject.kind === 'schedule' && !(await schedules.get(subject.name))) {
      throw new HttpError(400, 'unknown_schedule', `subject: no schedule named "${subject.name}"`);
    }
    if (ids) {
      const existing = await alertChannels.existing(ids);
      const missing = ids.filter((id) => !existing.has(id));
      if (missing.length > 0) {
        throw new HttpError(400, 'unknown_channel', `channelIds: no channel ${missing.join(', ')}`, { missing });
      }
    }
    return parsed.params;
  };

  app.get(
    '/alert-rules',
    {
      schema: {
        summary: 'Every alert rule, built-in ones first',
        tags: ['alerts'],
        response: { 200: z.object({ rules: z.array(ruleView) }), 401: errorSchema, 403: errorSchema },
      },
    },
    async () => ({ rules: (await alertRules.list()).map(toRuleView) }),
  );

  app.post(
    '/alert-rules',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert_rule.create', fields: AUDITED } },
      schema: {
        summary: 'Add an alert rule',
        description: `A rule watches one subject (a job type, schedule or queue) or every one (subject kind any). ${PARAMS_HELP}`,
        tags: ['alerts'],
        body: newRule,
        response: { 201: ruleView, 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const subject = body.subject as RuleSubject;
      const params = await checked(body.kind, subject, body.params, body.channelIds);
      const rule = await alertRules.create({ ...body, subject, params }, whoIs(request));
      request.auditTarget = rule.id;
      return reply.code(201).send(toRuleView(rule));
    },
  );

  app.put(
    '/alert-rules/:id',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert_rule.update', fields: AUDITED } },
      schema: {
        summary: 'Change an alert rule (built-in ones too)',
        description: `Changes the given fields; the others stay. Disabling a rule resolves its open alerts. ${PARAMS_HELP}`,
        tags: ['alerts'],
        params: idParam,
        body: ruleChange,
        response: { 200: ruleView, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      request.auditTarget = request.params.id;
      const existing = await find(request.params.id);
      const change = request.body;
      const subject = (change.subject as RuleSubject | undefined) ?? existing.subject;
      // Params given replace the old ones; a subject change is checked against the params in force.
      const params = await checked(
        existing.kind,
        subject,
        change.params ?? existing.params,
        change.channelIds !== undefined ? change.channelIds : null,
      );
      const updated = await alertRules.update(
        existing.id,
        { ...change, subject, params } as Partial<AlertRule>,
        whoIs(request),
      );
      if (!updated) throw new HttpError(404, 'not_found', `No alert rule ${existing.id}`);
      return toRuleView(updated);
    },
  );

  app.delete(
    '/alert-rules/:id',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert_rule.delete', fields: [] } },
      schema: {
        summary: 'Delete an alert rule an admin made',
        description:
          'Its open alerts resolve at the next evaluation and stay in the history. Built-in rules: 409 (disable them).',
        tags: ['alerts'],
        params: idParam,
        response: {
          200: z.object({ removed: z.literal(true) }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      request.auditTarget = request.params.id;
      const rule = await find(request.params.id);
      if (rule.builtIn) {
        throw new HttpError(409, 'built_in', `"${rule.name}" is built in: disable it (enabled: false) instead`);
      }
      await alertRules.remove(rule.id);
      return { removed: true as const };
    },
  );
};
