import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { WorkerConfig } from '@scheduler/config';
import {
  createAuditLog,
  createJobHistory,
  createJobLogs,
  createJobStore,
  createScheduleMisses,
  createScheduleStore,
  createSql,
  createWorkerHeartbeats,
  isDatabaseUnavailable,
  type JobLogs,
  type JobStore,
  type WorkerBeat,
  type WorkerHeartbeats,
} from '@scheduler/db';
import {
  buildCatalogue,
  buildJobDeps,
  createCrawlClaims,
  errorMessage,
  type JobDefinition,
  type JobLogger,
  needsOf,
} from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import {
  createCrawlerClient,
  createEmailClient,
  createJobQueues,
  createOutageLog,
  createQueueControl,
  createRedis,
  createScheduleFiring,
  createScheduleMirror,
  createScheduleService,
  followPauses,
  isRedisUnavailable,
  keepConverging,
  keepSettling,
  listenForWorkerCommands,
  type OutageLog,
  SCHEDULE_QUEUE,
  scheduleRepeatStrategy,
  startAlertWatch,
} from '@scheduler/runtime';
import { Worker } from 'bullmq';
import workerPackage from '../package.json' with { type: 'json' };
import { createWorkerActivity } from './activity.ts';
import { createDrain } from './drain.ts';
import { startHealthServer } from './health-server.ts';
import { createWorkerMetrics } from './metrics.ts';
import { createProcessor, SHUTDOWN_REASON } from './processor.ts';
import { startReconciler } from './reconciler.ts';
import { createTickProcessor } from './schedule-ticks.ts';
import { createWriteBehind, WRITE_BEHIND_LIMIT } from './write-behind.ts';

export interface WorkerRuntime {
  workerId: string;
  /** Where /health and /health/ready answer. */
  healthPort: number;
  workers: Worker[];
  /** Whether it takes no new jobs (drained on request; see drain.ts). */
  readonly draining: boolean;
  /** Stops taking jobs, waits up to the grace period for running ones, closes every connection. */
  close(graceMs?: number): Promise<void>;
}

/**
 * One BullMQ worker per implemented job type (each with the type's concurrency), the
 * reconciler, and the connections they share. Any number of these may run against the same
 * Redis and Postgres.
 */
export interface WorkerOptions {
  /** Job types beyond the production catalogue (tests register theirs). */
  extraJobs?: readonly JobDefinition[];
}

