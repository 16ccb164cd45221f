import { createWorkerHeartbeats, type WorkerHeartbeat } from '@scheduler/db';
import { sendWorkerCommand, type WorkerCommand } from '@scheduler/runtime';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { errorSchema } from './shared-schemas.ts';

/** Workers seen within this long are listed (stopped ones included); the table forgets them after a day. */
export const WORKERS_LISTED_WITHIN_MS = 3600_000;
/** How long a drain or resume waits for the worker's answer. */
export const WORKER_ACK_WAIT_MS = 3000;

const workerView = z.object({
  workerId: z.string().describe('host:pid of the process (a restart is a new worker)'),
  host: z.string(),
  pid: z.number().int(),
  version: z.string().nullable().describe('Package version, with `+commit` when the build knew its commit'),
  startedAt: z.string(),
  seenAt: z.string().describe('Its last heartbeat (Postgres clock)'),
  stoppedAt: z.string().nullable().describe('Set by a clean shutdown'),
  state: z
    .enum(['running', 'draining', 'stale', 'stopped'])
    .describe('stopped: shut down cleanly; stale: no heartbeat within staleAfterMs; draining: takes no new jobs'),
  stale: z.boolean(),
  draining: z.boolean().describe('It takes no new jobs (it said so in its heartbeat)'),
  drainRequestedAt: z.string().nullable().describe('When an admin asked it to drain (null: not asked, or resumed)'),
  drainingSince: z.string().nullable(),
  queues: z.array(z.object({ name: z.string(), concurrency: z.number().int().nullable() })),
  busy: z.number().int().describe('Jobs running now'),
  capacity: z.number().int().describe('Jobs it runs at once across its queues'),
  jobsCompleted: z.number().int().describe('Jobs completed since it started'),
  jobsFailed: z.number().int().describe('Jobs failed for good since it started (retried attempts not counted)'),
  rssBytes: z.number().int().nullable(),
  heapUsedBytes: z.number().int().nullable(),
});

const workerIdParam = z.strictObject({
  workerId: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[\w.:-]+$/, { message: 'must be a worker id such as host:1234' }),
});

const commandResponse = z.object({
  worker: workerView,
  acknowledged: z
    .boolean()
    .describe(
      'The worker answered within a few seconds. If not, it reads the request at its next heartbeat (recorded in Postgres)',
    ),
});

function view(w: WorkerHeartbeat): z.infer<typeof workerView> {
  const queues = w.queues.map((name) => ({ name, concurrency: w.concurrency[name] ?? null }));
  return {
    workerId: w.workerId,
    host: w.host,
    pid: w.pid,
    version: w.version,
    startedAt: w.startedAt.toISOString(),
    seenAt: w.seenAt.toISOString(),
    stoppedAt: w.stoppedAt?.toISOString() ?? null,
    state: w.stoppedAt ? 'stopped' : w.stale ? 'stale' : w.drainingSince ? 'draining' : 'running',
    stale: w.stale,
    draining: w.drainingSince !== null,
    drainRequestedAt: w.drainRequestedAt?.toISOString() ?? null,
    drainingSince: w.drainingSince?.toISOString() ?? null,
    queues,
    busy: w.stoppedAt ? 0 : w.busy,
    capacity: queues.reduce((sum, q) => sum + (q.concurrency ?? 0), 0),
    jobsCompleted: w.jobsCompleted,
    jobsFailed: w.jobsFailed,
    rssBytes: w.rssBytes,
    heapUsedBytes: w.heapUsedBytes,
  };
}

