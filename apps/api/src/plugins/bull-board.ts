import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import type { Access } from './auth.ts';

/** The full board (admins and services). */
export const BULL_BOARD_PATH = '/admin/queues';
/** The same board in read-only mode, which Bull Board enforces on its API too (moderators). */
export const BULL_BOARD_READ_ONLY_PATH = '/admin/queues-view';

// Bull Board's UI runs inline scripts that helmet's default policy blocks.
const BOARD_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

/**
 * Bull Board over every queue (one per job type), for operators, behind the API's
 * authentication. A moderator who opens the full board is sent to the read-only one.
 */
export async function bullBoardRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }) {
  await mountBoard(app, deps, BULL_BOARD_PATH, 'write', false);
  await mountBoard(app, deps, BULL_BOARD_READ_ONLY_PATH, 'read', true);
}

async function mountBoard(app: FastifyInstance, deps: ApiDeps, path: string, access: Access, readOnlyMode: boolean) {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(path);
  createBullBoard({
    queues: deps.queues.all().map((queue) => new BullMQAdapter(queue, { readOnlyMode })),
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
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', BOARD_CSP);
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: path });
  });
}
