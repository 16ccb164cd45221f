import { errorMessage } from '@scheduler/jobs';
import { type JobQueues, promoteJob, QueueControlError, removeJob, retryJob, triggerJob } from '@scheduler/runtime';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { errorBody, HttpError } from '../http-error.ts';
import { commandHttpError } from '../routes/job-errors.ts';
import { actorOf } from './auth.ts';

/**
 * What each of Bull Board's mutating API routes does here. Bull Board talks to Redis only, so
 * left alone its buttons would change jobs behind the record's back. Every one is either
 * carried out through the lifecycle (and audited, with the actor), let through because it
 * touches only Redis and the record stays right (audited too), or refused with a message that
 * says where to do it instead. A route not listed is refused.
 */
type BoardAction =
  | { audit: string; run: (call: BoardCall) => Promise<{ status: number; body?: unknown }> }
  | { audit: string; passThrough: true }
  | { refuse: string };

interface BoardCall {
  deps: ApiDeps;
  request: FastifyRequest;
  queue: Queue;
  queueName: string;
  params: Record<string, string>;
}

// Queued and delayed jobs are `pending` rows; these Redis states hold them.
const QUEUED_STATES = ['wait', 'waiting', 'delayed', 'paused', 'prioritized'];
const MAX_JOBS_PER_CALL = 1000;

const refuse = (refuse: string): BoardAction => ({ refuse });
const RECORD_OWNS_IT =
  "A job's payload and options are part of its record: cancel it and trigger a new one (POST /api/jobs/trigger), or retry it.";

const SCHEDULES_LIVE_IN_POSTGRES =
  'Schedules live in Postgres and are mirrored into Redis: change them with PUT /api/schedules/:name.';

/** Keyed by method and route as Bull Board declares it (after the board's base path). */
export const BOARD_ACTIONS: Record<string, BoardAction> = {
  'PUT /api/queues/:queueName/:jobId/retry': { audit: 'job.retry', run: retryOne },
  'PUT /api/queues/:queueName/retry/:queueStatus': { audit: 'queue.retry_all', run: retryAllFailed },
  'PUT /api/queues/:queueName/:jobId/clean': { audit: 'job.remove', run: removeOne },
  'PUT /api/queues/:queueName/clean/:queueStatus': { audit: 'queue.clean', run: cleanAll },
  'PUT /api/queues/:queueName/:jobId/promote': { audit: 'job.promote', run: promoteOne },
  'POST /api/queues/:queueName/add': { audit: 'job.trigger', run: addJob },
  // Pauses are on record (queue_pauses), as POST /api/queues/:type/pause and /resume make them.
  'PUT /api/queues/:queueName/pause': { audit: 'queue.pause', run: pauseOne },
  'PUT /api/queues/:queueName/resume': { audit: 'queue.resume', run: resumeOne },
  'PUT /api/queues/pause': { audit: 'queue.pause_all', run: pauseAll },
  'PUT /api/queues/resume': { audit: 'queue.resume_all', run: resumeAll },
  // Delayed jobs are pending rows and stay so when they run sooner.
  'PUT /api/queues/:queueName/promote': { audit: 'queue.promote_all', passThrough: true },
  'PUT /api/queues/:queueName/rate-limit/release': { audit: 'queue.rate_limit_release', passThrough: true },
  'POST /api/metrics/history/purge': { audit: 'board.metrics_purge', passThrough: true },
  'PATCH /api/queues/:queueName/:jobId/update-data': refuse(RECORD_OWNS_IT),
  'PATCH /api/queues/:queueName/:jobId/delay': refuse(RECORD_OWNS_IT),
  'PATCH /api/queues/:queueName/:jobId/priority': refuse(RECORD_OWNS_IT),
  'PUT /api/queues/:queueName/empty': refuse(
    'Emptying a queue would drop jobs that are on record as pending (the reconciler would queue them again): cancel them through the API.',
  ),
  'PUT /api/queues/:queueName/obliterate': refuse(
    'Obliterating a queue would drop jobs that are on record: cancel them through the API.',
  ),
  'PUT /api/queues/:queueName/concurrency': refuse(
    "Concurrency comes from the job type's definition and JOB_OVERRIDES, the same on every replica.",
  ),
  'PUT /api/queues/:queueName/rate-limit': refuse(
    "Rate limits come from the job type's definition and JOB_OVERRIDES, the same on every replica.",
  ),
  'PUT /api/queues/:queueName/job-schedulers/:schedulerId/remove': refuse(SCHEDULES_LIVE_IN_POSTGRES),
  'PATCH /api/queues/:queueName/job-schedulers/:schedulerId': refuse(SCHEDULES_LIVE_IN_POSTGRES),
  'PUT /api/queues/:queueName/job-schedulers/:schedulerId/run': refuse(
    'Run a schedule now with POST /api/schedules/:name/run, so the run is on record.',
  ),
};

