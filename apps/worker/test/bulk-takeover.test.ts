import type { ChildProcess } from 'node:child_process';
import { type FaultProxy, startFaultProxy, TEST_REDIS_URL, TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness, REDIS } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A bulk retry whose API dies midway: the API holding the `bulk-operations` lease is killed
 * (SIGKILL, nothing cleaned up) while a group of jobs has been retried but not yet recorded, and
 * a second API takes the lease once it expires and finishes the operation. Every job is acted on
 * exactly once: one new run per retried job however the work was split between the two, counts
 * that add up, one audit entry.
 *
 * The first API reaches Redis through a proxy the test hangs once the operation starts: each new
 * run's queueing then waits out its timeout after the run is recorded, which holds the runner in
 * that window long enough to be killed there every time (unhindered, it lasts a few milliseconds).
 *
 * Real processes only: the harness's in-process API is closed first (it runs a bulk runner of its
 * own, which would take the lease).
 */
let h: Harness;
let redisLink: FaultProxy;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
// Slow enough that the operation takes several seconds: 600 jobs at 100 a second.
const PACE = { BULK_ACTION_JOBS_PER_SECOND: '100' };

beforeAll(async () => {
  h = await createHarness(PACE);
  await h.api.close();
  redisLink = await startFaultProxy(REDIS);
}, 30_000);
afterAll(async () => {
  await h?.close();
  await redisLink?.close();
});

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

async function call(base: string, method: 'GET' | 'POST', path: string, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body ? { ...auth, 'content-type': 'application/json' } : auth,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { id: string } };
}

/** `count` test_script jobs, triggered through `base`, 50 at a time. No worker runs: they stay pending. */
async function trigger(base: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, () =>
        call(base, 'POST', '/api/jobs/trigger', { jobType: 'test_script' }),
      ),
    );
    for (const res of answers) {
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
  }
  return ids;
}

/** Jobs of the operation already retried (a run with retry_of exists) but with no outcome on record. */
const inDoubt = async (operationId: string) =>
  (
    await h.sql`
      SELECT count(DISTINCT b.job_id)::int AS n FROM bulk_operation_jobs b
      JOIN scheduled_jobs r ON r.retry_of = b.job_id
      WHERE b.operation_id = ${operationId} AND b.outcome IS NULL`
  )[0]?.n as number;

describe('a bulk retry taken over by another API', () => {
  it('is finished by the second API after the first is killed midway, each job retried exactly once', async () => {
    const first = await h.spawnApi({ REDIS_URL: redisLink.url(TEST_REDIS_URL) });
    const since = new Date().toISOString();
    const cancelled = await trigger(first.url, 600);
    for (let i = 0; i < cancelled.length; i += 50) {
      const answers = await Promise.all(
        cancelled.slice(i, i + 50).map((id) => call(first.url, 'POST', `/api/jobs/${id}/cancel`)),
      );
      for (const res of answers) expect(res.status).toBe(200);
    }
    // Still pending: the lifecycle refuses to retry them.
    const pending = await trigger(first.url, 50);
    const matched = cancelled.length + pending.length;

    const created = await call(first.url, 'POST', '/api/bulk-operations', {
      action: 'retry',
      filter: { type: 'test_script', from: since },
      expectedCount: matched,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const op = created.body;
    redisLink.cut('hang');

    // Killed the moment some jobs are retried but their outcomes not yet recorded: the worst
    // place to die (the new holder cannot tell from the outcomes that they were acted on).
    await waitFor('the first API to have retried jobs it has not recorded', async () => (await inDoubt(op.id)) > 0, {
      timeoutMs: 30_000,
    });
    await killed(first.child);
    const [atKill] = await h.sql`
      SELECT state, done + refused + failed AS acted FROM bulk_operations WHERE id = ${op.id}`;
    expect(atKill).toMatchObject({ state: 'running' });
    expect(atKill?.acted).toBeLessThan(matched / 2);
    // Nothing of the dead API still on its way to Postgres can record them now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const leftInDoubt = await inDoubt(op.id);
    expect(leftInDoubt).toBeGreaterThan(0);
    redisLink.heal();

    // A second API takes the lease once the dead holder's lease expires, and resumes at the cursor.
    const second = await h.spawnApi();
    const done = await waitFor(
      'the second API to finish the operation',
      async () => {
        const now = await call(second.url, 'GET', `/api/bulk-operations/${op.id}`);
        return now.body.state === 'running' ? null : now.body;
      },
      { timeoutMs: 60_000 },
    );
    expect(done).toMatchObject({
      state: 'done',
      matched,
      done: cancelled.length,
      refused: pending.length,
      refusedReasons: { 'still pending': pending.length },
      failed: 0,
      untouched: 0,
    });

    // One run per retried job: the jobs the dead API retried but had not recorded were not retried again.
    const runs = await h.sql`
      SELECT retry_of, count(*)::int AS n FROM scheduled_jobs WHERE retry_of IS NOT NULL GROUP BY retry_of`;
    expect(runs.filter((r) => r.n !== 1)).toEqual([]);
    expect(runs.map((r) => r.retry_of).sort()).toEqual([...cancelled].sort());
    // Each outcome names the run it made.
    const [linked] = await h.sql`
      SELECT count(*)::int AS n FROM bulk_operation_jobs b JOIN scheduled_jobs r ON r.id = b.new_job_id
      WHERE b.operation_id = ${op.id} AND r.retry_of = b.job_id`;
    expect(linked?.n).toBe(cancelled.length);
    expect(await h.sql`SELECT count(*)::int AS n FROM job_events WHERE kind = 'created'`).toEqual([
      { n: matched + cancelled.length },
    ]);

    const audit = await h.sql`SELECT action, target FROM scheduler_audit_log WHERE action LIKE 'bulk.%'`;
    expect(audit).toEqual([{ action: 'bulk.create', target: op.id }]);
  }, 180_000);
});
