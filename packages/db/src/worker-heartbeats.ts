import type { Sql } from './client.ts';

export interface WorkerHeartbeat {
  workerId: string;
  host: string;
  pid: number;
  /** The queues (job types, and `schedules` for ticks) this worker takes jobs from. */
  queues: string[];
  startedAt: Date;
  seenAt: Date;
  /** Set by a clean shutdown. */
  stoppedAt: Date | null;
}

const toHeartbeat = (r: Record<string, unknown>): WorkerHeartbeat => ({
  workerId: r.worker_id as string,
  host: r.host as string,
  pid: r.pid as number,
  queues: r.queues as string[],
  startedAt: r.started_at as Date,
  seenAt: r.seen_at as Date,
  stoppedAt: (r.stopped_at as Date | null) ?? null,
});

/**
 * The `worker_heartbeats` table: every worker process says every few seconds which queues it
 * serves. Postgres's clock stamps each beat, so replicas with skewed clocks agree on who is live.
 */
export function createWorkerHeartbeats(sql: Sql) {
  return {
    async beat(worker: Pick<WorkerHeartbeat, 'workerId' | 'host' | 'pid' | 'queues' | 'startedAt'>): Promise<void> {
      await sql`
        INSERT INTO worker_heartbeats (worker_id, host, pid, queues, started_at, seen_at)
        VALUES (${worker.workerId}, ${worker.host}, ${worker.pid}, ${worker.queues}, ${worker.startedAt}, now())
        ON CONFLICT (worker_id) DO UPDATE SET queues = EXCLUDED.queues, seen_at = now(), stopped_at = NULL`;
    },

    /** A clean shutdown: the worker is gone on purpose. */
    async stopped(workerId: string): Promise<void> {
      await sql`UPDATE worker_heartbeats SET stopped_at = now() WHERE worker_id = ${workerId}`;
    },

    /** Every worker seen within `withinMs`, stopped or not, newest first. */
    async recent(withinMs: number): Promise<WorkerHeartbeat[]> {
      const rows = await sql`
        SELECT * FROM worker_heartbeats WHERE seen_at > now() - ${withinMs} * interval '1 millisecond'
        ORDER BY seen_at DESC`;
      return rows.map(toHeartbeat);
    },

    /** The queues some running worker (not stopped, seen within `withinMs`) serves. */
    async liveQueues(withinMs: number): Promise<Set<string>> {
      const rows = await sql`
        SELECT DISTINCT unnest(queues) AS queue FROM worker_heartbeats
        WHERE stopped_at IS NULL AND seen_at > now() - ${withinMs} * interval '1 millisecond'`;
      return new Set(rows.map((r) => r.queue as string));
    },

    /** For each queue ever served: when a running worker last said it serves it. */
    async lastSeenByQueue(): Promise<Map<string, Date>> {
      const rows = await sql`
        SELECT queue, max(seen_at) AS seen_at FROM worker_heartbeats, unnest(queues) AS queue
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