/**
 * The hook on the full board: mutating calls go through BOARD_ACTIONS. Reads pass untouched.
 * `basePath` is where the board is mounted.
 */
export function boardActionHook(deps: ApiDeps, basePath: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    try {
      const route = (request.routeOptions.url ?? '').slice(basePath.length);
      const action = BOARD_ACTIONS[`${request.method} ${route}`] ?? refuse('Bull Board may not do this here.');
      if ('refuse' in action) throw new HttpError(403, 'not_allowed_here', action.refuse);
      const params = (request.params ?? {}) as Record<string, string>;
      request.auditAction = { action: action.audit, details: { via: 'bull-board', ...params } };
      request.auditTarget = params.jobId ?? params.queueName ?? null;
      if ('passThrough' in action) return;

      const queueName = params.queueName ?? '';
      // The routes of every queue at once name none.
      const queue = params.queueName === undefined ? (undefined as unknown as Queue) : queueOf(deps.queues, queueName);
      const outcome = await action.run({ deps, request, queue, queueName, params });
      return reply.code(outcome.status).send(outcome.body ?? {});
    } catch (error) {
      // Answered here, in the API's error shape: Bull Board's own error handler would make it a 500.
      const answer = commandHttpError(error);
      if (!answer) throw error;
      return reply.code(answer.statusCode).send(errorBody(answer.code, answer.message, answer.extra));
    }
  };
}

function queueOf(queues: JobQueues, name: string): Queue {
  const queue = queues.get(name);
  if (queue) return queue;
  if (name === queues.schedules.name) {
    throw new HttpError(403, 'not_allowed_here', 'Schedule ticks come from the schedules: use /api/schedules.');
  }
  throw new HttpError(404, 'not_found', `No queue named "${name}"`);
}

const triggerDeps = ({ deps, request }: BoardCall) => ({ ...deps, log: request.log });
/** Adds what the action did to the call's audit row. */
const noteInAudit = ({ request }: BoardCall, details: Record<string, unknown>) => {
  if (request.auditAction) Object.assign(request.auditAction.details, details);
};
const actorName = (request: FastifyRequest) => {
  const p = request.principal;
  return p?.kind === 'user' ? p.clerkUserId : (p?.id ?? 'someone');
};

/** Retry: a new run through the lifecycle (failed or cancelled only); the old run leaves Redis, its record stays. */
async function retryOne(call: BoardCall) {
  const jobId = call.params.jobId as string;
  const run = await retryJob(triggerDeps(call), jobId, actorOf(call.request.principal));
  await call.queue.remove(jobId).catch(() => 0);
  noteInAudit(call, { newJobId: run.id });
  return { status: 200, body: { retriedAs: run.id } };
}

/** "Retry all" of the failed tab: each failed job as retryOne; completed jobs are not run again. */
async function retryAllFailed(call: BoardCall) {
  if (call.params.queueStatus !== 'failed') {
    throw new HttpError(409, 'not_retryable', 'Only failed jobs can be retried; completed ones are not run again.');
  }
  const failed = await call.queue.getJobs(['failed'], 0, MAX_JOBS_PER_CALL - 1);
  const retried: string[] = [];
  const refused: Array<{ jobId: string; reason: string }> = [];
  for (const job of failed) {
    const jobId = job.id as string;
    try {
      const run = await retryJob(triggerDeps(call), jobId, actorOf(call.request.principal));
      await call.queue.remove(jobId).catch(() => 0);
      retried.push(run.id);
    } catch (error) {
      refused.push({ jobId, reason: errorMessage(error) });
    }
  }
  noteInAudit(call, { retried: retried.length, refused: refused.length });
  return { status: 200, body: { retried, refused } };
}

