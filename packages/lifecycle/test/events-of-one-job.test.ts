import { randomUUID } from 'node:crypto';
import { waitFor } from '@scheduler/testing';
import { describe, expect, it } from 'vitest';
import { db, lifecycle, useLifecycleStore } from './store-fixture.ts';

// Concurrent events share one statement (the store's batcher). Two events of one job in one
// batch must still be applied one after the other, in the order they were sent, and each
// caller must be told what happened to its own event.
useLifecycleStore();

/** A job its worker is running. */
async function runningJob(): Promise<string> {
  const created = await lifecycle.create({
    jobType: 'test_noop',
    payload: {},
    priority: 'LOW',
    maxAttempts: 1,
    startedBy: null,
  });
  const id = created.record?.id as string;
  expect((await lifecycle.start(id, 'w-1')).allowed).toBe(true);
  return id;
}

const rowOf = async (id: string) => (await db.sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`)[0];
const eventsOf = async (id: string) =>
  (await db.sql`SELECT kind FROM job_events WHERE job_id = ${id} ORDER BY id`).map((e) => e.kind as string);

const RESULT = { success: true, itemsProcessed: 7 };

describe('two events of one job in one batch', () => {
  it('a progress and then a complete sent together: both applied in order, the row completed', async () => {
    const id = await runningJob();
    // Sent in the same tick, so they leave in the same batch.
    const [progress, complete] = await Promise.all([
      lifecycle.progress(id, { percent: 50, done: 5, total: 10 }),
      lifecycle.complete(id, RESULT),
    ]);
    const row = await rowOf(id);
    expect(row?.status).toBe('completed');
    expect(row?.result).toEqual(RESULT);
    expect(row?.progress).toMatchObject({ percent: 100 });
    expect(progress).toMatchObject({ allowed: true, from: 'running', to: 'running' });
    expect(complete).toMatchObject({ allowed: true, from: 'running', to: 'completed' });
    expect(complete.record?.status).toBe('completed');
    expect(await eventsOf(id)).toEqual(['created', 'started', 'progress', 'completed']);
  });

  it('a complete and then a progress sent together: the progress is refused, and told so', async () => {
    const id = await runningJob();
    const [complete, progress] = await Promise.all([
      lifecycle.complete(id, RESULT),
      lifecycle.progress(id, { percent: 50 }),
    ]);
    expect(complete).toMatchObject({ allowed: true, to: 'completed' });
    expect(progress).toMatchObject({ allowed: false, from: 'completed' });
    const row = await rowOf(id);
    expect(row?.status).toBe('completed');
    expect(row?.progress).toMatchObject({ percent: 100 });
    expect(await eventsOf(id)).toEqual(['created', 'started', 'completed']);
  });

  it('when Postgres is slow, events of one job that queue up behind it are applied in order', async () => {
    // Two batches in flight (the batcher's limit), each held on a row lock; what arrives
    // meanwhile waits, then leaves as one batch: the shape of a busy worker on a slow Postgres.
    const [blockedA, blockedB, id] = [await runningJob(), await runningJob(), await runningJob()];
    const lock = db.sql.reserve();
    const holder = await lock;
    await holder`BEGIN`;
    await holder`SELECT id FROM scheduled_jobs WHERE id IN ${holder([blockedA, blockedB])} FOR UPDATE`;
    const inFlight = [lifecycle.progress(blockedA, { percent: 1 })];
    // A later tick: the first batch has left.
    await new Promise((resolve) => setImmediate(resolve));
    inFlight.push(lifecycle.progress(blockedB, { percent: 1 }));
    await new Promise((resolve) => setImmediate(resolve));
    // Both batches wait on the lock (two statements blocked in Postgres).
    await waitFor('the two batches to wait on the lock', async () => {
      const [row] = await db.sql`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND datname = current_database()`;
      return (row?.n as number) >= 2;
    });
    const progress = lifecycle.progress(id, { percent: 60 });
    await new Promise((resolve) => setImmediate(resolve));
    const complete = lifecycle.complete(id, RESULT);
    await holder`COMMIT`;
    holder.release();
    await Promise.all(inFlight);
    expect(await progress).toMatchObject({ allowed: true, to: 'running' });
    expect(await complete).toMatchObject({ allowed: true, to: 'completed' });
    const row = await rowOf(id);
    expect(row?.status).toBe('completed');
    expect(row?.result).toEqual(RESULT);
    expect(await eventsOf(id)).toEqual(['created', 'started', 'progress', 'completed']);
  });

  it('many jobs with several events each in one batch: every job ends as its last event says', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => runningJob()));
    const answers = await Promise.all(
      ids.flatMap((id, i) => [
        lifecycle.progress(id, { percent: 10 }),
        lifecycle.progress(id, { percent: 20 }),
        i % 2 === 0 ? lifecycle.complete(id, RESULT) : lifecycle.fail(id, 'it broke'),
      ]),
    );
    expect(answers.every((a) => a.allowed)).toBe(true);
    const rows = await db.sql`SELECT id, status FROM scheduled_jobs WHERE id IN ${db.sql(ids)}`;
    const statusOf = new Map(rows.map((r) => [r.id as string, r.status as string]));
    ids.forEach((id, i) => {
      expect(statusOf.get(id)).toBe(i % 2 === 0 ? 'completed' : 'failed');
    });
    const attempts =
      await db.sql`SELECT count(*)::int AS n FROM job_attempts WHERE job_id IN ${db.sql(ids)} AND ended_at IS NULL`;
    expect(attempts[0]?.n).toBe(0);
    // A nonexistent job in the same batch is refused on its own.
    expect(await lifecycle.progress(randomUUID(), { percent: 1 })).toMatchObject({ allowed: false, from: 'absent' });
  });
});