/** The worker processes, from their heartbeats; drain and resume one through Redis. */
export const workersRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const heartbeats = createWorkerHeartbeats(deps.sql);
  const staleAfterMs = deps.config.WORKER_LIVE_WITHIN_MS;

  app.get(
    '/workers',
    {
      schema: {
        summary: 'Worker processes seen in the last hour',
        description:
          'From their heartbeats (every WORKER_HEARTBEAT_MS): queues and concurrency, busy slots, jobs done since ' +
          'start, memory, draining. One not stopped and not seen within WORKER_LIVE_WITHIN_MS is stale.',
        tags: ['workers'],
        response: {
          200: z.object({
            workers: z.array(workerView),
            staleAfterMs: z.number().int(),
            now: z.string().describe("The server's clock, to show heartbeats as relative times"),
          }),
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async () => {
      const workers = await heartbeats.recent(WORKERS_LISTED_WITHIN_MS, staleAfterMs);
      // Live ones first, then stale, then stopped; oldest first within each, so rows keep their
      // places from one read to the next.
      const rank = { running: 0, draining: 0, stale: 1, stopped: 2 } as const;
      const views = workers
        .map(view)
        .sort(
          (a, b) =>
            rank[a.state] - rank[b.state] ||
            a.startedAt.localeCompare(b.startedAt) ||
            a.workerId.localeCompare(b.workerId),
        );
      return { workers: views, staleAfterMs, now: new Date().toISOString() };
    },
  );

  /** Records the wish in Postgres, then tells the worker over Redis and waits for its answer. */
  async function command(workerId: string, command: WorkerCommand) {
    const worker = await heartbeats.get(workerId, staleAfterMs);
    if (!worker) throw new HttpError(404, 'not_found', `No worker "${workerId}" has been seen (GET /api/workers)`);
    if (worker.stoppedAt) {
      throw new HttpError(409, 'worker_stopped', `Worker "${workerId}" stopped at ${worker.stoppedAt.toISOString()}`);
    }
    if (worker.stale) {
      throw new HttpError(
        409,
        'worker_stale',
        `Worker "${workerId}" has not been seen since ${worker.seenAt.toISOString()} (more than ${staleAfterMs} ms): it cannot be told anything`,
      );
    }
    if (command === 'resume' && !worker.drainRequestedAt && !worker.drainingSince) {
      throw new HttpError(409, 'not_draining', `Worker "${workerId}" is not draining`);
    }
    await heartbeats.requestDrain(workerId, command === 'drain');
    // Redis away: the request is recorded and the worker reads it with its next heartbeat.
    const ack = await sendWorkerCommand(
      deps.redis,
      deps.config.QUEUE_PREFIX,
      workerId,
      command,
      WORKER_ACK_WAIT_MS,
    ).catch(() => null);
    const after = (await heartbeats.get(workerId, staleAfterMs)) ?? worker;
    return { worker: view(after), acknowledged: ack !== null };
  }

  const commandResponses = {
    200: commandResponse,
    400: errorSchema,
    401: errorSchema,
    403: errorSchema,
    404: errorSchema,
    409: errorSchema,
  };

  /** A command route's handler: the worker is its audit target, and the audit says whether it acknowledged. */
  async function commandAudited(
    request: Pick<FastifyRequest, 'auditTarget' | 'auditAction'> & { params: { workerId: string } },
    kind: WorkerCommand,
  ) {
    const { workerId } = request.params;
    request.auditTarget = workerId;
    const answer = await command(workerId, kind);
    request.auditAction = { action: `worker.${kind}`, details: { acknowledged: answer.acknowledged } };
    return answer;
  }

  app.post(
    '/workers/:workerId/drain',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'worker.drain', fields: [] } },
      schema: {
        summary: 'Drain a worker: it finishes its running jobs and takes no new ones',
        description:
          'Sent to the worker through Redis and recorded on its heartbeat row; the answer says whether the worker ' +
          'acknowledged within a few seconds (it then shows draining). The process stays up, idle, until stopped or ' +
          'resumed; its queues are served by the other workers. 404 for an unknown worker, 409 for a stopped or stale one.',
        tags: ['workers'],
        params: workerIdParam,
        response: commandResponses,
      },
    },
    (request) => commandAudited(request, 'drain'),
  );

  app.post(
    '/workers/:workerId/resume',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'worker.resume', fields: [] } },
      schema: {
        summary: 'End a drain: the worker takes jobs again',
        description: '409 when it is not draining, stopped or stale.',
        tags: ['workers'],
        params: workerIdParam,
        response: commandResponses,
      },
    },
    (request) => commandAudited(request, 'resume'),
  );
};