/** Remove: a queued job is cancelled on record first; a running one is refused (cancel it instead). */
async function removeOne(call: BoardCall) {
  const jobId = call.params.jobId as string;
  await removeThroughLifecycle(call, jobId);
  return { status: 204 };
}

const removeThroughLifecycle = (call: BoardCall, jobId: string) =>
  removeJob(
    triggerDeps(call),
    { queueName: call.queueName, jobId },
    `removed from its queue in Bull Board by ${actorName(call.request)}`,
  );

/** Clean: finished jobs leave Redis (their records stay); queued ones are removed one by one as above. */
async function cleanAll(call: BoardCall) {
  const state = call.params.queueStatus as string;
  if (state === 'completed' || state === 'failed') {
    await call.queue.clean(0, Number.MAX_SAFE_INTEGER, state);
    return { status: 200 };
  }
  if (!QUEUED_STATES.includes(state)) {
    throw new HttpError(409, 'not_removable', `Jobs that are ${state} cannot be cleaned: cancel them through the API.`);
  }
  const jobs = await call.queue.getJobs([state as 'wait'], 0, MAX_JOBS_PER_CALL - 1);
  let removed = 0;
  for (const job of jobs) {
    await removeThroughLifecycle(call, job.id as string).then(
      () => removed++,
      () => undefined,
    );
  }
  noteInAudit(call, { removed });
  return { status: 200, body: { removed } };
}

/** Pause: the same pause on record as POST /api/queues/:type/pause, without an end. */
async function pauseOne(call: BoardCall) {
  await call.deps.pauses.pause(call.queueName, {}, actorOf(call.request.principal));
  return { status: 200 };
}

/** Resume: the record's pause ends (a queue paused only in Redis is resumed too). */
async function resumeOne(call: BoardCall) {
  await call.deps.pauses.resume(call.queueName).catch((error: unknown) => {
    if (!(error instanceof QueueControlError && error.code === 'not_paused')) throw error;
  });
  return { status: 200 };
}

/** Every job type's queue, on record as pauseOne and resumeOne (schedule ticks wait by themselves). */
const everyType = ({ deps }: BoardCall) => deps.catalogue.names.filter((name) => deps.queues.get(name));

async function pauseAll(call: BoardCall) {
  const paused: string[] = [];
  for (const queueName of everyType(call)) {
    if ((await call.deps.pauses.current()).has(queueName)) continue;
    await pauseOne({ ...call, queueName });
    paused.push(queueName);
  }
  noteInAudit(call, { paused });
  return { status: 200 };
}

async function resumeAll(call: BoardCall) {
  const resumed = [...(await call.deps.pauses.current()).keys()];
  for (const queueName of resumed) await resumeOne({ ...call, queueName });
  noteInAudit(call, { resumed });
  return { status: 200 };
}

/** Promote: a delayed pending job runs now; anything else is refused by the table. */
async function promoteOne(call: BoardCall) {
  await promoteJob(triggerDeps(call), { queueName: call.queueName, jobId: call.params.jobId as string });
  return { status: 204 };
}

/**
 * Add job: a real trigger (a row first, then the queue), with the payload checked against the
 * type's schema. Bull Board's data is the queue job's data, `{ "payload": { ... } }`; options
 * come from the catalogue, so none may be given.
 */
async function addJob(call: BoardCall) {
  const body = (call.request.body ?? {}) as { data?: unknown; options?: unknown };
  const data = body.data ?? {};
  if (
    typeof data !== 'object' ||
    data === null ||
    Array.isArray(data) ||
    Object.keys(data).some((k) => k !== 'payload')
  ) {
    throw new HttpError(400, 'invalid_payload', 'data must be { "payload": { ... } }, the payload of the job type');
  }
  if (body.options && typeof body.options === 'object' && Object.keys(body.options).length > 0) {
    throw new HttpError(
      400,
      'options_not_allowed',
      'Job options (id, attempts, backoff, delay, priority) come from the job type; set priority with POST /api/jobs/trigger.',
    );
  }
  const payload = (data as { payload?: unknown }).payload ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new HttpError(400, 'invalid_payload', 'data.payload must be an object');
  }
  const job = await triggerJob(triggerDeps(call), {
    jobType: call.queueName,
    payload: payload as Record<string, unknown>,
    ...actorOf(call.request.principal),
  });
  call.request.auditTarget = job.id;
  return { status: 200, body: { jobId: job.id, job: { id: job.id }, status: job.status } };
}
