import { bucketOf, createJobHistory, createSql, quantileMs, type Sql } from '@scheduler/db';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLifecycleStore } from '../src/index.ts';
import { db, lifecycle, useLifecycleStore } from './store-fixture.ts';

// The history charts' rollups are written by the lifecycle in the statement that ends a job:
// these tests end real jobs through it and read job_history_minutes back.
useLifecycleStore();
beforeEach(async () => {
  await db.sql`DELETE FROM job_history_minutes`;
  await db.sql`DELETE FROM job_history_hours`;
});

async function created(jobType: string, payload: Record<string, unknown> = {}, maxAttempts = 1): Promise<string> {
  const outcome = await lifecycle.create({ jobType, payload, priority: 'LOW', maxAttempts, startedBy: null });
  return outcome.record?.id as string;
}

/** A running job that started `ms` ago (its start time is set back so its duration is known). */
async function runningFor(jobType: string, ms: number, payload: Record<string, unknown> = {}): Promise<string> {
  const id = await created(jobType, payload);
  expect((await lifecycle.start(id, 'w-1')).allowed).toBe(true);
  await db.sql`UPDATE scheduled_jobs SET started_at = now() - make_interval(secs => ${ms / 1000}) WHERE id = ${id}`;
  return id;
}

/** Each type's figures, its rows added up (the lifecycle writes a row per settle statement). */
const rows = async () =>
  db.sql`
    SELECT job_type, sum(completed)::int AS completed, sum(failed)::int AS failed, sum(cancelled)::int AS cancelled,
           (SELECT array_agg(n ORDER BY i) FROM (
              SELECT u.i, sum(u.n)::int AS n FROM job_history_minutes m2, unnest(m2.durations) WITH ORDINALITY u(n, i)
              WHERE m2.job_type = m.job_type GROUP BY u.i) b) AS durations
    FROM job_history_minutes m GROUP BY job_type ORDER BY job_type`;

const totals = async (jobType: string) => {
  const [row] = await db.sql`
    SELECT coalesce(sum(completed), 0)::int AS completed, coalesce(sum(failed), 0)::int AS failed,
           coalesce(sum(cancelled), 0)::int AS cancelled
    FROM job_history_minutes WHERE job_type = ${jobType}`;
  return row;
};

