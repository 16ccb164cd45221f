import { ALERT_KINDS, type Alert } from '@scheduler/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { alertView, idParam, toAlertView, whoIs } from './alert-schemas.ts';
import { errorSchema } from './shared-schemas.ts';

/** The longest silence: past it, an alert nobody wants should have its rule changed instead. */
const MAX_SILENCE_MS = 90 * 86_400_000;

const listQuery = z.strictObject({
  state: z.enum(['open', 'resolved', 'all']).default('all'),
  kind: z.enum(ALERT_KINDS).optional(),
  subject: z.string().min(1).max(200).optional().describe('A job type, schedule or queue name'),
  cursor: z.uuid({ message: 'must be the nextCursor of the previous page' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const silenceBody = z.strictObject({
  until: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-12-06T18:00:00Z' })
    .describe('No notification until then (at most 90 days ahead)'),
});

/** Alerts: open and past ones, and silencing them. */
export const alertsRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { alerts, alertRules } = deps;
  // Rules are few: their names are read whole with each answer.
  const ruleNames = async () => new Map((await alertRules.list()).map((rule) => [rule.id, rule.name]));
  const view = async (alert: Alert) => toAlertView(alert, (await ruleNames()).get(alert.ruleId));
  // Written by the evaluator (actor 'system'), not by a route: known to the audit filter all the same.
  app.auditActions.add('alert.open');
  app.auditActions.add('alert.resolve');

  const find = async (id: string) => {
    const alert = await alerts.get(id);
    if (!alert) throw new HttpError(404, 'not_found', `No alert ${id}`);
    return alert;
  };

  app.get(
    '/alerts',
    {
      schema: {
        summary: 'Alerts, newest first: open, resolved or all',
        description:
          'Each alert is one rule firing for one subject (a job type, schedule or queue): at most one is open per rule ' +
          'and subject, however often the condition recurs. Page with `cursor` = the previous `nextCursor`.',
        tags: ['alerts'],
        querystring: listQuery,
        response: {
          200: z.object({
            alerts: z.array(alertView),
            nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      if (cursor && !(await alerts.get(cursor))) {
        throw new HttpError(
          400,
          'validation_failed',
          'cursor: no such alert (use the nextCursor of the previous page)',
        );
      }
      const [page, names] = await Promise.all([alerts.list(request.query), ruleNames()]);
      return {
        alerts: page.map((alert) => toAlertView(alert, names.get(alert.ruleId))),
        nextCursor: page.length === limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    },
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        summary: 'One alert, with its notifications per channel',
        tags: ['alerts'],
        params: idParam,
        response: { 200: alertView, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => view(await find(request.params.id)),
  );

  app.post(
    '/alerts/:id/silence',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert.silence', fields: ['until'] } },
      schema: {
        summary: 'Silence an alert until a time',
        description:
          'No notification for this alert, nor for its rule and subject should it open again, until `until`. The ' +
          'alert still opens, resolves and stays in the history; if it is still open when the silence ends, it is ' +
          'notified then.',
        tags: ['alerts'],
        params: idParam,
        body: silenceBody,
        response: {
          200: alertView,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      request.auditTarget = request.params.id;
      const until = new Date(request.body.until);
      const now = Date.now();
      if (until.getTime() <= now) throw new HttpError(400, 'validation_failed', 'until: must be in the future');
      if (until.getTime() > now + MAX_SILENCE_MS) {
        throw new HttpError(
          400,
          'validation_failed',
          'until: at most 90 days ahead (change or disable the rule instead)',
        );
      }
      const alert = await alerts.silence(request.params.id, until, whoIs(request));
      if (!alert) throw new HttpError(404, 'not_found', `No alert ${request.params.id}`);
      return view(alert);
    },
  );

  app.post(
    '/alerts/:id/unsilence',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert.unsilence', fields: [] } },
      schema: {
        summary: 'End an alert’s silence now',
        description: 'An alert still open is notified at the next evaluation.',
        tags: ['alerts'],
        params: idParam,
        response: { 200: alertView, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      request.auditTarget = request.params.id;
      const alert = await alerts.unsilence(request.params.id);
      if (!alert) throw new HttpError(404, 'not_found', `No alert ${request.params.id}`);
      return view(alert);
    },
  );
};
