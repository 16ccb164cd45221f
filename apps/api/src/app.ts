import { isDatabaseUnavailable } from '@scheduler/db';
import { errorMessage } from '@scheduler/jobs';
import {
  createRedactingLogger,
  followPauses,
  isRedisUnavailable,
  keepConverging,
  type PauseChange,
  type PauseFollower,
  prettyDestination,
  startAlertWatch,
  startBulkRunner,
  type Watch,
} from '@scheduler/runtime';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { watchDatabase } from './database-watch.ts';
import type { ApiDeps } from './deps.ts';
import { createEventHub } from './event-hub.ts';
import { createEventJobReader } from './event-jobs.ts';
import { bodyIdleTimeoutPlugin, timeoutOptions } from './http-timeouts.ts';
import { auditPlugin } from './plugins/audit.ts';
import { authPlugin } from './plugins/auth.ts';
import { bullBoardRoutes } from './plugins/bull-board.ts';
import { issuerOfPublishableKey } from './plugins/clerk-claims.ts';
import { dashboardRoutes } from './plugins/dashboard.ts';
import { databaseUnavailable, errorsPlugin } from './plugins/errors.ts';
import { faviconRoute } from './plugins/favicon.ts';
import { hardeningPlugin } from './plugins/hardening.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import { inputGuardPlugin } from './plugins/input-guard.ts';
import { methodNotAllowedPlugin } from './plugins/method-not-allowed.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { docsRoutes, openApiPlugin } from './plugins/openapi.ts';
import { rateLimitsPlugin } from './plugins/rate-limits.ts';
import { requestLogPlugin } from './plugins/request-log.ts';
import { requestIdOf } from './request-id.ts';
import { alertChannelsRoutes } from './routes/alert-channels.ts';
import { alertRulesRoutes } from './routes/alert-rules.ts';
import { alertsRoutes } from './routes/alerts.ts';
import { archiveRoutes } from './routes/archive.ts';
import { audienceRoutes } from './routes/audience.ts';
import { auditRoutes } from './routes/audit.ts';
import { bulkOperationsRoutes } from './routes/bulk-operations.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { eventsRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { historyRoutes } from './routes/history.ts';
import { jobsRoutes } from './routes/jobs.ts';
import { overviewRoutes } from './routes/overview.ts';
import { queuesRoutes } from './routes/queues.ts';
import { retentionRoutes } from './routes/retention.ts';
import { retryWaitsRoutes } from './routes/retry-waits.ts';
import { scheduleMissesRoutes } from './routes/schedule-misses.ts';
import { schedulePreviewRoutes } from './routes/schedule-preview.ts';
import { schedulesRoutes } from './routes/schedules.ts';
import { sessionRoutes } from './routes/session.ts';
import { workersRoutes } from './routes/workers.ts';
import { createStatsSource } from './stats.ts';

/**
 * The whole API as one plugin, with no `listen`: server.ts listens, tests use `inject`.
 * Closing the app closes the connections in `deps`.
 */
