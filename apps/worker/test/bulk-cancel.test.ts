import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A bulk cancel of 1,000 jobs matching a filter, with a worker running: 300 completed, 5
 * running and 695 queued behind them. Exactly the running and queued ones end cancelled (the
 * running ones asked, then stopped by their worker), the completed ones are refused with the
 * reason, one audit entry, and the same request repeated is the same operation.
 */
let h: Harness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createHarness({ BULK_ACTION_JOBS_PER_SECOND: '200' });
  await h.startWorker({ JOB_OVERRIDES: JSON.stringify({ test_script: { concurrency: 5 } }) });
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  h.api.inject({ method: 'POST', url, headers: { ...auth, ...headers }, payload });
const get = async (url: string) => (await h.api.inject({ method: 'GET', url, headers: auth })).json();

async function trigger(count: number, payload: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, () =>
        post('/api/jobs/trigger', { jobType: 'test_script', payload }),
      ),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      ids.push(res.json().id);
    }
  }
  return ids;
}

const countWhere = async (ids: string[], status: string) =>
  (await h.sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE id = ANY(${ids}::uuid[]) AND status = ${status}`)[0]
    ?.n as number;

describe('bulk cancel by filter', () => {
  it('cancels exactly the queued and running jobs of 1,000, refuses the completed, audits once, and acts once', async () => {
    const since = new Date().toISOString();
    const completed = await trigger(300, {});
    await waitFor('300 jobs to complete', async () => (await countWhere(completed, 'completed')) === 300, {
      timeoutMs: 60_000,
    });
    const running = await trigger(5, { sleepMs: 120_000 });
    await waitFor('5 jobs to run', async () => (await countWhere(running, 'running')) === 5, { timeoutMs: 15_000 });
    const queued = await trigger(695, { sleepMs: 120_000 });
    const filter = { type: 'test_script', from: since };

    const preview = await post('/api/bulk-operations/preview', { action: 'cancel', filter });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      matched: 1000,
      matchedIsExact: true,
      wouldAct: 700,
      wouldRefuse: { 'already completed': 300 },
      byStatus: { completed: 300, running: 5, pending: 695 },
    });

    const body = { action: 'cancel', filter, expectedCount: 1000 };
    const key = { 'idempotency-key': `bulk-cancel-${since}` };
    const created = await post('/api/bulk-operations', body, key);
    expect(created.statusCode).toBe(201);
    const op = created.json();
    // The filter as the listing reads it: a type is a list of types.
    expect(op).toMatchObject({
      action: 'cancel',
      state: 'running',
      matched: 1000,
      selection: { filter: { type: ['test_script'], from: since } },
    });
    // The same request again: with its key, the first answer; without, the operation still running.
    const replayed = await post('/api/bulk-operations', body, key);
    expect(replayed.statusCode).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json().id).toBe(op.id);
    const again = await post('/api/bulk-operations', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(op.id);

    // Progress moves while it runs, then it ends with every job counted once.
    const done = await waitFor(
      'the bulk cancel to end',
      async () => {
        const now = await get(`/api/bulk-operations/${op.id}`);
        return now.state === 'running' ? null : now;
      },
      { timeoutMs: 60_000 },
    );
    // How the running ones stood when the operation ended (said if they are not cancelled in time).
    const runningAtEnd = await h.sql`
      SELECT id, status, cancel_requested_at FROM scheduled_jobs WHERE id = ANY(${running}::uuid[])`;
    expect(done).toMatchObject({
      state: 'done',
      matched: 1000,
      done: 700,
      refused: 300,
      refusedReasons: { 'already completed': 300 },
      failed: 0,
      untouched: 0,
    });
    expect(await h.sql`SELECT count(*)::int AS n FROM bulk_operations`).toEqual([{ n: 1 }]);

    // The running ones were asked to stop (as a single cancel's 202), then their worker stopped them.
    const asked = await h.sql`
      SELECT job_id FROM bulk_operation_jobs WHERE operation_id = ${op.id} AND reason = 'cancel requested'`;
    expect(asked.map((r) => r.job_id)).toEqual(expect.arrayContaining(running));
    // The queued ones are cancelled on record at once; a running one when its worker's cancel poll
    // reaches it and its handler stops. On a timeout, say where the others stand.
    const actedOn = [...running, ...queued];
    await waitFor('the 700 to be cancelled', async () => (await countWhere(actedOn, 'cancelled')) === 700, {
      timeoutMs: 60_000,
    }).catch(async (error: Error) => {
      const left = await h.sql`
        SELECT j.id, j.status, j.error, j.attempts, j.worker_id, j.cancel_requested_at, j.updated_at, b.reason AS bulk,
               (SELECT json_agg(json_build_object('kind', e.kind, 'at', e.at, 'data', e.data) ORDER BY e.id)
                FROM job_events e WHERE e.job_id = j.id AND e.kind <> 'log') AS events
        FROM scheduled_jobs j JOIN bulk_operation_jobs b ON b.job_id = j.id AND b.operation_id = ${op.id}
        WHERE j.id = ANY(${actedOn}::uuid[]) AND j.status <> 'cancelled'`;
      throw new Error(
        `${error.message}; not cancelled: ${JSON.stringify(left)}; the running ones when the operation ended: ${JSON.stringify(runningAtEnd)}`,
      );
    });
    for (const id of running) {
      const job = await h.job(id);
      expect(job).toMatchObject({ status: 'cancelled', error: 'cancelled on request', result: { cancelled: true } });
      expect(job.cancelRequestedAt).not.toBeNull();
    }
    const events = await h.sql`
      SELECT count(*)::int AS n FROM job_events WHERE kind = 'cancel_requested' AND job_id = ANY(${running}::uuid[])`;
    expect(events[0]?.n).toBe(5);
    // Queued ones never ran; the completed ones are as they were.
    const neverStarted = await h.sql`
      SELECT count(*)::int AS n FROM scheduled_jobs
      WHERE id = ANY(${queued}::uuid[]) AND status = 'cancelled' AND error = 'cancelled before it started'`;
    expect(neverStarted[0]?.n).toBeGreaterThan(600);
    expect(await countWhere(completed, 'completed')).toBe(300);

    // One audit entry for the whole operation: no row per job, none for the repeats.
    const audit = await h.sql`SELECT action, target, status_code FROM scheduler_audit_log ORDER BY id`;
    expect(audit.filter((a) => a.action !== 'job.trigger')).toEqual([
      { action: 'bulk.create', target: op.id, status_code: 201 },
    ]);

    // Replayed after it ended: still that one operation; nothing more is done.
    const late = await post('/api/bulk-operations', body, key);
    expect(late.json().id).toBe(op.id);
    expect(await h.sql`SELECT count(*)::int AS n FROM bulk_operations`).toEqual([{ n: 1 }]);
  }, 180_000);
});
