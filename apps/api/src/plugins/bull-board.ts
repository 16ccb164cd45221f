import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { CANCELLED_REASON_PREFIX } from '@scheduler/lifecycle';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import type { Access } from './auth.ts';
import { BOARD_ACTIONS, boardActionHook } from './bull-board-actions.ts';
import { DASHBOARD_PATH } from './dashboard.ts';

/** The full board (admins and services). */
export const BULL_BOARD_PATH = '/admin/queues';
/** The same board in read-only mode, which Bull Board enforces on its API too (moderators). */
export const BULL_BOARD_READ_ONLY_PATH = '/admin/queues-view';

// Bull Board's page loads its scripts from files (no inline script), so scripts stay 'self';
// its styles are partly inline. Nothing may frame it, nor change where its links and forms lead.
export const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Bull Board over every queue (one per job type), for operators, behind the API's
 * authentication. A moderator who opens the full board is sent to the read-only one.
 */
export async function bullBoardRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }) {
  for (const action of Object.values(BOARD_ACTIONS)) if ('audit' in action) app.auditActions.add(action.audit);
  await mountBoard(app, deps, BULL_BOARD_PATH, 'write', false);
  await mountBoard(app, deps, BULL_BOARD_READ_ONLY_PATH, 'read', true);
}

async function mountBoard(app: FastifyInstance, deps: ApiDeps, path: string, access: Access, readOnlyMode: boolean) {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(path);
  createBullBoard({
    queues: deps.queues.all().map((queue) => boardAdapter(deps, queue, readOnlyMode)),
    serverAdapter,
    options: { uiConfig: { boardTitle: readOnlyMode ? 'Stumbleable scheduler (read only)' : 'Stumbleable scheduler' } },
  });
  await app.register(async (scope) => {
    if (!readOnlyMode) {
      scope.addHook('onRequest', async (request, reply) => {
        await scope.requireAccess('read')(request, reply);
        if (reply.sent) return reply;
        const wantsPage = request.method === 'GET' && request.url.split('?')[0]?.replace(/\/$/, '') === path;
        if (request.principal?.role === 'moderator' && wantsPage) return reply.redirect(BULL_BOARD_READ_ONLY_PATH);
        return undefined;
      });
    }
    scope.addHook('onRequest', scope.requireAccess(access));
    // Every button that changes something goes through the lifecycle, or is refused.
    if (!readOnlyMode) scope.addHook('preHandler', boardActionHook(deps, path));
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', BOARD_CSP);
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: path });
  });
}

/**
 * One queue as the board shows it: the type's description, its payload schema for "add job",
 * a cancelled job named as such, and a link to the job's page on the dashboard.
 */
function boardAdapter(deps: ApiDeps, queue: Queue, readOnlyMode: boolean) {
  const definition = deps.catalogue.get(queue.name);
  const adapter = new BullMQAdapter(queue, {
    readOnlyMode,
    description: definition?.description ?? 'Ticks of the recurring schedules (edit them with /api/schedules)',
    // The job's page on the dashboard: its record, attempts, logs and what can be done to it.
    externalJobUrl: definition
      ? (job) => ({ href: `${DASHBOARD_PATH}/jobs/${job.id}`, displayText: 'Its record' })
      : undefined,
    ...(definition
      ? {
          jobDataSchema: {
            type: 'object',
            properties: { payload: z.toJSONSchema(definition.payload, { io: 'input', unrepresentable: 'any' }) },
            additionalProperties: false,
          },
        }
      : {}),
  });
  adapter.setFormatter('name', (job: { name?: string; failedReason?: string }) =>
    job.failedReason?.startsWith(CANCELLED_REASON_PREFIX) ? `${job.name} (cancelled)` : (job.name ?? ''),
  );
  return adapter;
}
