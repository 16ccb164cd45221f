import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every queue (one per job type), for operators. It sits behind the same
 * authentication as /api: its onRequest hook runs before any of the board's routes.
 */
export async function bullBoardRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }) {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: deps.queues.all().map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Stumbleable scheduler' } },
  });
  await app.register(async (scope) => {
    // Admins and services for now; moderators get a read-only board later.
    scope.addHook('onRequest', scope.requireAccess('write'));
    // Bull Board's UI runs inline scripts that helmet's default policy blocks.
    scope.addHook('onSend', async (_request, reply) => {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
      );
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  });
}
