import type { Answer } from '@scheduler/client';

/**
 * The job as the API describes it to the dashboard: what it is (a row of GET /api/jobs, or an
 * event's `job`) and what the server decided about it (display state, allowed actions).
 */
export type DisplayState =
  | 'queued'
  | 'waiting_to_retry'
  | 'paused'
  | 'running'
  | 'stopping'
  | 'completed'
  | 'failed'
  | 'cancelled';
export type JobAction = 'cancel' | 'retry' | 'edit_and_retry';
export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface Display {
  state: DisplayState;
  /** waiting_to_retry only: when the next attempt may start. */
  retryAt: string | null;
  /** waiting_to_retry only: the attempt that failed (of maxAttempts). */
  failedAttempt: number | null;
  queuePaused: boolean;
}

type ListedJob = Answer<'/api/jobs', 'get', 200>['jobs'][number];

/** An event's `job`: a job view without payload and result. */
export type JobSummary = Omit<ListedJob, 'payload' | 'result' | 'startedByClerkId'> & {
  dryRun: boolean;
  display: Display;
  actions: JobAction[];
};

/** A row of the job list: the summary plus what only a read carries. */
export type JobRow = JobSummary & Pick<ListedJob, 'payload' | 'result'>;

export interface JobPage {
  jobs: JobRow[];
  nextAfter: string | null;
  total: number;
  totalIsExact: boolean;
  limit: number;
  page: number;
}

/** The query of GET /api/jobs as the dashboard sends it. */
export interface JobQuery {
  type?: string;
  status?: JobStatus;
  from?: string;
  to?: string;
  startedBy?: string;
  idPrefix?: string;
  after?: string;
  limit?: number;
}

export type Eta = NonNullable<Answer<'/api/jobs/{jobId}', 'get', 200>['eta']>;

type StatsRow = Answer<'/api/stats', 'get', 200>['types'][number];

/** GET /api/overview: what the Overview shows, in one read. */
export interface Overview {
  computedAt: string;
  running: Array<JobSummary & { eta: Eta | null }>;
  runningTotal: number;
  waiting: JobSummary[];
  waitingTotal: number;
  recentFailures: JobSummary[];
  types: Array<
    Omit<StatsRow, 'queue'> & {
      queue: (Record<string, number | boolean> & { paused: boolean }) | null;
    }
  >;
  nextRuns: Array<{ name: string; jobType: string; nextRunAt: string; when: string }>;
  pausedQueues: string[];
}
