export {
  ALERT_CHANNEL_KINDS,
  type AlertChannel,
  type AlertChannelChange,
  type AlertChannelForDelivery,
  type AlertChannelKind,
  type AlertChannels,
  createAlertChannels,
  type NewAlertChannel,
} from './alert-channels.ts';
export {
  ALERT_KINDS,
  ALERT_SUBJECT_KINDS,
  type AlertKind,
  type AlertRule,
  type AlertRuleChange,
  type AlertRules,
  type AlertSubject,
  type AlertSubjectKind,
  createAlertRules,
  type NewAlertRule,
  type RuleSubject,
} from './alert-rules.ts';
export {
  type Alert,
  type AlertFilter,
  type AlertNotificationState,
  type AlertOutbox,
  type AlertState,
  type Alerts,
  type AlertTransition,
  createAlertOutbox,
  createAlerts,
  type DueNotification,
  type Firing,
} from './alerts.ts';
export { type AuditEntry, type AuditFilter, type AuditLog, type AuditRecord, createAuditLog } from './audit-log.ts';
export { type BatcherOptions, createBatcher } from './batcher.ts';
export {
  BULK_ACTIONS,
  BULK_STATES,
  type BulkAction,
  type BulkJobOutcome,
  type BulkOperation,
  type BulkOperations,
  type BulkSelection,
  type BulkState,
  CountChangedError,
  createBulkOperations,
  type NewBulkOperation,
  type SelectionCensus,
  TooManyJobsError,
} from './bulk-operations.ts';
export { createSql, type Sql, type SqlOptions } from './client.ts';
export { createDashboardSessions, type DashboardSessions } from './dashboard-sessions.ts';
export { ensureDatabaseExists } from './ensure-database.ts';
export {
  createIdempotencyKeys,
  IDEMPOTENCY_WINDOW_HOURS,
  type IdempotencyClaim,
  type IdempotencyKeys,
} from './idempotency-keys.ts';
export { type ArchiveCount, type ArchivedJobRecord, createJobArchive, type JobArchive } from './job-archive.ts';
export { createJobEvents, JOB_EVENT_KINDS, type JobEvent, type JobEventKind, type JobEvents } from './job-events.ts';
export {
  addHistograms,
  bucketMiddleMs,
  bucketOf,
  createJobHistory,
  HISTORY_BUCKETS,
  HISTORY_HOURS_KEPT_DAYS,
  HISTORY_MINUTES_KEPT_HOURS,
  type HistoryPoint,
  type JobHistory,
  quantileMs,
  type TypeCounts,
} from './job-history.ts';
export { createJobLogs, type JobLogs, LOG_LEVELS, type LogLevel, type LogLine, type NewLogLine } from './job-logs.ts';
export {
  createSearchPool,
  idRangeOfPrefix,
  isStatementTimeout,
  JOB_TAG_PATTERN,
  type JobSearch,
  MAX_JOB_TAGS,
  type PayloadEquals,
  type SearchPool,
  SearchTooBroadError,
  searchConditions,
  tagsProblem,
  withinSearchPool,
} from './job-search.ts';
export { createJobStats, type DurationHistory, type JobStats, type PastRun, type TypeStats } from './job-stats.ts';
export {
  createJobStore,
  type InsertOutcome,
  isDryRun,
  isJobId,
  type JobFilter,
  type JobStore,
  type JobSummaryRecord,
  jobRecordFromRow,
  type NewJob,
} from './job-store.ts';
export {
  createJobTypeSettings,
  type JobTypeSettings,
  RETENTION_DAYS_MAX,
  RETENTION_DAYS_MIN,
  type RetentionDays,
  type RetentionOverride,
} from './job-type-settings.ts';
export { type ListenHandlers, listenFor } from './listen.ts';
export { type MigrationSet, migrate, migrationsDir } from './migrate.ts';
export { type NewQueuePause, QUEUE_PAUSES_CHANNEL, type QueuePause, queuePauses } from './queue-pauses.ts';
export { createRetryWaits, type RetryWaitFilter, type RetryWaitRecord, type RetryWaits } from './retry-waits.ts';
export {
  createScheduleMisses,
  type MissAction,
  type NewScheduleMiss,
  type ScheduleMiss,
  type ScheduleMisses,
} from './schedule-misses.ts';
export {
  createScheduleStore,
  DECLARED_FIELDS,
  type DeclaredField,
  type DeclaredSchedule,
  type LastRun,
  MISSED_POLICIES,
  type MissedPolicy,
  type NewSchedule,
  OVERLAP_POLICIES,
  type OverlapPolicy,
  type ScheduleActor,
  type ScheduleChange,
  type ScheduleRecord,
  type ScheduleStore,
} from './schedules.ts';
export {
  type ClaimOutcome,
  createSideEffectLedger,
  type LedgerEntry,
  type SideEffectLedger,
} from './side-effect-ledger.ts';
export { jsonParam, uuidArray } from './sql-helpers.ts';
export * from './types.ts';
export {
  DatabaseTimeoutError,
  isDatabaseUnavailable,
  SOCKET_ERROR_CODES,
  withDatabaseDeadline,
  withDeadline,
} from './unavailable.ts';
export { createUserDirectory, USER_ROLES, type UserDirectory, type UserIdentity, type UserRole } from './users.ts';
export { createWatchLeases, type WatchLeases } from './watch-leases.ts';
export {
  createWorkerHeartbeats,
  type WorkerBeat,
  type WorkerHeartbeat,
  type WorkerHeartbeats,
} from './worker-heartbeats.ts';