describe('the rollup written as jobs finish', () => {
  it('counts completed, failed and cancelled jobs per type, and the completed ones’ durations', async () => {
    // 20 runs of about 100 ms, 20 of 2 s, one of 60 s.
    const durations = [...Array(20).fill(100), ...Array(20).fill(2000), 60_000];
    const ids = await Promise.all(durations.map((ms) => runningFor('test_noop', ms)));
    await Promise.all(ids.map((id) => lifecycle.complete(id, { success: true })));
    const failing = await Promise.all([runningFor('test_noop', 50), runningFor('test_noop', 50)]);
    await Promise.all(failing.map((id) => lifecycle.fail(id, 'boom')));
    // Cancelled before it started (no duration) and stopped while running.
    await lifecycle.requestCancel(await created('test_noop'));
    const stopping = await runningFor('test_noop', 10);
    await lifecycle.requestCancel(stopping);
    await lifecycle.stop(stopping, 'cancelled on request', null);
    // A dry run is counted but its time is not a real run's.
    await lifecycle.complete(await runningFor('test_noop', 5000, { dryRun: true }), { success: true });
    // Another type in its own row; an attempt failing with tries left is not an end.
    await lifecycle.complete(await runningFor('test_slow', 300), { success: true });
    const retrying = await created('test_slow', {}, 3);
    await lifecycle.start(retrying, 'w-1');
    await lifecycle.attemptFailed(retrying, 'try again');

    const all = await rows();
    expect(all.map((r) => [r.job_type, r.completed, r.failed, r.cancelled])).toEqual([
      ['test_noop', 42, 2, 2],
      ['test_slow', 1, 0, 0],
    ]);
    const histogram = all[0]?.durations as number[];
    // Exactly the real completed runs, each in the bucket of its row's own duration.
    const runs = await db.sql`
      SELECT extract(epoch FROM completed_at - started_at)::float8 * 1000 AS ms FROM scheduled_jobs
      WHERE job_type = 'test_noop' AND status = 'completed' AND NOT payload ? 'dryRun' ORDER BY ms`;
    expect(runs).toHaveLength(41);
    const expected: number[] = [];
    for (const { ms } of runs) {
      const bucket = bucketOf(ms as number);
      for (let i = expected.length; i <= bucket; i++) expected.push(0);
      expected[bucket] = (expected[bucket] ?? 0) + 1;
    }
    expect(histogram).toEqual(expected);
    // Percentiles read from it are within the bucket's precision (9%) of the runs' own.
    const exact = (q: number) => runs[Math.ceil(q * runs.length) - 1]?.ms as number;
    for (const q of [0.25, 0.5, 0.95, 1]) {
      expect(Math.abs((quantileMs(histogram, q) as number) / exact(q) - 1)).toBeLessThan(0.091);
    }
  });

  it('a settle batch that fails and is retried job by job counts each job once', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => runningFor('test_noop', 10)));
    const bad = await runningFor('test_noop', 10);
    // Sent in one tick, so one batch; Postgres refuses the NUL in the bad one's error, which
    // fails the whole statement, and the batcher then applies each event alone.
    const outcomes = await Promise.allSettled([
      ...ids.map((id) => lifecycle.complete(id, { success: true })),
      lifecycle.fail(bad, 'bad \u0000 byte'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(20);
    expect(outcomes.at(-1)?.status).toBe('rejected');
    expect(await totals('test_noop')).toEqual({ completed: 20, failed: 0, cancelled: 0 });
    // Ended again (a duplicate delivery): refused by the table, not counted again.
    await Promise.all(ids.map((id) => lifecycle.complete(id, { success: true })));
    expect(await totals('test_noop')).toEqual({ completed: 20, failed: 0, cancelled: 0 });
  });

  it('two workers settling the same jobs at once count each job once', async () => {
    // A second store on its own connections, as another worker process would be.
    const other: Sql = createSql(db.url, { max: 4 });
    try {
      const second = createLifecycleStore(other);
      const ids = await Promise.all(Array.from({ length: 60 }, () => runningFor('test_noop', 10)));
      await Promise.all(
        ids.flatMap((id, i) => [
          lifecycle.complete(id, { success: true }),
          i % 2 ? second.fail(id, 'the reconciler read a failure') : second.complete(id, { success: true }),
        ]),
      );
      const finished = await db.sql`SELECT status, count(*)::int AS n FROM scheduled_jobs
                                    WHERE id = ANY(${ids}::uuid[]) GROUP BY status`;
      const byStatus = Object.fromEntries(finished.map((r) => [r.status, r.n]));
      const t = await totals('test_noop');
      expect(t).toEqual({ completed: byStatus.completed ?? 0, failed: byStatus.failed ?? 0, cancelled: 0 });
      expect((t?.completed ?? 0) + (t?.failed ?? 0)).toBe(60);
    } finally {
      await other.end();
    }
  });
});

