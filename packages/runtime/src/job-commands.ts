import type { JobRecord } from '@scheduler/db';
import type { LifecycleEvent, State, Transition } from '@scheduler/lifecycle';
import { type TriggerDeps, type TriggerRequest, triggerJob } from './trigger.ts';

/** The lifecycle's table refused what was asked of a job; `state` is where the job stands. */
export class JobRefusedError extends Error {
  constructor(
    readonly jobId: string,
    readonly event: LifecycleEvent,
    readonly state: State,
    reason: string,
  ) {
    super(state === 'absent' ? `No job with id ${jobId}` : `Job ${jobId} cannot be ${VERB[event] ?? event}: ${reason}`);
    this.name = 'JobRefusedError';
  }
}

const VERB: Partial<Record<LifecycleEvent, string>> = {
  requestCancel: 'cancelled',
  retry: 'retried',
  remove: 'removed',
  promote: 'promoted',
};

/** The transition's record, or the refusal as an error. */
export function allowedOrThrow(id: string, event: LifecycleEvent, transition: Transition): JobRecord {
  if (!transition.allowed) throw new JobRefusedError(id, event, transition.from, transition.reason);
  if (!transition.record) throw new JobRefusedError(id, event, 'absent', 'no such job');
  return transition.record;
}

/**
 * Asks a job to stop. A queued job is cancelled at once and taken out of its queue (a worker
 * that took it meanwhile finds it cancelled and does not run it); a running one is flagged, and
 * its worker stops it at the next checkpoint.
 */
export async function cancelJob(deps: Pick<TriggerDeps, 'lifecycle' | 'queues' | 'log'>, id: string) {
  const record = allowedOrThrow(id, 'requestCancel', await deps.lifecycle.requestCancel(id));
  if (record.status === 'cancelled') {
    await deps.queues
      .get(record.jobType)
      ?.remove(id)
      .catch((error: unknown) => deps.log.warn({ err: error, jobId: id }, 'could not remove the job from its queue'));
  }
  return record;
}

/**
 * A new run of a failed or cancelled job: same type, payload (unless `payload` replaces it; the
 * caller has checked it against the type), priority and schedule, linked by retryOf. The
 * original stays as it is.
 */
export async function retryJob(
  deps: TriggerDeps,
  id: string,
  actor: Pick<TriggerRequest, 'startedBy' | 'startedByClerkId'>,
  payload?: Record<string, unknown>,
): Promise<JobRecord> {
  const original = allowedOrThrow(id, 'retry', await deps.lifecycle.apply(id, 'retry'));
  return triggerJob(deps, {
    jobType: original.jobType,
    payload: payload ?? original.payload,
    priority: original.priority,
    scheduleName: original.scheduleName,
    retryOf: original.id,
    ...actor,
  });
}