export async function startWorkerRuntime(
  config: WorkerConfig,
  log: JobLogger,
  { extraJobs }: WorkerOptions = {},
): Promise<WorkerRuntime> {
  const workerId = `${hostname()}:${process.pid}`;
  const sql = createSql(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE, applicationName: 'scheduler-worker' });
  const redis = createRedis(config.REDIS_URL, 'worker');
  // ioredis reconnects by itself; say so in the log instead of an unhandled 'error' event.
  // An outage of either is logged when it starts and when it ends, with a count: not a line (and
  // a stack) per reconnect, per BullMQ connection, per job.
  const redisOutage = createOutageLog('Redis', log);
  const postgresOutage = createOutageLog('Postgres', log);
  const redisWentAway = (error: unknown, where: object) => {
    // BullMQ's own connections report the outage in words of their own: while the shared
    // connection is not ready, an error of any of them is the outage too.
    if (isRedisUnavailable(error) || redisOutage.down || redis.status !== 'ready') {
      redisOutage.failed(error, 'jobs wait in Redis; the worker reconnects');
      return;
    }
    // A job whose lock expired while Redis was away: BullMQ reports it from more than one place,
    // its stalled-job check runs the job again, and the stack says nothing more. One line a job.
    const lostLock = error instanceof Error ? /Missing lock for job ([^ .]+)/.exec(error.message)?.[1] : undefined;
    if (lostLock) {
      if (lostLocks.has(lostLock)) return;
      if (lostLocks.size >= 1000) lostLocks.clear();
      lostLocks.add(lostLock);
      log.warn({ ...where, jobId: lostLock }, 'lost the lock of a job (Redis was away); BullMQ runs it again');
      return;
    }
    log.error({ err: error, ...where }, 'worker error');
  };
  const lostLocks = new Set<string>();
  // ioredis reconnects by itself; without a listener its 'error' event would crash the process.
  redis.on('error', (error) => redisWentAway(error, { connection: 'worker' }));
  const catalogue = buildCatalogue({ extraJobs, overrides: config.JOB_OVERRIDES });
  const jobs = createJobStore(sql);
  const lifecycle = createLifecycleStore(sql);
  const writeBehind = createWriteBehind();
  // Outcomes Postgres cannot take yet are kept until it can, until the process gives up on it.
  const giveUp = new AbortController();
  // Each outcome in flight listens to it until written (see race-abort.ts): up to every job
  // running and every completion written behind at once. Past that Node's warning means a leak.
  const slots = catalogue.all.reduce((sum, definition) => sum + definition.defaults.concurrency, 0);
  setMaxListeners(WRITE_BEHIND_LIMIT + slots, giveUp.signal);
  const queues = createJobQueues(catalogue, redis, config.QUEUE_PREFIX);
  const service = { timeoutMs: config.HTTP_TIMEOUT_MS, serviceKey: config.SCHEDULER_SERVICE_KEY };
  // What the catalogue's types need, each built once and shared by every worker of the process.
  const jobDeps = buildJobDeps(needsOf(catalogue.all), {
    sql,
    catalogue,
    crawler: () => createCrawlerClient({ ...service, baseUrl: config.CRAWLER_SERVICE_URL }),
    email: () => createEmailClient({ ...service, baseUrl: config.EMAIL_SERVICE_URL }),
  });

  // Queue pauses are on record in Postgres; each process makes BullMQ's flags match them, and a
  // job of a paused type that reaches this worker anyway (the flag lost with Redis's data, before
  // the next pass sets it again) is put back rather than started.
  const audit = createAuditLog(sql);
  const pauses = createQueueControl({ sql, queues, types: catalogue.names, audit });

  const metrics = createWorkerMetrics();
  // What the heartbeat reports of the work, and the drain an admin may ask for.
  const activity = createWorkerActivity();
  const drain = createDrain(() => workers);
  const jobLogs = createJobLogs(sql);
  metrics.watchJobLogs(jobLogs);
  // What every BullMQ worker of this process shares; each starts once all are built.
  const workerBase = {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    lockDuration: config.WORKER_LOCK_DURATION_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    autorun: false,
  };
  const workers: Worker[] = catalogue.all
    .filter((definition) => definition.handler)
    .map((definition) => {
      const worker = new Worker(
        definition.name,
        activity.counted(
          drain.guarded(
            createProcessor(definition, {
              lifecycle,
              jobDeps,
              workerId,
              log,
              metrics,
              activity,
              jobLogs,
              writeBehind,
              giveUp: giveUp.signal,
              postgresAnswers: () => sql`SELECT 1`,
              postgresOutage,
              queuePaused: () => pauses.pausedNow(definition.name),
            }),
          ),
        ),
        {
          ...workerBase,
          concurrency: definition.defaults.concurrency,
          ...(definition.defaults.rateLimit
            ? {
                limiter: { max: definition.defaults.rateLimit.max, duration: definition.defaults.rateLimit.durationMs },
              }
            : {}),
          maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
        },
      );
      worker.on('error', (error) => redisWentAway(error, { jobType: definition.name }));
      worker.on('stalled', (jobId) => {
        metrics.stalledRecovered(definition.name);
        log.warn({ jobId, jobType: definition.name }, 'job stalled; BullMQ requeued it');
      });
      return worker;
    });

  // Schedule ticks: every replica takes them, BullMQ hands each slot to exactly one; the firing
  // engine decides what each slot does, and its settling pass handles the slots no tick brought.
  const schedules = createScheduleStore(sql);
  const heartbeats = createWorkerHeartbeats(sql);
  const scheduleMirror = createScheduleMirror(schedules, queues.schedules);
  const firing = createScheduleFiring({
    sql,
    schedules,
    misses: createScheduleMisses(sql),
    heartbeats,
    trigger: { catalogue, lifecycle, queues, log },
    mirror: scheduleMirror,
    audit,
    jobLogs,
    log,
    liveWithinMs: config.WORKER_LIVE_WITHIN_MS,
  });
  const ticks = new Worker(
    SCHEDULE_QUEUE,
    createTickProcessor({ firing, log }),
    // A stalled tick is delivered again (its slot still makes one run): BullMQ's default count.
    // The next slot is worked out by the project's next-time function (daylight saving).
    { ...workerBase, concurrency: 5, settings: { repeatStrategy: scheduleRepeatStrategy } },
  );
  ticks.on('error', (error) => redisWentAway(error, { queue: SCHEDULE_QUEUE }));
  ticks.on('failed', (tick, error) =>
    log.error({ err: error, schedule: tick?.data.scheduleName, slot: tick?.id }, 'schedule tick failed'),
  );
  workers.push(ticks);

  // Says which queues this process serves before it takes anything (a slot is run only while its
  // queue is served), then every few seconds with how busy it is; a clean shutdown says it stopped.
  const identity = {
    workerId,
    host: hostname(),
    pid: process.pid,
    queues: workers.map((w) => w.name),
    startedAt: new Date(),
    version: config.GIT_COMMIT ? `${workerPackage.version}+${config.GIT_COMMIT.slice(0, 12)}` : workerPackage.version,
    concurrency: Object.fromEntries(workers.map((w) => [w.name, w.concurrency])),
  };
  const heartbeat = keepBeating(
    heartbeats,
    (): WorkerBeat => {
      const memory = process.memoryUsage();
      return {
        ...identity,
        busy: activity.busy,
        jobsCompleted: activity.completed,
        jobsFailed: activity.failed,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        draining: drain.draining,
      };
    },
    config.WORKER_HEARTBEAT_MS,
    // The drain an admin recorded, read back with each beat: a command missed on Redis arrives.
    async (drainRequested) => {
      if (drainRequested === drain.draining) return;
      log.warn({ workerId }, drainRequested ? 'draining (asked to): no new jobs' : 'taking jobs again (asked to)');
      await (drainRequested ? drain.start() : drain.resume());
    },
    (error) => postgresOutage.failed(error, 'the heartbeat waits for it'),
  );
  await heartbeat.first;
  // The pauses on record are in BullMQ before this process takes a job (a restart, a lost Redis).
  // After that, a pause made anywhere reaches it at once (NOTIFY), and a slow pass puts right what
  // a lost notification or a Redis that lost its flag left wrong.
  const pausing = followPauses(pauses, {
    databaseUrl: config.DATABASE_URL,
    safetyIntervalMs: config.QUEUE_PAUSE_SAFETY_INTERVAL_MS,
    log,
    onError: (error) => {
      if (isDatabaseUnavailable(error)) postgresOutage.failed(error, 'queue pauses are applied once it answers');
      else if (isRedisUnavailable(error)) redisOutage.failed(error, 'queue pauses are applied once it answers');
      else log.warn({ reason: errorMessage(error) }, 'could not apply the queue pauses yet; trying again');
    },
  });
  await pausing.first;
  // Workers gone for a day are forgotten (each start of a process is a new worker id).
  void heartbeats.prune(24 * 3600_000).catch(() => {});
  for (const worker of workers) {
    worker.run().catch((error: unknown) => log.error({ err: error }, 'worker stopped unexpectedly'));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // Every replica brings the declared schedules in line with its code and makes Redis match the
  // schedules table when it starts (idempotent, one replica at a time), and keeps trying while
  // Postgres or Redis is away.
  const scheduleService = createScheduleService({ store: schedules, mirror: scheduleMirror, catalogue });
  const scheduleSync = keepConverging(
    scheduleMirror,
    config.INSTALL_DEFAULT_SCHEDULES ? { reconcile: scheduleService.reconcileDeclared } : {},
    log,
  );
  const settling = keepSettling(firing, config.SCHEDULE_SETTLE_MS, (error) => {
    if (isDatabaseUnavailable(error)) postgresOutage.failed(error, 'schedule slots are settled once it answers');
    else if (isRedisUnavailable(error)) redisOutage.failed(error, 'schedule slots are settled once it answers');
    else log.error({ err: error }, 'settling schedule slots failed');
  });

  // Drain and resume reach this process through Redis at once; it answers once its row says so.
  const commands = listenForWorkerCommands(
    redis,
    config.QUEUE_PREFIX,
    workerId,
    async (command) => {
      log.warn({ workerId, command }, command === 'drain' ? 'draining on request: no new jobs' : 'taking jobs again');
      await (command === 'drain' ? drain.start() : drain.resume());
      await heartbeat.now();
      return { draining: drain.draining };
    },
    (error) => redisWentAway(error, { connection: 'worker commands' }),
  );
  await commands.subscribed;

  const cancelWatch = watchCancelRequests(
    { jobs, jobLogs, workerId, workers, log, postgresOutage },
    config.CANCEL_POLL_INTERVAL_MS,
  );

  const health = await startHealthServer(
    config.WORKER_HEALTH_PORT,
    config.HOST,
    {
      postgres: () => sql`SELECT 1`,
      redis: () => redis.ping(),
      workers: async () => {
        // A drained worker is paused on purpose, not stopped.
        const stopped = workers.filter((w) => !w.isRunning() && !w.isPaused()).map((w) => w.name);
        if (stopped.length > 0) throw new Error(`not running: ${stopped.join(', ')}`);
      },
    },
    {
      metrics: metrics.registry,
      metricsToken: config.METRICS_TOKEN,
      onUnready: (problems, message) => log.warn({ problems }, `unready: ${message}`),
    },
  );

  const reconciler = config.RUN_RECONCILER
    ? startReconciler(
        {
          jobs,
          lifecycle,
          queues,
          crawlClaims: createCrawlClaims(sql),
          log,
          graceMs: config.RECONCILE_GRACE_MS,
          history: createJobHistory(sql),
        },
        config.RECONCILE_INTERVAL_MS,
      )
    : null;
  // Redis back after an outage: queue at once what was recorded meanwhile, rather than at the
  // next pass.
  let redisLost = false;
  redis.on('close', () => {
    redisLost = true;
  });
  redis.on('ready', () => {
    if (!redisLost) return;
    redisLost = false;
    redisOutage.recovered();
    log.info('Redis is back; reconciling now');
    // Its pause flags may be gone with its data: set them again before the jobs it lost are queued.
    void pauses
      .apply(log)
      .catch(() => {})
      .finally(() => reconciler?.runNow());
  });
  // The alert evaluator runs in one replica at a time, worker or API (a lease in Postgres):
  // started here too, so alerts go out while every API replica is down.
  const alertWatch = startAlertWatch({
    sql,
    settings: config,
    jobTypes: catalogue.all.filter((d) => d.handler).map((d) => d.name),
    pausedQueues: async () => new Set((await pauses.current()).keys()),
    email: createEmailClient({ ...service, baseUrl: config.EMAIL_SERVICE_URL, retries: 0 }),
    log,
  });
  log.info({ workerId, types: workers.map((w) => w.name), healthPort: health.port }, 'worker started');

  return {
    workerId,
    healthPort: health.port,
    workers,
    get draining() {
      return drain.draining;
    },
    async close(graceMs = config.SHUTDOWN_GRACE_MS) {
      await alertWatch?.stop();
      commands.close();
      scheduleSync.stop();
      cancelWatch.stop();
      await settling.stop();
      heartbeat.stop();
      await reconciler?.stop();
      await pausing.stop();
      const deadline = Date.now() + graceMs;
      const drained = Promise.all(workers.map((w) => w.close())).then(() => true);
      const inTime = await Promise.race([drained, sleep(graceMs).then(() => false)]);
      // Outcomes still waiting for Postgres get what is left of the grace, then BullMQ and the
      // reconciler keep them.
      if (inTime) await Promise.race([writeBehind.drain(), sleep(Math.max(0, deadline - Date.now()))]);
      giveUp.abort();
      if (!inTime) {
        // Jobs still running are abandoned; their locks expire and BullMQ's stalled-job check
        // on another replica puts them back in the queue.
        log.warn({ graceMs }, 'jobs still running after the grace period; stopping them for another worker to take');
        // Their handlers stop at their next checkpoint and record nothing; their locks expire and
        // BullMQ's stalled-job check on another replica takes them up again.
        for (const worker of workers) worker.cancelAllJobs(SHUTDOWN_REASON);
        // Not awaited: BullMQ hands a second close the first one's promise, which waits for the
        // very jobs being left behind. Closing the connections below ends them.
        for (const worker of workers) void worker.close(true).catch(() => {});
        await sleep(200);
      }
      await writeBehind.drain();
      // Gone on purpose: its queues are no longer served by it (not a lost worker).
      await heartbeats
        .stopped(workerId)
        .catch((error: unknown) => log.warn({ err: error }, 'could not record the stop'));
      const logsWritten = await jobLogs.flush(1000);
      if (!logsWritten) log.warn({ lines: jobLogs.pending }, 'job log lines not written to Postgres before exit');
      await health.close();
      await queues.close();
      redis.disconnect();
      await sql.end({ timeout: 5 });
      log.info({ workerId }, 'worker stopped');
    },
  };
}

