import type { ApiConfig } from '@scheduler/config';
import {
  type AlertChannels,
  type AlertRules,
  type Alerts,
  type AuditLog,
  type BulkOperations,
  createAlertChannels,
  createAlertRules,
  createAlerts,
  createAuditLog,
  createBulkOperations,
  createDashboardSessions,
  createIdempotencyKeys,
  createJobArchive,
  createJobEvents,
  createJobHistory,
  createJobLogs,
  createJobStats,
  createJobStore,
  createJobTypeSettings,
  createRetryWaits,
  createScheduleStore,
  createSearchPool,
  createSql,
  createUserDirectory,
  type IdempotencyKeys,
  type JobArchive,
  type JobEvents,
  type JobHistory,
  type JobLogs,
  type JobStats,
  type JobStore,
  type JobTypeSettings,
  type RetryWaits,
  type ScheduleStore,
  type SearchPool,
  type Sql,
  type UserDirectory,
} from '@scheduler/db';
import { buildCatalogue, type Catalogue, type EmailClient, type JobDefinition } from '@scheduler/jobs';
import { createLifecycleStore, type LifecycleStore } from '@scheduler/lifecycle';
import {
  type ChannelSender,
  createChannelSender,
  createEmailClient,
  createJobQueues,
  createQueueControl,
  createRedis,
  createScheduleMirror,
  createScheduleService,
  type JobQueues,
  type QueueControl,
  queueWhenRedisReturns,
  type ScheduleMirror,
  type ScheduleService,
  type UnqueuedJobs,
} from '@scheduler/runtime';
import type { Redis } from 'ioredis';
import { createSessions, type Sessions } from './session.ts';

/** What the routes talk to; built once per process and closed with the app. */
export interface ApiDeps {
  config: ApiConfig;
  sql: Sql;
  /** Searches of jobs (listing, archive, bulk previews): every statement bounded by JOB_SEARCH_TIMEOUT_MS. */
  searchPool: SearchPool;
  /** Recording a bulk operation by filter: its snapshot may take a few times a search's bound. */
  bulkSelectionPool: SearchPool;
  redis: Redis;
  catalogue: Catalogue;
  jobs: JobStore;
  /** Jobs waiting between attempts. */
  retryWaits: RetryWaits;
  /** Finished jobs cleanup_old_data archived. */
  archive: JobArchive;
  /** What admins changed about job types (their retention). */
  jobTypeSettings: JobTypeSettings;
  /** Every change of a job goes through here. */
  lifecycle: LifecycleStore;
  jobStats: JobStats;
  /** The history charts' rollups (per type, per minute and hour). */
  jobHistory: JobHistory;
  jobLogs: JobLogs;
  jobEvents: JobEvents;
  users: UserDirectory;
  /** Dashboard sessions of people who signed in with the service key. */
  sessions: Sessions;
  auditLog: AuditLog;
  queues: JobQueues;
  /**
   * Queue pauses: the record (read at most once a second for the whole process), pausing and
   * resuming, and applying them to BullMQ.
   */
  pauses: QueueControl;
  /** Jobs recorded while Redis was away, queued as soon as it is back. */
  unqueued: UnqueuedJobs;
  idempotencyKeys: IdempotencyKeys;
  schedules: ScheduleStore;
  /** Applies a schedule's new version to BullMQ; the store calls it inside its lock. */
  scheduleMirror: ScheduleMirror;
  /** Every change of a schedule goes through here: its rules, overrides, the mirror. */
  scheduleService: ScheduleService;
  alertRules: AlertRules;
  alerts: Alerts;
  /** Bulk actions' records; the runner (started with the app) works them through. */
  bulkOperations: BulkOperations;
  alertChannels: AlertChannels;
  /** Sends one alert delivery to a channel (the test route; the watch has its own). */
  sendAlert: ChannelSender;
  /** email-service, for alert emails. */
  email: EmailClient;
  close(): Promise<void>;
}

export interface ApiDepsOptions {
  /** Job types beyond the production catalogue (tests register theirs). */
  extraJobs?: readonly JobDefinition[];
}

/** Recording a bulk operation by filter may take this many times a search's bound (it writes its snapshot too). */
const BULK_SELECTION_BOUND_FACTOR = 5;

export function createApiDeps(config: ApiConfig, { extraJobs }: ApiDepsOptions = {}): ApiDeps {
  const sql = createSql(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE, applicationName: 'scheduler-api' });
  // Connections open as searches need them (and close when idle): as many as the main pool's,
  // so that a burst of searches runs side by side as other reads do.
  const searchPool = createSearchPool(config.DATABASE_URL, {
    timeoutMs: config.JOB_SEARCH_TIMEOUT_MS,
    max: config.DATABASE_POOL_SIZE,
    applicationName: 'scheduler-api-search',
  });
  const bulkSelectionPool = createSearchPool(config.DATABASE_URL, {
    timeoutMs: config.JOB_SEARCH_TIMEOUT_MS * BULK_SELECTION_BOUND_FACTOR,
    max: 2,
    applicationName: 'scheduler-api-bulk',
  });
  const redis = createRedis(config.REDIS_URL, 'producer');
  // An unreachable Redis is reported by /health/ready; without a listener ioredis would crash us.
  redis.on('error', () => {});
  const catalogue = buildCatalogue({ extraJobs, overrides: config.JOB_OVERRIDES });
  const queues = createJobQueues(catalogue, redis, config.QUEUE_PREFIX);
  const schedules = createScheduleStore(sql);
  const scheduleMirror = createScheduleMirror(schedules, queues.schedules);
  const unqueued = queueWhenRedisReturns(queues, redis);
  const email = createEmailClient({
    baseUrl: config.EMAIL_SERVICE_URL,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    serviceKey: config.SCHEDULER_SERVICE_KEY,
    // An alert's notification is retried by the outbox, with its own backoff.
    retries: 0,
  });
  const auditLog = createAuditLog(sql);
  return {
    config,
    sql,
    searchPool,
    bulkSelectionPool,
    redis,
    catalogue,
    jobs: createJobStore(sql),
    retryWaits: createRetryWaits(sql),
    archive: createJobArchive(sql),
    jobTypeSettings: createJobTypeSettings(sql),
    lifecycle: createLifecycleStore(sql),
    jobStats: createJobStats(sql),
    jobHistory: createJobHistory(sql),
    jobLogs: createJobLogs(sql),
    jobEvents: createJobEvents(sql),
    users: createUserDirectory(sql),
    sessions: createSessions({
      serviceKey: config.SCHEDULER_SERVICE_KEY,
      store: createDashboardSessions(sql),
      absoluteLifetimeMs: config.SESSION_ABSOLUTE_LIFETIME_MS,
    }),
    auditLog,
    queues,
    pauses: createQueueControl({ sql, queues, types: catalogue.names, audit: auditLog }),
    unqueued,
    idempotencyKeys: createIdempotencyKeys(sql),
    schedules,
    scheduleMirror,
    scheduleService: createScheduleService({ store: schedules, mirror: scheduleMirror, catalogue }),
    alertRules: createAlertRules(sql),
    alerts: createAlerts(sql),
    bulkOperations: createBulkOperations(sql),
    alertChannels: createAlertChannels(sql),
    sendAlert: createChannelSender({ sql, email, settings: config }),
    email,
    async close() {
      unqueued.stop();
      await queues.close().catch(() => {});
      redis.disconnect();
      await Promise.all([
        sql.end({ timeout: 5 }),
        searchPool.sql.end({ timeout: 5 }),
        bulkSelectionPool.sql.end({ timeout: 5 }),
      ]);
    },
  };
}
