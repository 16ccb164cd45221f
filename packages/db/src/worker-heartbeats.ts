import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';

/** What a worker process says of itself with each beat. */
export interface WorkerBeat {
  workerId: string;
  host: string;
  pid: number;
  /** The queues (job types, and `schedules` for ticks) this worker takes jobs from. */
  queues: string[];
  startedAt: Date;
  /** The package version, with the git commit when the build knew it (`0.1.0+3f2c1ab`). */
  version: string | null;
  /** How many jobs of each queue it runs at once. */
  concurrency: Record<string, number>;
  /** Jobs running now. */
  busy: number;
  /** Jobs it finished since it started, by how they ended. */
  jobsCompleted: number;
  jobsFailed: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** It takes no new jobs (drained on request). */
  draining: boolean;
}

export interface WorkerHeartbeat extends Omit<WorkerBeat, 'draining' | 'rssBytes' | 'heapUsedBytes'> {
  rssBytes: number | null;
  heapUsedBytes: number | null;
  seenAt: Date;
  /** Set by a clean shutdown. */
  stoppedAt: Date | null;
  /** When an admin asked it to drain (null: not asked, or resumed since). */
  drainRequestedAt: Date | null;
  /** When the worker itself stopped taking new jobs (null: it takes them). */
  drainingSince: Date | null;
  /** Not stopped, and not seen within the bound the caller gave. */
  stale: boolean;
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

const toHeartbeat = (r: Record<string, unknown>): WorkerHeartbeat => ({
  workerId: r.worker_id as string,
  host: r.host as string,
  pid: r.pid as number,
  queues: r.queues as string[],
  startedAt: r.started_at as Date,
  seenAt: r.seen_at as Date,
  stoppedAt: (r.stopped_at as Date | null) ?? null,
  version: (r.version as string | null) ?? null,
  concurrency: (r.concurrency as Record<string, number> | null) ?? {},
  busy: Number(r.busy ?? 0),
  jobsCompleted: Number(r.jobs_completed ?? 0),
  jobsFailed: Number(r.jobs_failed ?? 0),
  rssBytes: numberOrNull(r.rss_bytes),
  heapUsedBytes: numberOrNull(r.heap_used_bytes),
  drainRequestedAt: (r.drain_requested_at as Date | null) ?? null,
  drainingSince: (r.draining_since as Date | null) ?? null,
  stale: r.stale === true,
});

/**
 * The `worker_heartbeats` table: every worker process says every few seconds which queues it
 * serves, how busy it is and whether it drains. Postgres's clock stamps each beat, so replicas
 * with skewed clocks agree on who is live. A draining worker serves no queue.
 */
export function createWorkerHeartbeats(sql: Sql) {
  const staleWhen = (staleAfterMs: number) =>
    sql`(stopped_at IS NULL AND seen_at < now() - ${staleAfterMs} * interval '1 millisecond')`;

  return {
    /**
     * One upsert, the whole beat. Answers whether an admin asked this worker to drain (so a
     * drain command it missed on Redis still reaches it at its next beat).
     */
    async beat(worker: WorkerBeat): Promise<{ drainRequested: boolean }> {
      const [row] = await sql`
        INSERT INTO worker_heartbeats (worker_id, host, pid, queues, started_at, seen_at, version, concurrency,
          busy, jobs_completed, jobs_failed, rss_bytes, heap_used_bytes, draining_since)
        VALUES (${worker.workerId}, ${worker.host}, ${worker.pid}, ${worker.queues}, ${worker.startedAt}, now(),
          ${worker.version}, ${jsonParam(sql, worker.concurrency)}, ${worker.busy}, ${worker.jobsCompleted},
          ${worker.jobsFailed}, ${worker.rssBytes}, ${worker.heapUsedBytes},
          CASE WHEN ${worker.draining}::boolean THEN now() END)
        ON CONFLICT (worker_id) DO UPDATE SET queues = EXCLUDED.queues, seen_at = now(), stopped_at = NULL,
          version = EXCLUDED.version, concurrency = EXCLUDED.concurrency, busy = EXCLUDED.busy,
          jobs_completed = EXCLUDED.jobs_completed, jobs_failed = EXCLUDED.jobs_failed,
          rss_bytes = EXCLUDED.rss_bytes, heap_used_bytes = EXCLUDED.heap_used_bytes,
          draining_since = CASE WHEN ${worker.draining}::boolean
            THEN COALESCE(worker_heartbeats.draining_since, now()) END
        RETURNING drain_requested_at`;
      return { drainRequested: row?.drain_requested_at != null };
    },

    /** A clean shutdown: the worker is gone on purpose. */
    async stopped(workerId: string): Promise<void> {
      await sql`UPDATE worker_heartbeats SET stopped_at = now(), busy = 0 WHERE worker_id = ${workerId}`;
    },

    /**
     * Every worker seen within `withinMs`, stopped or not, newest first; `stale` marks those not
     * stopped and not seen within `staleAfterMs`.
     */
    async recent(withinMs: number, staleAfterMs = withinMs): Promise<WorkerHeartbeat[]> {
      const rows = await sql`
        SELECT *, ${staleWhen(staleAfterMs)} AS stale FROM worker_heartbeats
        WHERE seen_at > now() - ${withinMs} * interval '1 millisecond'
        ORDER BY seen_at DESC, worker_id`;
      return rows.map(toHeartbeat);
    },

    /** One worker, or null if it never beat (or was forgotten). */
    async get(workerId: string, staleAfterMs: number): Promise<WorkerHeartbeat | null> {
      const [row] = await sql`
        SELECT *, ${staleWhen(staleAfterMs)} AS stale FROM worker_heartbeats WHERE worker_id = ${workerId}`;
      return row ? toHeartbeat(row) : null;
    },

    /**
     * Records that the worker is asked to drain (kept from the first request) or, with `false`,
     * to take jobs again. The worker reads it back with its next beat.
     */
    async requestDrain(workerId: string, drain: boolean): Promise<void> {
      await sql`
        UPDATE worker_heartbeats
        SET drain_requested_at = CASE WHEN ${drain}::boolean THEN COALESCE(drain_requested_at, now()) END
        WHERE worker_id = ${workerId}`;
    },

    /** The queues some running worker (not stopped, not draining, seen within `withinMs`) serves. */
    async liveQueues(withinMs: number): Promise<Set<string>> {
      const rows = await sql`
        SELECT DISTINCT unnest(queues) AS queue FROM worker_heartbeats
        WHERE stopped_at IS NULL AND draining_since IS NULL
          AND seen_at > now() - ${withinMs} * interval '1 millisecond'`;
      return new Set(rows.map((r) => r.queue as string));
    },

    /** For each queue ever served: when a running worker last said it serves it. */
    async lastSeenByQueue(): Promise<Map<string, Date>> {
      const rows = await sql`
        SELECT queue, max(COALESCE(draining_since, seen_at)) AS seen_at FROM worker_heartbeats, unnest(queues) AS queue
        WHERE stopped_at IS NULL GROUP BY queue`;
      return new Map(rows.map((r) => [r.queue as string, r.seen_at as Date]));
    },

    /** Forgets workers not seen for `olderThanMs` (the table stays small). */
    async prune(olderThanMs: number): Promise<number> {
      const rows = await sql`
        DELETE FROM worker_heartbeats WHERE seen_at < now() - ${olderThanMs} * interval '1 millisecond'
        RETURNING worker_id`;
      return rows.length;
    },
  };
}

export type WorkerHeartbeats = ReturnType<typeof createWorkerHeartbeats>;
