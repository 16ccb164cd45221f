import type { JobProgress, JobResult, MissedPolicy, OverlapPolicy, Priority } from '@scheduler/db';
import type { z } from 'zod';
import type { DepName, JobDeps } from './deps.ts';

export type { DepName, JobDeps, JobProgress, JobResult, Priority };

/** What a handler may log through; the worker's pino logger fits it. */
export interface JobLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** What a handler gets: the job's identity, its signal, progress and log, and the dependencies it declared. */
export interface JobContext<Needs extends DepName = DepName> {
  jobId: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** Aborted on cancellation, maximum run time or shutdown: stop at the next checkpoint. */
  signal: AbortSignal;
  progress(progress: JobProgress): Promise<void>;
  log: JobLogger;
  /** Only what the definition's `needs` lists. */
  deps: Pick<JobDeps, Needs>;
}

export interface JobDefaults {
  /** Total tries, the first included. */
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  /** Maximum run time of one attempt; past it the attempt fails and is not retried. */
  timeoutMs: number;
  /** Jobs of this type one worker process runs at once. */
  concurrency: number;
  /** At most `max` jobs of this type start per `durationMs`, counted across every worker (BullMQ's limiter). */
  rateLimit?: { max: number; durationMs: number };
  priority: Priority;
}

/**
 * The schedule a job type declares where it is defined. It is created when missing and follows
 * the code at each deploy until an admin changes one of its fields (an override, kept across
 * deploys, shown with the code's version beside it, undone by "reset to the code's").
 */
export type ScheduleDeclaration = ({ cron: string; everyMs?: undefined } | { everyMs: number; cron?: undefined }) & {
  /** The schedule's name; by default the type's name with - for _ (crawl_pending: crawl-pending). */
  name?: string;
  /** IANA zone of the cron (default UTC). */
  timezone?: string;
  /** Checked against the type's payload schema when the catalogue is built. */
  payload?: Record<string, unknown>;
  /** Default: the type's own priority. */
  priority?: Priority;
  /** What the schedule is for. */
  description: string;
  /** Whether it runs when first created (default true); later, only an admin turns it on or off. */
  enabled?: boolean;
  /** Slots nobody ran in time (default run_once); catch_up needs catchUpMax and catchUpWindowMs. */
  missedPolicy?: MissedPolicy;
  catchUpMax?: number;
  catchUpWindowMs?: number;
  /** A slot while the previous run still goes (default skip). */
  overlapPolicy?: OverlapPolicy;
};

/** How long a type's finished jobs are kept, by how they ended. */
export interface JobRetention {
  /** Completed and cancelled jobs, in days. */
  days: number;
  /** Failed jobs, in days (default: `days`); often longer, to look into them. */
  failedDays?: number;
}

export interface JobDefinition<
  Schema extends z.ZodType = z.ZodType,
  Needs extends DepName = DepName,
  Name extends string = string,
> {
  name: Name;
  description: string;
  /** Validated when enqueued and again when dequeued. */
  payload: Schema;
  defaults: JobDefaults;
  /** At most one pending or running job of this type: a second trigger answers 409 with the first. */
  exclusive?: boolean;
  /**
   * May a schedule of this type use a six-field cron (seconds first) and so run more often than
   * once a minute? Off by default: a cron firing every few seconds is rarely what was meant.
   */
  secondsInCron?: boolean;
  /** The schedule this type runs on by itself, if any (see ScheduleDeclaration). */
  schedule?: ScheduleDeclaration;
  /**
   * How long its finished jobs stay in scheduled_jobs before cleanup_old_data archives them, in
   * days (default DEFAULT_RETENTION_DAYS); an admin may override it (job_type_settings).
   */
  retention?: JobRetention;
  /**
   * The dependencies the handler uses: it is given these and nothing else, so a test can hand
   * it exactly those (real ones) and a reader sees what it touches.
   */
  needs: readonly Needs[];
  /** Absent while the type is declared but not implemented: triggering it answers 501. */
  handler?: (payload: z.output<Schema>, ctx: JobContext<NoInfer<Needs>>) => Promise<JobResult>;
}

/**
 * Keeps a definition's name as a literal (the catalogue's names are a union type), its payload
 * type tied to its handler, and its handler to the dependencies it declared.
 */
export const defineJob = <const Name extends string, Schema extends z.ZodType, const Needs extends DepName = never>(
  definition: JobDefinition<Schema, Needs, Name>,
) => definition as unknown as JobDefinition<Schema, Needs, Name> & JobDefinition;