describe('folding and reading the history', () => {
  it('merges each past minute’s rows into one, once, leaving the current minute and every total as they were', async () => {
    const history = createJobHistory(db.sql);
    // Settled one at a time: a row per statement.
    for (const ms of [10, 20, 400]) await lifecycle.complete(await runningFor('test_noop', ms), { success: true });
    await lifecycle.fail(await runningFor('test_noop', 10), 'boom');
    const before = await rows();
    expect(Number((await db.sql`SELECT count(*)::int AS n FROM job_history_minutes`)[0]?.n)).toBeGreaterThanOrEqual(4);
    // The current minute is left alone (statements may still add to it) ...
    const nothing = await history.fold();
    const current = (await db.sql`SELECT count(*)::int AS n FROM job_history_minutes`)[0]?.n as number;
    expect(nothing.minutesMerged === 0 || current === 1).toBe(true);
    // ... a past one is merged, by one of two replicas doing it at once.
    await db.sql`UPDATE job_history_minutes SET minute = date_trunc('minute', now()) - interval '5 minutes'`;
    const [a, b] = await Promise.all([history.fold(), history.fold()]);
    expect(a.minutesMerged + b.minutesMerged).toBe(current);
    expect(await db.sql`SELECT count(*)::int AS n FROM job_history_minutes`).toEqual([{ n: 1 }]);
    expect(await rows()).toEqual(before);
  });

  it('minutes older than 48 h are folded into their hours exactly once and deleted; hours older than 35 days go', async () => {
    const history = createJobHistory(db.sql);
    // Real rows from the lifecycle, then moved back in time as if written 50 hours ago.
    const ids = await Promise.all([100, 100, 4000].map((ms) => runningFor('test_noop', ms)));
    await Promise.all(ids.map((id) => lifecycle.complete(id, { success: true })));
    await lifecycle.fail(await runningFor('test_noop', 10), 'boom');
    const [written] = await rows();
    await db.sql`UPDATE job_history_minutes SET minute = date_trunc('hour', now()) - interval '50 hours' + interval '5 minutes'`;
    const lifecycleRows = (await db.sql`SELECT count(*)::int AS n FROM job_history_minutes`)[0]?.n as number;
    // A second minute of the same hour, and a recent one that stays.
    await db.sql`INSERT INTO job_history_minutes (minute, job_type, completed, durations)
                 VALUES (date_trunc('hour', now()) - interval '50 hours' + interval '40 minutes', 'test_noop', 2, '{0,2}'),
                        (date_trunc('minute', now()) - interval '1 hour', 'test_noop', 1, '{1}')`;
    await db.sql`INSERT INTO job_history_hours (hour, job_type, completed)
                 VALUES (date_trunc('hour', now()) - interval '36 days', 'test_noop', 9),
                        (date_trunc('hour', now()) - interval '34 days', 'test_noop', 7)`;

    // Two replicas at once: each minute moves once (merged first, then folded).
    const [a, b] = await Promise.all([history.fold(), history.fold()]);
    expect(a.minutesFolded + b.minutesFolded).toBeGreaterThanOrEqual(2);
    expect(a.minutesFolded + b.minutesFolded).toBeLessThanOrEqual(lifecycleRows + 1);
    expect(a.hoursDeleted + b.hoursDeleted).toBe(1);
    const hours = await db.sql`SELECT hour, completed, failed, durations FROM job_history_hours ORDER BY hour`;
    expect(hours.map((h) => h.completed)).toEqual([7, 5]);
    expect(hours[1]?.failed).toBe(1);
    const folded = hours[1]?.durations as number[];
    const expected = ((written?.durations ?? []) as number[]).map((n, i) => n + (i === 1 ? 2 : 0));
    expect(folded).toEqual(expected);
    expect((await db.sql`SELECT count(*)::int AS n FROM job_history_minutes`)[0]?.n).toBe(1);
    // Folding again finds nothing.
    expect(await history.fold()).toEqual({ minutesMerged: 0, minutesFolded: 0, hoursDeleted: 0 });
  });

  it('the hourly series over 30 days joins folded hours and the hours still kept as minutes', async () => {
    const history = createJobHistory(db.sql);
    const hour = (hoursAgo: number) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - hoursAgo * 3_600_000);
    // One folded hour a day for 30 days, 3 completed and i failed on day i.
    for (let day = 1; day <= 29; day++) {
      await db.sql`INSERT INTO job_history_hours (hour, job_type, completed, failed, durations)
                   VALUES (${hour(day * 24)}, 'test_noop', 3, ${day}, '{0,0,3}')`;
    }
    // This hour, in minutes: two minutes of it.
    await db.sql`INSERT INTO job_history_minutes (minute, job_type, completed, cancelled, durations)
                 VALUES (${hour(0)}, 'test_noop', 1, 1, '{1}'), (${new Date(hour(0).getTime() + 60_000)}, 'test_noop', 2, 0, '{0,0,0,2}'),
                        (${hour(0)}, 'test_slow', 5, 0, '{}')`;
    const series = await history.hours('test_noop', new Date(Date.now() - 30 * 86_400_000));
    expect(series).toHaveLength(30);
    expect(series.slice(0, 29).map((p) => p.failed)).toEqual(Array.from({ length: 29 }, (_, i) => 29 - i));
    expect(series.at(-1)).toMatchObject({ at: hour(0), completed: 3, cancelled: 1, durations: [1, 0, 0, 2] });

    const minutes = await history.minutes('test_noop', new Date(Date.now() - 86_400_000));
    expect(minutes.map((p) => p.completed)).toEqual([1, 2]);

    const counts = await history.counts(hour(23), 3600, 24);
    const noop = counts.find((c) => c.jobType === 'test_noop');
    expect(noop?.finished).toEqual([...Array(23).fill(0), 4]);
    expect(counts.find((c) => c.jobType === 'test_slow')?.finished.at(-1)).toBe(5);
  });
});
