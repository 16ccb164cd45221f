import { JOB_STATUSES, type JobRecord, PRIORITIES } from '@scheduler/db';
import { ATTEMPT_OUTCOME, ATTEMPT_REASONS, type AttemptRecord } from '@scheduler/lifecycle';
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

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

/** A job as the API shows it: the original service's fields first, then what this service adds. */
export const jobViewSchema = z.object({
  id: z.uuid(),
  jobType: z.string(),
  status: z.enum(JOB_STATUSES),
  startedAt: isoTime.nullable(),
  completedAt: isoTime.nullable(),
  result: jobResultSchema.nullable(),
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
  priority: z.enum(PRIORITIES),
  payload: z.record(z.string(), z.unknown()),
  startedBy: z.string().nullable().describe("users.id of the admin, 'service' or 'scheduler'"),
  startedByClerkId: z.string().nullable(),
  scheduleName: z.string().nullable(),
  retryOf: z.uuid().nullable(),
  cancelRequestedAt: isoTime.nullable().describe('When someone asked this running job to stop'),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type JobView = z.infer<typeof jobViewSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toJobView = (job: JobRecord): JobView => ({
  id: job.id,
  jobType: job.jobType,
  status: job.status,
  startedAt: iso(job.startedAt),
  completedAt: iso(job.completedAt),
  result: job.result,
  error: job.error,
  progress: job.progress,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  priority: job.priority,
  payload: job.payload,
  startedBy: job.startedBy,
  startedByClerkId: job.startedByClerkId,
  cancelRequestedAt: iso(job.cancelRequestedAt),
  scheduleName: job.scheduleName,
  retryOf: job.retryOf,
  createdAt: job.createdAt.toISOString(),
  updatedAt: job.updatedAt.toISOString(),
});

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
