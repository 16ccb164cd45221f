/**
 * The minimal durable record: the least any design that keeps a row per job can cost. One row
 * with a primary key and a status, inserted (and committed) before the job is queued, and set
 * to completed once it has run; nothing else (no other column, index, attempt or event).
 * Batched as the service batches: concurrent calls share one statement (createBatcher, the
 * lifecycle store's batcher, with its defaults).
 */
import { randomUUID } from 'node:crypto';
import { createBatcher, type Sql } from '@scheduler/db';

/**
 * Creates the variant's own table with `history` completed rows and fresh statistics, as the
 * full lifecycle's tables get theirs (history.ts): both are measured as a running service.
 */
export async function createMinimalRecordTable(sql: Sql, history: number): Promise<void> {
  await sql`DROP TABLE IF EXISTS bench_minimal_record`;
  // started_at: written by the latency baseline's worker only (minimal-http.ts); no index.
  await sql`CREATE TABLE bench_minimal_record (id uuid PRIMARY KEY, status text NOT NULL DEFAULT 'pending', started_at timestamptz)`;
  if (history === 0) return;
  await sql`INSERT INTO bench_minimal_record SELECT gen_random_uuid(), 'completed' FROM generate_series(1, ${history}::int)`;
  await sql`ANALYZE bench_minimal_record`;
}

export async function completedRows(sql: Sql): Promise<number> {
  const [row] = await sql`SELECT count(*)::int AS n FROM bench_minimal_record WHERE status = 'completed'`;
  return row?.n as number;
}

/** The queue options the lifecycle uses (priority, attempts, retention), for the BullMQ baselines. */
export const BARE_JOB_OPTIONS = { priority: 5, attempts: 1, removeOnComplete: { age: 3600 } };

export function createMinimalRecord(sql: Sql) {
  const insert = createBatcher(async (ids: string[]) => {
    // Prepared, as the service's statements are (tagged templates).
    await sql`INSERT INTO bench_minimal_record (id) SELECT unnest(${ids}::uuid[])`;
    return ids;
  });
  // The start the latency baseline's worker waits for, as the service's worker waits for its own:
  // a row that is not pending any more (or not there) is not run.
  const start = createBatcher(async (ids: string[]) => {
    const started = await sql`
      UPDATE bench_minimal_record SET status = 'running', started_at = now()
      WHERE id = ANY(${ids}::uuid[]) AND status = 'pending' RETURNING id`;
    const allowed = new Set(started.map((row) => row.id as string));
    return ids.map((id) => allowed.has(id));
  });
  const complete = createBatcher(async (ids: string[]) => {
    await sql`UPDATE bench_minimal_record SET status = 'completed' WHERE id = ANY(${ids}::uuid[])`;
    return ids;
  });
  return {
    /** Inserts a row and answers its id once committed. */
    create: (): Promise<string> => insert(randomUUID()),
    /** Marks the row running (started_at = now()); false when it was not pending. */
    start: (id: string): Promise<boolean> => start(id),
    complete: (id: string): Promise<string> => complete(id),
  };
}