export async function app(fastify: FastifyInstance, { deps }: { deps: ApiDeps }) {
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  // Write routes take JSON only; anything else is a 415, not a guess.
  fastify.removeContentTypeParser('text/plain');
  // An empty body sent as JSON (as clients do for POST /cancel) is no body, not malformed JSON.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return parseJson(request, body as string, done);
  });
  await fastify.register(methodNotAllowedPlugin);
  await fastify.register(requestLogPlugin);
  await fastify.register(bodyIdleTimeoutPlugin, { idleMs: deps.config.REQUEST_IDLE_TIMEOUT_MS });

  // Whether Postgres answers: routes that need it answer 503 at once while it does not.
  const database = watchDatabase(deps.sql, fastify.log);
  // A Redis outage met by triggers is logged once when it starts and once when it ends.
  deps.unqueued.logTo(fastify.log);
  await fastify.register(errorsPlugin, { onDatabaseUnavailable: (error: unknown) => database.saw(error) });
  await fastify.register(inputGuardPlugin);
  await fastify.register(openApiPlugin);
  const { config } = deps;
  await fastify.register(authPlugin, {
    serviceKey: config.SCHEDULER_SERVICE_KEY,
    users: deps.users,
    sessions: deps.sessions,
    allowedOrigins: config.ALLOWED_ORIGINS,
    clerk:
      config.CLERK_JWT_KEY || config.CLERK_SECRET_KEY
        ? {
            jwtKey: config.CLERK_JWT_KEY,
            secretKey: config.CLERK_SECRET_KEY,
            authorizedParties: config.ALLOWED_ORIGINS,
            claims: {
              // The config refuses Clerk settings with neither (requireClerkIssuer).
              issuer:
                config.CLERK_ISSUER ??
                (config.CLERK_PUBLISHABLE_KEY ? issuerOfPublishableKey(config.CLERK_PUBLISHABLE_KEY) : null) ??
                '',
              maxLifetimeS: Math.floor(config.CLERK_TOKEN_MAX_LIFETIME_MS / 1000),
            },
          }
        : null,
  });
  await fastify.register(auditPlugin, {
    auditLog: deps.auditLog,
    onDatabaseUnavailable: (error: unknown, what: 'audit row') => database.saw(error, what),
  });
  await fastify.register(hardeningPlugin, { allowedOrigins: deps.config.ALLOWED_ORIGINS });
  // Before every route: each one's budget is spent in its onRequest hooks.
  await fastify.register(rateLimitsPlugin, {
    redis: deps.redis,
    queuePrefix: config.QUEUE_PREFIX,
    writesPerMinute: config.RATE_LIMIT_WRITES_PER_MINUTE,
    readsPerMinute: config.RATE_LIMIT_READS_PER_MINUTE,
    authFailuresPerMinute: config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
  });
  await fastify.register(healthRoutes, { deps, database });
  await fastify.register(faviconRoute);
  await fastify.register(sessionRoutes, { deps, prefix: '/api' });
  await fastify.register(metricsPlugin, { queues: deps.queues, sql: deps.sql, token: config.METRICS_TOKEN });

  // Everything below requires authentication.
  // One poller of job_events for every event stream this process serves.
  const withJobs = createEventJobReader(deps.jobs, deps.pauses);
  const events = createEventHub(deps.jobEvents, withJobs, (error) =>
    fastify.log.warn({ err: error }, 'could not read job events'),
  );
  // Queue pauses made, changed or ended anywhere, as this process hears them: for the event streams
  // (the follower that hears them starts once the app is ready).
  const pauseListeners = new Set<(change: PauseChange) => void>();
  const pauseChanges = {
    subscribe(listener: (change: PauseChange) => void) {
      pauseListeners.add(listener);
      return () => pauseListeners.delete(listener);
    },
  };
  // Per-type figures, shared by /api/stats and /api/overview.
  const stats = createStatsSource(deps);
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', scope.requireAccess('read'));
    scope.addHook('onRequest', async () => {
      if (database.problem) throw databaseUnavailable();
    });
    // Every command below honours Idempotency-Key (before the routes: it adds the header to each).
    await scope.register(idempotencyPlugin, { keys: deps.idempotencyKeys });
    await scope.register(jobsRoutes, { deps, prefix: '/api' });
    await scope.register(auditRoutes, { deps, prefix: '/api' });
    await scope.register(schedulesRoutes, { deps, prefix: '/api' });
    await scope.register(schedulePreviewRoutes, { deps, prefix: '/api' });
    await scope.register(scheduleMissesRoutes, { deps, prefix: '/api' });
    await scope.register(catalogueRoutes, { deps, stats, prefix: '/api' });
    await scope.register(audienceRoutes, { deps, prefix: '/api' });
    await scope.register(historyRoutes, { deps, prefix: '/api' });
    await scope.register(overviewRoutes, { deps, stats, prefix: '/api' });
    await scope.register(eventsRoutes, { deps, hub: events, withJobs, pauseChanges, prefix: '/api' });
    await scope.register(alertsRoutes, { deps, prefix: '/api' });
    await scope.register(alertRulesRoutes, { deps, prefix: '/api' });
    await scope.register(alertChannelsRoutes, { deps, prefix: '/api' });
    await scope.register(workersRoutes, { deps, prefix: '/api' });
    await scope.register(retryWaitsRoutes, { deps, prefix: '/api' });
    await scope.register(retentionRoutes, { deps, prefix: '/api' });
    await scope.register(archiveRoutes, { deps, prefix: '/api' });
    await scope.register(queuesRoutes, { deps, prefix: '/api' });
    await scope.register(bulkOperationsRoutes, { deps, prefix: '/api' });
  });
  await fastify.register(docsRoutes);
  await fastify.register(dashboardRoutes, {
    dir: deps.config.DASHBOARD_DIR,
    clerkPublishableKey: deps.config.CLERK_PUBLISHABLE_KEY,
  });
  await fastify.register(bullBoardRoutes, { deps });

  // The producer connection refuses commands until connected (it fails fast by design); give
  // it a moment at boot, but start anyway without Redis: triggers then wait in Postgres.
  let scheduleSync: { stop(): void } | undefined;
  let alertWatch: Watch | null = null;
  let pauses: PauseFollower | undefined;
  let bulkRunner: Watch | null = null;
  fastify.addHook('onReady', async () => {
    // Bulk actions run in the API (one replica at a time holds their lease; see runtime's bulk/runner.ts).
    bulkRunner = startBulkRunner({
      sql: deps.sql,
      catalogue: deps.catalogue,
      lifecycle: deps.lifecycle,
      queues: deps.queues,
      unqueued: deps.unqueued,
      log: fastify.log,
      jobsPerSecond: config.BULK_ACTION_JOBS_PER_SECOND,
    });
    // The alert evaluator runs in one replica at a time, API or worker (a lease in Postgres):
    // started here too, so alerts go out while every worker is down.
    alertWatch = startAlertWatch({
      sql: deps.sql,
      settings: config,
      jobTypes: deps.catalogue.all.filter((d) => d.handler).map((d) => d.name),
      pausedQueues: async () => new Set((await deps.pauses.current()).keys()),
      email: deps.email,
      log: fastify.log,
    });
    await redisConnected(deps.redis, 3000);
    // Every replica applies the queue pauses on record to BullMQ as it starts, as soon as one
    // changes (NOTIFY), when one's end comes, and at a slow interval besides; one at a time, under
    // a lock. What it hears goes to the event streams.
    pauses = followPauses(deps.pauses, {
      databaseUrl: config.DATABASE_URL,
      safetyIntervalMs: config.QUEUE_PAUSE_SAFETY_INTERVAL_MS,
      log: fastify.log,
      onError: (error) => {
        // An outage is said by the API's own watch of each (once, with its end): not again here.
        if (isDatabaseUnavailable(error) || isRedisUnavailable(error)) return;
        fastify.log.warn({ reason: errorMessage(error) }, 'could not apply the queue pauses yet; trying again');
      },
    });
    pauses.subscribe((change) => {
      for (const listener of pauseListeners) listener(change);
    });
    // Every replica, API ones included, brings the declared schedules in line with its code and
    // makes Redis match the schedules table as it starts.
    scheduleSync = keepConverging(
      deps.scheduleMirror,
      deps.config.INSTALL_DEFAULT_SCHEDULES ? { reconcile: deps.scheduleService.reconcileDeclared } : {},
      fastify.log,
    );
  });
  fastify.addHook('onClose', async () => {
    await alertWatch?.stop();
    await pauses?.stop();
    await bulkRunner?.stop();
    scheduleSync?.stop();
    database.stop();
    await events.close();
    await deps.close();
  });
}

