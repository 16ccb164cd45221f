import type { FastifyRequest } from 'fastify';
import type { ApiDeps } from './deps.ts';
import type { ViewContext } from './job-view.ts';
import { can, type Principal } from './plugins/auth.ts';

/** The context of job views for one caller: the shared reading of paused queues, and what the caller may do. */
export async function viewContextFor(deps: ApiDeps, principal: Principal | null): Promise<ViewContext> {
  return {
    catalogue: deps.catalogue,
    pausedTypes: await deps.pauses.current(),
    canWrite: principal !== null && can(principal, 'write'),
  };
}

/** The view context of a request's caller. */
export const viewContextOf = (deps: ApiDeps, request: FastifyRequest) => viewContextFor(deps, request.principal);
