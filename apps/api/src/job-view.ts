import {
  isDryRun,
  JOB_EVENT_KINDS,
  JOB_STATUSES,
  type JobRecord,
  type JobSummaryRecord,
  PRIORITIES,
  type QueuePause,
} from '@scheduler/db';
import type { Catalogue } from '@scheduler/jobs';
import { ATTEMPT_OUTCOME, ATTEMPT_REASONS, type AttemptRecord } from '@scheduler/lifecycle';
import { z } from 'zod';
import { actionsOf, DISPLAY_STATES, displayOf, JOB_ACTIONS } from './job-display.ts';

const isoTime = z.iso.datetime({ offset: true });

// Named schemas (`meta({ id })`) are components of the OpenAPI document, so the typed client
// has names for them.
export const jobStatusSchema = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });
export const prioritySchema = z.enum(PRIORITIES).meta({ id: 'Priority' });
export const displayStateSchema = z.enum(DISPLAY_STATES).meta({ id: 'DisplayState' });
export const jobActionSchema = z.enum(JOB_ACTIONS).meta({ id: 'JobAction' });
export const jobEventKindSchema = z.enum(JOB_EVENT_KINDS).meta({
  id: 'JobEventKind',
  description: 'What happened to a job: its lifecycle, and `log` for a line its handler logged',
});

export const queuePauseSchema = z
  .object({
    since: isoTime.describe('When the queue was paused'),
    by: z.string().describe("Who paused it: users.id, or 'service'"),
    byClerkId: z.string().nullable().describe('Their Clerk id, when a Clerk user paused it'),
    until: isoTime.nullable().describe('When it resumes by itself; null: when someone resumes it'),
    reason: z.string().nullable(),
  })
  .meta({ id: 'QueuePause', description: "A job type's queue paused: its waiting jobs do not start" });
export type QueuePauseView = z.infer<typeof queuePauseSchema>;

/** The record of a pause as the API shows it. */
export const queuePauseView = (pause: QueuePause): QueuePauseView => ({
  since: pause.pausedAt.toISOString(),
  by: pause.pausedBy,
  byClerkId: pause.pausedByClerkId,
  until: pause.until?.toISOString() ?? null,
  reason: pause.reason,
});

export const jobDisplaySchema = z
  .object({
    state: displayStateSchema,
    retryAt: isoTime.nullable().describe('waiting_to_retry only: when the next attempt may start'),
    failedAttempt: z.number().int().nullable().describe('waiting_to_retry only: the attempt that failed'),
    queuePaused: z.boolean().describe("The job type's queue is paused now (a queued job then shows as paused)"),
    queuePause: queuePauseSchema
      .nullable()
      .describe("While the job type's queue is paused: since when, by whom, until when (null: until resumed)"),
  })
  .meta({ id: 'JobDisplay', description: 'What the job is now, as the server decides it' });

