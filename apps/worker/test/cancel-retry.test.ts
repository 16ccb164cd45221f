import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createHarness();
  // The only worker is another process, running one test_script at a time and starting at most
  // two test_noop jobs a second.
  await h.spawnWorker({
    JOB_OVERRIDES: JSON.stringify({
      test_script: { concurrency: 1 },
      test_noop: { rateLimitMax: 2, rateLimitDurationMs: 1000 },
    }),
  });
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const post = (url: string, payload?: Record<string, unknown>) =>
  h.api.inject({ method: 'POST', url, headers: auth, ...(payload ? { payload } : {}) });
/** What fetch() sends with a JSON content type and no body, as dashboards often do. */
const postEmptyJson = (url: string) =>
  h.api.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: '' });
const trigger = async (payload: Record<string, unknown>, priority?: string) => {
  const res = await post('/api/jobs/trigger', { jobType: 'test_script', payload, ...(priority ? { priority } : {}) });
  expect(res.statusCode).toBe(202);
  return res.json().id as string;
};

describe('cancel and retry', () => {
  let running: string;
  let queued: string;

  it('cancels a queued job: removed from its queue, never run (an empty JSON body is no body)', async () => {
    running = await trigger({ sleepMs: 20_000 });
    await h.waitForStatus(running, 'running');
    queued = await trigger({ sleepMs: 0 });
    const res = await postEmptyJson(`/api/jobs/${queued}/cancel`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: queued, status: 'cancelled', error: 'cancelled before it started' });
    expect(await h.queues().get('test_script')?.getJob(queued)).toBeUndefined();
  });

  it('cancels a job running in another process: it stops at its next checkpoint with its partial result', async () => {
    const asked = Date.now();
    const res = await post(`/api/jobs/${running}/cancel`);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ id: running, status: 'running' });
    const cancelled = await h.waitForStatus(running, 'cancelled', 8000);
    expect(Date.now() - asked).toBeLessThan(5000);
    expect(cancelled.error).toBe('cancelled on request');
    // What it did, and that it was cancelled: not a success (the handler itself said success).
    expect(cancelled.result).toMatchObject({
      success: false,
      cancelled: true,
      itemsProcessed: expect.any(Number),
      details: { stoppedAfterStep: expect.any(Number) },
    });
    // Bull Board agrees: the run is in its failed list, as cancelled. The record is written
    // first and BullMQ moves the job once the processor has thrown, a moment later.
    await expect
      .poll(async () => (await h.queues().get('test_script')?.getJob(running))?.getState(), { timeout: 5000 })
      .toBe('failed');
    const onBoard = await h.queues().get('test_script')?.getJob(running);
    expect(onBoard?.failedReason).toBe('cancelled: cancelled on request');
    expect(cancelled.result.details.stoppedAfterStep).toBeLessThan(10);
    // The queued job cancelled before stays unstarted now that the worker is free.
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.job(queued)).startedAt).toBeNull();
  });

  it('answers 409 for finished jobs, 404 for unknown ones and 400 for ids that are not ids', async () => {
    const again = await post(`/api/jobs/${running}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'not_cancellable', status: 'cancelled' });
    expect((await post('/api/jobs/00000000-0000-4000-8000-000000000000/cancel')).statusCode).toBe(404);
    expect((await post('/api/jobs/nope/cancel')).statusCode).toBe(400);
  });

  it('retries a cancelled or failed job as a new job linked to the original', async () => {
    const res = await post(`/api/jobs/${queued}/retry`);
    expect(res.statusCode).toBe(202);
    const retry = await h.waitForStatus(res.json().id, 'completed');
    expect(retry).toMatchObject({ retryOf: queued, payload: { sleepMs: 0 }, priority: 'MEDIUM' });

    const failing = await trigger({ failTimes: 5 });
    await h.waitForStatus(failing, 'failed', 15_000);
    const second = await postEmptyJson(`/api/jobs/${failing}/retry`);
    expect(second.statusCode).toBe(202);
    expect((await h.job(second.json().id)).retryOf).toBe(failing);

    // With a payload changed first: the retry runs with it, the original keeps its own.
    const refused = await post(`/api/jobs/${failing}/retry`, { payload: { sleepMs: 'soon' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/sleepMs/);
    const edited = await post(`/api/jobs/${failing}/retry`, { payload: { sleepMs: 10 } });
    expect(edited.statusCode).toBe(202);
    const editedRun = await h.waitForStatus(edited.json().id, 'completed');
    expect(editedRun).toMatchObject({ retryOf: failing, payload: { sleepMs: 10 } });
    expect((await h.job(failing)).payload).toMatchObject({ failTimes: 5, sleepMs: 0 });

    const notAgain = await post(`/api/jobs/${retry.id}/retry`);
    expect(notAgain.statusCode).toBe(409);
    expect(notAgain.json()).toMatchObject({ error: 'not_retryable', status: 'completed' });
    const audit =
      await h.sql`SELECT action, target, status_code FROM scheduler_audit_log WHERE action IN ('job.cancel', 'job.retry')`;
    expect(audit).toContainEqual({ action: 'job.retry', target: queued, status_code: 202 });
    expect(audit).toContainEqual({ action: 'job.cancel', target: running, status_code: 202 });
  });
});

describe('priorities', () => {
  it('starts queued HIGH jobs before MEDIUM and LOW ones, whatever the order they came in', async () => {
    const busy = await trigger({ sleepMs: 1500 });
    await h.waitForStatus(busy, 'running');
    const low1 = await trigger({}, 'LOW');
    const low2 = await trigger({}, 'LOW');
    const medium = await trigger({});
    const high = await trigger({}, 'HIGH');
    for (const id of [low1, low2, medium, high]) await h.waitForStatus(id, 'completed', 10_000);
    const order = await h.sql`
      SELECT id FROM scheduled_jobs WHERE id = ANY(${[low1, low2, medium, high]}::uuid[]) ORDER BY started_at`;
    expect(order.map((r) => r.id)).toEqual([high, medium, low1, low2]);
  });
});

describe('rate limit per job type', () => {
  it('starts no more jobs of a type than its limit allows', async () => {
    const ids = await Promise.all(
      Array.from(
        { length: 6 },
        async () => (await post('/api/jobs/trigger', { jobType: 'test_noop' })).json().id as string,
      ),
    );
    for (const id of ids) await h.waitForStatus(id, 'completed', 10_000);
    const starts = (
      await h.sql`SELECT started_at FROM scheduled_jobs WHERE id = ANY(${ids}::uuid[]) ORDER BY started_at`
    ).map((r) => (r.started_at as Date).getTime());
    // Two per second: any three consecutive starts span most of a second, six span two.
    for (let i = 2; i < starts.length; i++)
      expect((starts[i] as number) - (starts[i - 2] as number)).toBeGreaterThan(900);
    expect((starts[5] as number) - (starts[0] as number)).toBeGreaterThan(1900);
  });
});
