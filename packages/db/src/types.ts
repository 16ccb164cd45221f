export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies JobStatus[];
/** Stored statuses of a job that has not finished. */
export const UNFINISHED_STATUSES = ['pending', 'running'] as const satisfies JobStatus[];

/** The original service's priority enum; HIGH runs first. */
export const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What every handler returns; stored in `scheduled_jobs.result` (the original service's shape). */
export interface JobResult {
  success: boolean;
  /** Set on the result of a job stopped on request: what it did before it stopped (success is false). */
  cancelled?: boolean;
  itemsProcessed?: number;
  errors?: string[];
  details?: Record<string, unknown>;
}

export interface JobProgress {
  /** 0–100 */
  percent: number;
  done?: number;
  total?: number;
  message?: string;
}

export interface JobRecord {
  id: string;
  jobType: string;
  status: JobStatus;
  startedAt: Date | null;
  completedAt: Date | null;
  startedBy: string | null;
  startedByClerkId: string | null;
  error: string | null;
  result: JobResult | null;
  payload: Record<string, unknown>;
  priority: Priority;
  attempts: number;
  maxAttempts: number;
  progress: JobProgress | null;
  workerId: string | null;
  scheduleName: string | null;
  scheduleSlot: string | null;
  retryOf: string | null;
  /** Labels given by its trigger or its schedule (at most MAX_JOB_TAGS). */
  tags: string[];
  /** When someone asked the job to stop; set while a running job is being stopped. */
  cancelRequestedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
