// What runs the catalogue: queues and Redis, the trigger and the job commands (cancel, retry),
// schedule mirroring, the HTTP clients of the sibling services, readiness.

export * from './alerts/index.ts';
export { type BulkRunnerDeps, runBulkBatch, startBulkRunner } from './bulk/runner.ts';
export {
  actsOn,
  type BulkPreview,
  checkPatch,
  InvalidPatchError,
  mergePatch,
  previewBulk,
  refusalOf,
} from './bulk/verdicts.ts';
export { createCrawlerClient } from './clients/crawler.ts';
export { createEmailClient } from './clients/email.ts';
export {
  allowedOrThrow,
  type CommandDeps,
  cancelJob,
  JobRefusedError,
  promoteJob,
  type QueuedJob,
  removeJob,
  retryJob,
} from './job-commands.ts';
export {
  createLineRenderer,
  type LogFormat,
  PRETTY_OPTIONS,
  prettyDestination,
  wantsPretty,
} from './logging.ts';
export { createOutageLog, isRedisUnavailable, type OutageLog } from './outage-log.ts';
export { followPauses, type PauseChange, type PauseFollower } from './pause-follower.ts';
export {
  createQueueControl,
  MAX_QUEUE_PAUSE_MS,
  type PauseLog,
  type QueueActor,
  type QueueControl,
  QueueControlError,
} from './queue-control.ts';
export {
  createJobQueues,
  type JobQueues,
  PRIORITY_RANK,
  QUEUE_STATES,
  type QueuedPayload,
  queueCounts,
} from './queues.ts';
export { checkReadiness, type Probe, type Readiness } from './readiness.ts';
export { createRedactingLogger, redactCredentials } from './redact-credentials.ts';
export { createRedis } from './redis.ts';
export { type CronFire, type DstMark, nextCronFire } from './schedules/daylight-saving.ts';
export {
  DEFAULT_SCHEDULES,
  declaredSchedules,
  differingFields,
  type ScheduleDeclared,
} from './schedules/declarations.ts';
export {
  createScheduleFiring,
  keepSettling,
  type ScheduleFiring,
  type ScheduleFiringDeps,
  slotKey,
  type TickOutcome,
  tickSlot,
} from './schedules/firing.ts';
export { effectiveGraceMs, MAX_DEFAULT_GRACE_MS, MIN_GRACE_MS } from './schedules/grace.ts';
export {
  createScheduleMirror,
  keepConverging,
  SCHEDULE_QUEUE,
  type ScheduleMirror,
  type TickData,
} from './schedules/mirror.ts';
export {
  describeMiss,
  isPaused,
  type OverdueReason,
  type OverdueSlot,
  openAfter,
  overdueSlots,
  type Served,
} from './schedules/overdue.ts';
export { LEAST_GRACE_MS, MAX_CATCH_UP, policyProblems } from './schedules/policies.ts';
export {
  createScheduleService,
  MAX_PAUSE_MS,
  type ReconcileResult,
  type ScheduleEdit,
  ScheduleError,
  type ScheduleService,
} from './schedules/service.ts';
export { MAX_COUNTED_SLOTS, type SlotSpan, slotsBetween } from './schedules/slots.ts';
export {
  canonicalTimeZone,
  describeTiming,
  FIRE_TIMES_BUDGET_MS,
  type Fire,
  FiresTooRarelyError,
  isTimeZone,
  MAX_EVERY_MS,
  MIN_EVERY_MS,
  nextFiresYielding,
  nextFireTime,
  nextFireTimes,
  nextFireTimesYielding,
  scheduleRepeatStrategy,
  type Timing,
  timingProblems,
} from './schedules/timing.ts';
export { bearerCheck, bearerTokenOf, secretCheck } from './secret-check.ts';
export {
  checkRunnable,
  InvalidPayloadError,
  InvalidTagsError,
  JobAlreadyActiveError,
  JobNotImplementedError,
  RECORD_TIMEOUT_MS,
  type TriggerDeps,
  type TriggerRequest,
  triggerJob,
  UnknownJobTypeError,
  WITHDRAWN_REASON,
} from './trigger.ts';
export { queueWhenRedisReturns, type UnqueuedJobs } from './unqueued.ts';
export { DEFAULT_LEASE_MS, startWatch, type Watch, type WatchLog, type WatchOptions, type WatchPass } from './watch.ts';
export { withTimeout } from './with-timeout.ts';
export {
  listenForWorkerCommands,
  sendWorkerCommand,
  type WorkerAck,
  type WorkerCommand,
  workerCommandChannel,
} from './worker-commands.ts';
