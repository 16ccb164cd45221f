import { isJobId } from '@scheduler/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { bigintIdParam, errorSchema, isoDateParam, pageParams } from './shared-schemas.ts';

const auditQuery = z
  .strictObject({
    actor: z.string().min(1).max(200).optional().describe("A users.id, a Clerk user id, or 'service'"),
    action: z.string().min(1).max(100).optional().describe('One audited action, e.g. job.trigger'),
    from: isoDateParam.optional(),
    to: isoDateParam.optional(),
    after: bigintIdParam('the id of the last entry of the previous page').optional(),
    ...pageParams,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" must not be after "to"', path: ['from'] })
  .refine((q) => !q.after || q.page === 1, { message: 'use "after" or "page", not both', path: ['after'] });

/** What an entry's target is, so a reader can link it: a job (by id), a schedule (by name), or neither. */
export function targetKindOf(action: string, target: string | null): 'job' | 'schedule' | null {
  if (target === null) return null;
  if (action.startsWith('job.') && isJobId(target)) return 'job';
  if (action.startsWith('schedule.')) return 'schedule';
  return null;
}

const auditEntry = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actorKind: z.enum(['user', 'service']),
  actorUserId: z.string().nullable(),
  actorClerkId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  targetKind: z
    .enum(['job', 'schedule'])
    .nullable()
    .describe('What target names: a job id, a schedule name, or something else (a queue) or nothing'),
  details: z.record(z.string(), z.unknown()),
  statusCode: z.number().int(),
  outcome: z.enum(['succeeded', 'rejected', 'failed']),
  clientIp: z.string().nullable(),
  requestId: z.string().nullable(),
});

/** The audit trail, for admins. */
export const auditRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/audit',
    {
      onRequest: app.requireAccess('write'),
      schema: {
        summary: 'Audit trail of admin and service actions, newest first',
        tags: ['audit'],
        querystring: auditQuery,
        response: {
          200: z.object({
            entries: z.array(auditEntry),
            total: z.number().int().describe('Matches, counted up to 10,000'),
            totalIsExact: z.boolean().describe('False when there are more than 10,000 matches'),
            nextAfter: z
              .string()
              .nullable()
              .describe('Pass as `after` for the next page (cheaper than deep `page`s); null on the last page'),
            page: z.number().int(),
            limit: z.number().int(),
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => {
      const { action } = request.query;
      // As the jobs list does for an unknown type: a filter that can match nothing is a mistake.
      if (action !== undefined && !app.auditActions.has(action)) {
        const known = [...app.auditActions].sort();
        throw new HttpError(400, 'unknown_action', `Unknown action "${action}". Known actions: ${known.join(', ')}`, {
          known,
        });
      }
      const { entries, total, totalIsExact } = await deps.auditLog.list(request.query);
      const last = entries.length === request.query.limit ? entries[entries.length - 1] : undefined;
      return {
        entries: entries.map((e) => ({
          ...e,
          occurredAt: e.occurredAt.toISOString(),
          targetKind: targetKindOf(e.action, e.target),
        })),
        total,
        totalIsExact,
        nextAfter: last?.id ?? null,
        page: request.query.page,
        limit: request.query.limit,
      };
    },
  );
};