/**
 * A cancel request reaches the process that runs the job: BullMQ's worker.cancelJob only
 * reaches jobs of its own worker instance, so each replica polls the rows it runs for
 * requests (one indexed query) and signals its own workers. Polling needs nothing beyond
 * Postgres, so a request made while Redis is away still arrives.
 */
function watchCancelRequests(
  deps: {
    jobs: JobStore;
    jobLogs: JobLogs;
    workerId: string;
    workers: Worker[];
    log: JobLogger;
    postgresOutage: OutageLog;
  },
  everyMs: number,
) {
  const signalled = new Set<string>();
  const timer = setInterval(async () => {
    try {
      const ids = await deps.jobs.cancelRequestsFor(deps.workerId);
      deps.postgresOutage.recovered();
      for (const id of ids) {
        if (signalled.has(id)) continue;
        const reached = deps.workers.some((w) => w.cancelJob(id, 'cancelled on request'));
        if (reached) {
          signalled.add(id);
          deps.log.info({ jobId: id }, 'cancel request passed to the running job');
          // In the job's own log too: whoever asked sees that its worker has the request.
          deps.jobLogs.append({
            jobId: id,
            level: 'info',
            message: `stop request received by worker ${deps.workerId}: stopping at the next checkpoint`,
            data: { cancel: 'acknowledged', workerId: deps.workerId },
          });
        }
      }
      // Forget jobs that have settled.
      for (const id of signalled) if (!ids.includes(id)) signalled.delete(id);
    } catch (error) {
      if (isDatabaseUnavailable(error))
        deps.postgresOutage.failed(error, 'running jobs keep their outcomes until it answers');
      else deps.log.warn({ err: error }, 'could not look for cancel requests');
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Records a heartbeat now (`first`), every `everyMs` and when asked (`now`); a beat Postgres does
 * not take is tried again at the next one. Each beat answers whether an admin asked for a drain;
 * `onAnswer` gets it, except from a beat sent before the last command arrived: the API records a
 * request before it sends the command, so such a beat may have read the row before that.
 */
function keepBeating(
  heartbeats: WorkerHeartbeats,
  snapshot: () => WorkerBeat,
  everyMs: number,
  onAnswer: (drainRequested: boolean) => Promise<void>,
  onError: (error: unknown) => void,
) {
  let sent = 0;
  let lastCommandAfter = 0;
  const beat = async () => {
    const seq = ++sent;
    try {
      const { drainRequested } = await heartbeats.beat(snapshot());
      if (seq > lastCommandAfter) await onAnswer(drainRequested);
    } catch (error) {
      onError(error);
    }
  };
  const first = beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return {
    first,
    /** A beat now, once a command is carried out (the row then says so before the answer goes). */
    now: () => {
      lastCommandAfter = sent;
      return beat();
    },
    stop: () => clearInterval(timer),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