function redisConnected(redis: ApiDeps['redis'], timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    // Refused outright: no point waiting.
    redis.once('ready', done);
    redis.once('error', done);
  });
}

export interface BuildOptions {
  /** `false` silences the log (tests). */
  logger?: false;
  /** Where log lines go instead of stdout (tests that read them). */
  logStream?: NodeJS.WritableStream;
  /** Called with the bare instance before the API is registered (tests add hooks that watch every route). */
  onInstance?: (instance: FastifyInstance) => void;
}

/** A ready Fastify instance with the API registered. */
export async function buildApp(deps: ApiDeps, options: BuildOptions = {}) {
  const stream = options.logStream ?? prettyDestination(deps.config.LOG_FORMAT);
  const instance = Fastify({
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    // Credentials never reach the log, whatever else a line carries (request loggers are children),
    // nor do the API's own secrets anywhere in a line's text.
    ...(options.logger === false
      ? { logger: false }
      : {
          loggerInstance: createRedactingLogger({ name: 'scheduler-api', level: deps.config.LOG_LEVEL }, stream, [
            deps.config.SCHEDULER_SERVICE_KEY,
            deps.config.CLERK_SECRET_KEY,
            deps.config.METRICS_TOKEN,
            deps.config.ALERT_WEBHOOK_SECRET,
          ]) as FastifyBaseLogger,
        }),
    // One line per request, written by the request-log plugin when the answer is sent.
    logController: new LogController({ disableRequestLogging: true }),
    // A caller's X-Request-Id is kept only when it is a plain, bounded id (see request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdOf,
    // The client's address (for the sign-in limit) is the peer's, or what a trusted proxy forwarded.
    trustProxy: deps.config.TRUSTED_PROXIES.length > 0 ? deps.config.TRUSTED_PROXIES : false,
    ...timeoutOptions(deps.config),
  }).withTypeProvider<ZodTypeProvider>();
  options.onInstance?.(instance);
  await instance.register(app, { deps });
  await instance.ready();
  return instance;
}
