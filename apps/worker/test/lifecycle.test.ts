import { TEST_REDIS_URL, waitFor } from '@scheduler/testing';
import { harnessTest } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

/** The file's harness with a worker in this process, running every test's jobs. */
const it = harnessTest.extend('worker', { scope: 'file', auto: true }, ({ h }) => h.startWorker());

describe('job lifecycle', () => {
  it('goes pending → running → completed, and the row tells the whole story', async ({ h }) => {
    const id = await h.trigger('test_script', { sleepMs: 600 });
    const running = await h.waitForStatus(id, 'running');
    expect(running.startedAt).not.toBeNull();
    expect(running.completedAt).toBeNull();
    expect(running.attempts).toBe(1);

    const done = await h.waitForStatus(id, 'completed');
    expect(done.result).toEqual({ success: true, itemsProcessed: 1, errors: [], details: { attempt: 1 } });
    expect(done.error).toBeNull();
    expect(done.progress).toEqual({ percent: 100, done: 10, total: 10 });
    expect(new Date(done.completedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.startedAt).getTime());
  });

  it('retries a failing attempt with backoff and completes when a later attempt succeeds', async ({ h }) => {
    const id = await h.trigger('test_script', { failTimes: 1 });
    const done = await h.waitForStatus(id, 'completed');
    expect(done.attempts).toBe(2);
    expect(done.result.details).toEqual({ attempt: 2 });
  });

  it('fails with the last error once every attempt has failed', async ({ h }) => {
    const id = await h.trigger('test_script', { failTimes: 10, errorMessage: 'upstream exploded' });
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.attempts).toBe(3);
    expect(failed.maxAttempts).toBe(3);
    expect(failed.error).toBe('upstream exploded (attempt 3)');
    expect(failed.completedAt).not.toBeNull();
  });

  it('treats a result with success: false as a failure, keeping the result', async ({ h }) => {
    const id = await h.trigger('test_script', { reportFailure: true, errorMessage: 'nothing to crawl from' });
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.error).toBe('nothing to crawl from');
    expect(failed.result).toMatchObject({ success: false, errors: ['nothing to crawl from'] });
    expect(failed.attempts).toBe(3);
  });

  it.for([
    ['a handler that honours its signal', false],
    ['a handler that ignores its signal', true],
  ] as const)(
    'stops %s at the maximum run time, fails it without retrying, and says why',
    async ([_name, ignoreSignal], { h }) => {
      const started = Date.now();
      const id = await h.trigger('test_bounded', { sleepMs: 8000, ignoreSignal });
      const failed = await h.waitForStatus(id, 'failed');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(failed.error).toBe('test_bounded exceeded its maximum run time of 1s and was stopped');
      expect(failed.attempts).toBe(1);
    },
  );

  it('fails a job whose queued payload no longer fits its schema, without retries', async ({ h }) => {
    const id = await h.trigger('test_script', { sleepMs: 0 });
    await h.waitForStatus(id, 'completed');
    // A row whose queued copy was tampered with (or written by an older release).
    const [row] = await h.sql`
      INSERT INTO scheduled_jobs (job_type, payload, max_attempts) VALUES ('test_script', '{}', 3) RETURNING id`;
    const { Queue } = await import('bullmq');
    const queue = new Queue('test_script', { connection: { url: TEST_REDIS_URL }, prefix: h.queuePrefix });
    await queue.add('test_script', { payload: { sleepMs: 'long' } }, { jobId: row?.id as string, attempts: 3 });
    await queue.close();
    const failed = await h.waitForStatus(row?.id as string, 'failed');
    expect(failed.error).toMatch(/^Invalid payload: sleepMs: /);
    expect(failed.attempts).toBe(1);
  });
});

describe('under concurrent load', () => {
  it('runs every one of many concurrently triggered jobs to completion', async ({ h }) => {
    const ids = await Promise.all(Array.from({ length: 300 }, () => h.trigger('test_noop')));
    expect(new Set(ids).size).toBe(300);
    await waitFor(
      'all 300 jobs to complete',
      async () => {
        const [row] = await h.sql`
          SELECT count(*)::int AS n FROM scheduled_jobs WHERE id = ANY(${h.sql.array(ids)}::uuid[]) AND status = 'completed'`;
        return row?.n === 300;
      },
      { timeoutMs: 20_000 },
    );
  });
});

describe('worker probes', () => {
  it('answers /health and /health/ready for Kubernetes', async ({ worker }) => {
    const base = `http://127.0.0.1:${worker.healthPort}`;
    const live = await fetch(`${base}/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'healthy', service: 'scheduler-worker' });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', workers: 'ok' } });
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/jobs`)).status).toBe(404);
  });
});
