import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Jobs waiting between attempts: listed with their next try and the failed attempt's error, and
 * moved forward by "run now", one or all matching, long before their backoff ends.
 */
let h: Harness;
const BACKOFF_MS = 60_000;

beforeAll(async () => {
  // A minute's backoff: a job that runs again within seconds was moved forward.
  h = await createHarness({
    JOB_OVERRIDES: JSON.stringify({ test_script: { backoffMs: BACKOFF_MS }, test_bounded: { backoffMs: BACKOFF_MS } }),
  });
  await h.startWorker();
}, 30_000);
afterAll(async () => {
  await h?.close();
});

interface RetryWait {
  id: string;
  jobType: string;
  nextTryAt: string;
  nextTryFrom: 'queue' | 'backoff';
  failedAttempt: number;
  attemptError: string | null;
  display: { state: string; retryAt: string | null };
}

const listed = async (query = ''): Promise<{ jobs: RetryWait[]; total: number }> => {
  const res = await h.call('GET', `/api/retry-waits?limit=100${query}`);
  expect(res.statusCode).toBe(200);
  return res.json();
};

/** Triggers a job that fails its first attempt with `errorMessage`; resolves once it waits to retry. */
async function failingOnce(errorMessage: string, type = 'test_script'): Promise<string> {
  const res = await h.call('POST', '/api/jobs/trigger', { jobType: type, payload: { failTimes: 1, errorMessage } });
  expect(res.statusCode).toBe(202);
  return res.json().id as string;
}

const waitingIds = (ids: string[]) =>
  waitFor(
    `${ids.length} jobs to wait to retry`,
    async () => {
      const { jobs } = await listed();
      return ids.every((id) => jobs.some((j) => j.id === id)) ? jobs : null;
    },
    { timeoutMs: 15_000 },
  );

const failedAt = async (id: string) => {
  const [row] = await h.sql`SELECT ended_at FROM job_attempts WHERE job_id = ${id} AND number = 1`;
  return (row as { ended_at: Date }).ended_at.getTime();
};

describe('retry waits', () => {
  let first: string;

  it("lists a job failing with backoff with BullMQ's next try and the error that sent it there", async () => {
    first = await failingOnce('ECONNRESET from the crawler');
    const jobs = await waitingIds([first]);
    const wait = jobs.find((j) => j.id === first) as RetryWait;
    expect(wait).toMatchObject({
      jobType: 'test_script',
      status: 'pending',
      failedAttempt: 1,
      attemptError: 'ECONNRESET from the crawler (attempt 1)',
      nextTryFrom: 'queue',
      display: { state: 'waiting_to_retry' },
    });
    // BullMQ's time (counted from the worker's clock as the attempt failed) and the row's agree
    // to within the moment between the two.
    const expected = (await failedAt(first)) + BACKOFF_MS;
    expect(Math.abs(Date.parse(wait.nextTryAt) - expected)).toBeLessThan(1000);
    expect(Math.abs(Date.parse(wait.display.retryAt as string) - expected)).toBeLessThan(1000);
  });

  it('run now starts it at once rather than after its backoff, and is audited', async () => {
    const asked = Date.now();
    const res = await h.call('POST', `/api/jobs/${first}/run-now`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: first, status: 'pending' });
    const done = await h.waitForStatus(first, 'completed', 15_000);
    expect(Date.now() - asked).toBeLessThan(BACKOFF_MS / 4);
    expect(done.attempts).toBe(2);
    expect((await listed()).jobs.some((j) => j.id === first)).toBe(false);
    // The audit row is written once the answer is sent.
    const audit = await waitFor('the audit row', async () => {
      const rows =
        await h.sql`SELECT action, target, status_code FROM scheduler_audit_log WHERE action = 'job.run_now'`;
      return rows.length > 0 ? rows : null;
    });
    expect(audit).toEqual([{ action: 'job.run_now', target: first, status_code: 200 }]);
  });

  it('refuses with 409 a job that is not waiting to retry (a completed one), and 404 an unknown one', async () => {
    const res = await h.call('POST', `/api/jobs/${first}/run-now`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'not_waiting', status: 'completed' });
    expect(res.json().message).toContain('is not waiting to retry: it is completed');
    const unknown = await h.call('POST', '/api/jobs/00000000-0000-4000-8000-000000000000/run-now');
    expect(unknown.statusCode).toBe(404);
  });

  it('filters the listing by type and error, and "run all matching" moves exactly the matching ones', async () => {
    const matching = [
      await failingOnce('ECONNRESET again'),
      await failingOnce('read ECONNRESET'),
      await failingOnce('socket econnreset'),
    ];
    const others = [
      await failingOnce('timed out'),
      await failingOnce('timed out too'),
      // The same error, another type.
      await failingOnce('ECONNRESET', 'test_bounded'),
    ];
    await waitingIds([...matching, ...others]);
    const filtered = await listed('&type=test_script&error=econnreset');
    expect(filtered.jobs.map((j) => j.id).sort()).toEqual([...matching].sort());
    expect(filtered.total).toBe(3);
    expect((await listed('&type=test_bounded')).jobs.map((j) => j.id)).toEqual([others[2]]);

    const asked = Date.now();
    const res = await h.call('POST', '/api/retry-waits/run-now', { type: 'test_script', error: 'ECONNRESET' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ matched: 3, moved: 3, notMoved: [], more: false });
    await Promise.all(matching.map((id) => h.waitForStatus(id, 'completed', 15_000)));
    expect(Date.now() - asked).toBeLessThan(BACKOFF_MS / 4);
    // The others still wait out their backoff.
    const left = await listed();
    expect(left.jobs.map((j) => j.id).sort()).toEqual([...others].sort());
    for (const id of others) expect((await h.job(id)).status).toBe('pending');
    const audit = await waitFor('the audit row', async () => {
      const [row] = await h.sql`
        SELECT target, details, status_code FROM scheduler_audit_log WHERE action = 'retry_waits.run_now'`;
      return row;
    });
    expect(audit).toEqual({
      target: 'test_script',
      details: { type: 'test_script', error: 'ECONNRESET', max: 1000 },
      status_code: 200,
    });
  });

  it('bounds "run all matching": max moves that many, and says more are left', async () => {
    const res = await h.call('POST', '/api/retry-waits/run-now', { error: 'timed out', max: 1 });
    expect(res.json()).toEqual({ matched: 1, moved: 1, notMoved: [], more: true });
    const bad = await h.call('POST', '/api/retry-waits/run-now', { max: 5000 });
    expect(bad.statusCode).toBe(400);
    const unknownType = await h.call('POST', '/api/retry-waits/run-now', { type: 'no_such_type' });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().error).toBe('unknown_job_type');
  });
});