export const jobResultSchema = z.object({
  success: z.boolean(),
  cancelled: z
    .boolean()
    .optional()
    .describe('True when the job was stopped on request: the counts say what it did before (success is false)'),
  itemsProcessed: z.number().optional(),
  errors: z.array(z.string()).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** A job without its payload and result: what listings of many jobs and events carry. */
export const jobSummarySchema = z
  .object({
    id: z.uuid(),
    jobType: z.string(),
    status: jobStatusSchema,
    dryRun: z.boolean().describe('The payload asks for a dry run (payload.dryRun is true)'),
    startedAt: isoTime.nullable(),
    completedAt: isoTime.nullable(),
    error: z.string().nullable(),
    progress: z
      .object({
        percent: z.number(),
        done: z.number().optional(),
        total: z.number().optional(),
        message: z.string().optional(),
      })
      .nullable(),
    attempts: z.number().int().describe("Attempts started so far (every one is in the job's attemptHistory)"),
    maxAttempts: z.number().int(),
    priority: prioritySchema,
    startedBy: z.string().nullable().describe("users.id of the admin, 'service' or 'scheduler'"),
    startedByClerkId: z.string().nullable(),
    scheduleName: z.string().nullable(),
    tags: z.array(z.string()).describe('Labels given by its trigger or its schedule'),
    retryOf: z.uuid().nullable(),
    cancelRequestedAt: isoTime.nullable().describe('When someone asked this running job to stop'),
    createdAt: isoTime,
    updatedAt: isoTime,
    display: jobDisplaySchema,
    actions: z
      .array(jobActionSchema)
      .describe("What the caller may do to the job now (the lifecycle's transition table; none for read-only callers)"),
  })
  .meta({ id: 'JobSummary' });
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** A job as the API shows it: its summary, with the payload it runs with and its result. */
export const jobViewSchema = jobSummarySchema
  .extend({
    result: jobResultSchema.nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'JobView' });
export type JobView = z.infer<typeof jobViewSchema>;

/** What a view of a job depends on beyond its row: its queue now, and who asks. */
export interface ViewContext {
  catalogue: Catalogue;
  /** The queues paused now, by job type (the `queue_pauses` record, read once a second). */
  pausedTypes: ReadonlyMap<string, QueuePause>;
  /** Whether the caller may act on jobs (admins and services): read-only callers get no actions. */
  canWrite: boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// The views below take from the stored JSON (progress, result) only the keys the schemas name:
// a view is then what the zod serializer would make of it (the same keys and values), so a
// listing of many may be written with JSON.stringify alone (see jobListingSerializer).

const progressView = (p: JobSummaryRecord['progress']): JobSummary['progress'] =>
  p && { percent: p.percent, done: p.done, total: p.total, message: p.message };

const resultView = (r: JobRecord['result']): JobView['result'] =>
  r && {
    success: r.success,
    cancelled: r.cancelled,
    itemsProcessed: r.itemsProcessed,
    errors: r.errors,
    details: r.details,
  };

/**
 * The fields of a job's record that every view of it shows, live (JobSummary) or archived
 * (ArchivedJob), as the API gives them: one mapping, so the two cannot drift apart.
 */
export const recordFieldsOf = (job: Omit<JobRecord, 'payload' | 'result'>) => ({
  id: job.id,
  jobType: job.jobType,
  status: job.status,
  startedAt: iso(job.startedAt),
  completedAt: iso(job.completedAt),
  error: job.error,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  priority: job.priority,
  startedBy: job.startedBy,
  startedByClerkId: job.startedByClerkId,
  scheduleName: job.scheduleName,
  tags: job.tags,
  retryOf: job.retryOf,
  createdAt: job.createdAt.toISOString(),
  updatedAt: job.updatedAt.toISOString(),
});

export const toJobSummary = (job: JobSummaryRecord, context: ViewContext): JobSummary =>
  summaryOf(job, job.dryRun, job.lastFailureAt, context);

/**
 * A job's view; `lastFailureAt` is when the failed attempt it waits to retry after ended (null
 * unless it is pending after one: see JobStore.retryWaits).
 */
export function toJobView(job: JobRecord, context: ViewContext, lastFailureAt: Date | null = null): JobView {
  // The summary is a new object: the view's two fields are added to it, not copied with it (a
  // listing makes 50 of these per answer, and copying spreads were most of their cost).
  const view = summaryOf(job, isDryRun(job), lastFailureAt, context) as JobView;
  view.result = resultView(job.result);
  view.payload = job.payload;
  return view;
}

/** The summary of a job's record; the record itself is never copied (see toJobView). */
function summaryOf(
  job: Omit<JobRecord, 'payload' | 'result'>,
  dryRun: boolean,
  lastFailureAt: Date | null,
  context: ViewContext,
): JobSummary {
  const shown = { status: job.status, attempts: job.attempts, cancelRequestedAt: job.cancelRequestedAt, lastFailureAt };
  const display = displayOf(shown, {
    queuePause: context.pausedTypes.get(job.jobType) ?? null,
    backoff: context.catalogue.get(job.jobType)?.defaults.backoff,
  });
  const summary = recordFieldsOf(job) as JobSummary;
  summary.dryRun = dryRun;
  summary.progress = progressView(job.progress);
  summary.cancelRequestedAt = iso(job.cancelRequestedAt);
  summary.display = {
    state: display.state,
    retryAt: iso(display.retryAt),
    failedAttempt: display.failedAttempt,
    queuePaused: display.queuePaused,
    queuePause: display.queuePause && queuePauseView(display.queuePause),
  };
  summary.actions = actionsOf(shown, context.canWrite);
  return summary;
}

export const attemptViewSchema = z.object({
  number: z.number().int(),
  reason: z
    .enum(ATTEMPT_REASONS)
    .describe('first run, retry after a failure, stalled (its worker stopped answering), requeued (Redis lost it)'),
  workerId: z.string().nullable(),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  outcome: z
    .enum(Object.values(ATTEMPT_OUTCOME) as [string, ...string[]])
    .nullable()
    .describe('null while it runs'),
  error: z.string().nullable(),
});

export const toAttemptView = (a: AttemptRecord): z.infer<typeof attemptViewSchema> => ({
  ...a,
  startedAt: a.startedAt.toISOString(),
  endedAt: iso(a.endedAt),
});
