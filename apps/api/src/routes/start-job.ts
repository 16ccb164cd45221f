import type { JobRecord } from '@scheduler/db';
import { type TriggerRequest, triggerJob } from '@scheduler/runtime';
import type { FastifyRequest } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { actorOf } from '../plugins/auth.ts';
import { asJobHttpError } from './job-errors.ts';

/**
 * Every way the API starts a job (trigger, retry, run a schedule now): recorded and queued as
 * the caller authenticated (never as a body says), with the answer the API gives when it
 * cannot run.
 */
export async function startJob(
  deps: ApiDeps,
  request: FastifyRequest,
  job: Omit<TriggerRequest, 'startedBy' | 'startedByClerkId'>,
): Promise<JobRecord> {
  try {
    return await triggerJob(
      {
        catalogue: deps.catalogue,
        lifecycle: deps.lifecycle,
        queues: deps.queues,
        unqueued: deps.unqueued,
        log: request.log,
      },
      { ...job, ...actorOf(request.principal) },
    );
  } catch (error) {
    asJobHttpError(error);
  }
}
