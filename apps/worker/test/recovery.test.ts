import { once } from 'node:events';
import { deleteQueueKeys, TEST_REDIS_URL, testJobs, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h?.close();
});

const rowOf = async (id: string) => (await h.sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`)[0];

describe('a worker killed with SIGKILL mid-job', () => {
  it('does not leave the row running: another worker recovers the stalled job and finishes it', async () => {
    const doomed = await h.spawnWorker();
    const id = await h.trigger('test_script', { sleepMs: 3000 });
    const running = await h.waitForStatus(id, 'running');
    expect(running.progress).toBeNull();
    expect((await rowOf(id))?.worker_id).toMatch(new RegExp(`:${doomed.pid}$`));

    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    const survivor = await h.startWorker();

    const done = await h.waitForStatus(id, 'completed', 20_000);
    expect(done.result.success).toBe(true);
    expect((await rowOf(id))?.worker_id).toBe(survivor.workerId);
    // Both runs are on record: the one that died with its worker, and the one that finished.
    expect(done.attempts).toBe(2);
    expect(done.attemptHistory).toMatchObject([
      { number: 1, reason: 'first', outcome: 'stalled', workerId: expect.stringMatching(`:${doomed.pid}$`) },
      { number: 2, reason: 'stalled', outcome: 'completed', workerId: survivor.workerId },
    ]);
  });

  it('settles the row as failed when the stalled job may not run again', async () => {
    const doomed = await h.spawnWorker({ WORKER_MAX_STALLED_COUNT: '0' });
    const id = await h.trigger('test_script', { sleepMs: 5000 });
    await h.waitForStatus(id, 'running');
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    // This replica's stalled check fails the job in Redis; its periodic reconciler settles the row.
    await h.startWorker({ WORKER_MAX_STALLED_COUNT: '0', RECONCILE_INTERVAL_MS: '500' });

    const failed = await h.waitForStatus(id, 'failed', 20_000);
    expect(failed.error).toMatch(/stalled/i);
    expect(failed.completedAt).not.toBeNull();
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops taking jobs, lets the running one finish, and exits cleanly', async () => {
    const worker = await h.spawnWorker();
    const id = await h.trigger('test_script', { sleepMs: 1500 });
    await h.waitForStatus(id, 'running');
    const exited = once(worker, 'exit');
    worker.kill('SIGTERM');
    // Queued while the worker drains: it must not take it.
    await new Promise((r) => setTimeout(r, 200));
    const next = await h.trigger('test_script', {});

    const [code] = await exited;
    expect(code).toBe(0);
    expect((await rowOf(id))?.status).toBe('completed');
    expect((await rowOf(next))?.status).toBe('pending');
  });
});

describe('shutdown past the grace period', () => {
  it('stops the handler and exits within the bound; another worker finishes the job, nothing recorded twice', async () => {
    const leaving = await h.spawnWorker({ SHUTDOWN_GRACE_MS: '1000' });
    const id = await h.trigger('test_script', { sleepMs: 8000 });
    await h.waitForStatus(id, 'running');
    const sentAt = performance.now();
    const exited = once(leaving, 'exit');
    leaving.kill('SIGTERM');
    await exited;
    const tookMs = performance.now() - sentAt;
    // The grace (1 s) plus closing, well before the 8 s the handler wanted.
    expect(tookMs).toBeLessThan(1000 + 4000);
    // Nothing was recorded for the stopped run: it is still the open attempt 1.
    const left = await h.job(id);
    expect(left.status).toBe('running');
    expect(left.attemptHistory).toMatchObject([{ number: 1, outcome: null }]);

    await h.startWorker();
    const done = await h.waitForStatus(id, 'completed', 40_000);
    expect(done.attemptHistory).toMatchObject([
      { number: 1, outcome: 'stalled' },
      { number: 2, reason: 'stalled', outcome: 'completed' },
    ]);
  }, 60_000);
});

describe('Redis losing its data while a job runs', () => {
  it('runs the job again as a second attempt, on record and in the event stream', async () => {
    const doomed = await h.spawnWorker();
    const id = await h.trigger('test_script', { sleepMs: 4000 });
    await h.waitForStatus(id, 'running');
    // The worker dies and Redis comes back empty: nothing in Redis knows the job any more.
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    expect(await deleteQueueKeys(h.queuePrefix)).toBeGreaterThan(0);

    await h.startWorker({ RECONCILE_INTERVAL_MS: '300', RECONCILE_GRACE_MS: '100' });
    const done = await h.waitForStatus(id, 'completed', 20_000);
    expect(done.result.success).toBe(true);
    expect(done.attempts).toBe(2);
    expect(done.attemptHistory).toHaveLength(2);
    expect(done.attemptHistory[0]).toMatchObject({ number: 1, reason: 'first', outcome: 'lost' });
    expect(done.attemptHistory[0].workerId).toMatch(new RegExp(`:${doomed.pid}$`));
    expect(done.attemptHistory[1]).toMatchObject({ number: 2, reason: 'requeued', outcome: 'completed' });

    const events = await h.sql`SELECT kind, data FROM job_events WHERE job_id = ${id} ORDER BY id`;
    expect(events.filter((e) => e.kind === 'started').map((e) => e.data)).toEqual([
      expect.objectContaining({ attempt: 1, reason: 'first' }),
      expect.objectContaining({ attempt: 2, reason: 'requeued' }),
    ]);
    const lifecycleKinds = events.map((e) => e.kind).filter((k) => k !== 'log' && k !== 'progress');
    expect(lifecycleKinds).toEqual(['created', 'started', 'retried', 'started', 'completed']);
  });
});

describe('a trigger while Redis is unreachable', () => {
  it('is still acknowledged once the row is committed, and the reconciler queues it later', async () => {
    const { buildApp, createApiDeps } = await import('@scheduler/api');
    const { testApiConfig, TEST_SERVICE_KEY } = await import('@scheduler/testing');
    const config = testApiConfig(
      { databaseUrl: h.db.url, queuePrefix: h.queuePrefix },
      { REDIS_URL: 'redis://127.0.0.1:1' },
    );
    const cutOff = await buildApp(createApiDeps(config, { extraJobs: testJobs }), { logger: false });
    let id: string;
    try {
      const res = await cutOff.inject({
        method: 'POST',
        url: '/api/jobs/trigger',
        headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
        payload: { jobType: 'test_script' },
      });
      expect(res.statusCode).toBe(202);
      id = res.json().id;
    } finally {
      await cutOff.close();
    }
    expect((await rowOf(id))?.status).toBe('pending');

    await h.startWorker({ RECONCILE_INTERVAL_MS: '300' });
    await h.waitForStatus(id, 'completed');
  });
});

describe('the reconciler', () => {
  it('queues pending and running rows again after the Redis keys are deleted: a lost run is not a failure', async () => {
    const pendingA = await h.trigger('test_script', {});
    const pendingB = await h.trigger('test_noop', {});
    const [orphan] = await h.sql`
      INSERT INTO scheduled_jobs (job_type, status, started_at, attempts, max_attempts)
      VALUES ('test_script', 'running', now(), 1, 3) RETURNING id`;
    await h.sql`INSERT INTO job_attempts (job_id, number, reason) VALUES (${orphan?.id as string}, 1, 'first')`;
    expect(await deleteQueueKeys(h.queuePrefix)).toBeGreaterThan(0);

    const report = await h.reconcile();
    expect(report).toMatchObject({ checked: 3, requeued: 3, settledFailed: 0 });
    const orphanRow = await rowOf(orphan?.id as string);
    expect(orphanRow?.status).toBe('pending');
    expect(orphanRow?.error).toMatch(/Redis lost the job while it was running/);

    await h.startWorker();
    await h.waitForStatus(pendingA, 'completed');
    await h.waitForStatus(pendingB, 'completed');
    const rerun = await h.waitForStatus(orphan?.id as string, 'completed');
    expect(rerun.attempts).toBe(2);
    expect(rerun.attemptHistory.map((a: { reason: string; outcome: string }) => [a.reason, a.outcome])).toEqual([
      ['first', 'lost'],
      ['requeued', 'completed'],
    ]);
  });

  it('copies an outcome that reached Redis but not Postgres into the row', async () => {
    await h.startWorker();
    const id = await h.trigger('test_script', {});
    const done = await h.waitForStatus(id, 'completed');
    // As if the worker died between BullMQ's completion and the row update.
    await h.sql`UPDATE scheduled_jobs SET status = 'running', completed_at = NULL, result = NULL WHERE id = ${id}`;

    const report = await h.reconcile();
    expect(report.settledCompleted).toBe(1);
    const row = await h.job(id);
    expect(row.status).toBe('completed');
    expect(row.result).toEqual(done.result);
  });

  it('leaves queued and running jobs alone', async () => {
    await h.startWorker();
    const running = await h.trigger('test_script', { sleepMs: 2000 });
    await h.waitForStatus(running, 'running');
    const report = await h.reconcile();
    expect(report).toMatchObject({ checked: 1, requeued: 0, settledCompleted: 0, settledFailed: 0 });
    await h.waitForStatus(running, 'completed');
  });

  it('removes a queued job that has no record, and leaves the ones that do', async () => {
    const real = await h.trigger('test_script', {});
    const queue = h.queues().get('test_script');
    await queue?.add('test_script', { payload: {} }, { jobId: 'added-by-hand' });
    await queue?.add('test_script', { payload: {} }, { jobId: '00000000-0000-4000-8000-000000000001', delay: 60_000 });

    const report = await h.reconcile();
    expect(report.removedStrays).toBe(2);
    expect(await queue?.getJob('added-by-hand')).toBeUndefined();
    expect(await queue?.getJob('00000000-0000-4000-8000-000000000001')).toBeUndefined();
    expect(await queue?.getJobState(real)).toBe('prioritized');
    expect((await h.reconcile()).removedStrays).toBe(0);
  });

  it('releases discoveries left crawling by a job that is no longer running', async () => {
    const [dead] = await h.sql`
      INSERT INTO scheduled_jobs (job_type, status) VALUES ('crawl_pending', 'failed') RETURNING id`;
    const [item] = await h.sql`
      INSERT INTO discoveries (url, crawl_status) VALUES ('https://example.org/stuck', 'crawling') RETURNING id`;
    await h.sql`
      INSERT INTO discovery_crawl_state (discovery_id, claimed_by_job, claimed_at)
      VALUES (${item?.id as string}, ${dead?.id as string}, now())`;

    const report = await h.reconcile();
    expect(report.releasedClaims).toBe(1);
    const [after] = await h.sql`SELECT crawl_status FROM discoveries WHERE id = ${item?.id as string}`;
    expect(after?.crawl_status).toBe('pending');
  });
});

describe('a worker that cannot reach Postgres', () => {
  it('postpones the job without spending an attempt, and a healthy worker then runs it', async () => {
    const cutOff = await h.startWorker({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
      RUN_RECONCILER: 'false',
    });
    const id = await h.trigger('test_script', { failTimes: 0 });
    const { Queue } = await import('bullmq');
    const queue = new Queue('test_script', { connection: { url: TEST_REDIS_URL }, prefix: h.queuePrefix });
    try {
      await waitFor('the job to be postponed', async () => (await queue.getJobState(id)) === 'delayed');
      const probe = await fetch(`http://127.0.0.1:${cutOff.healthPort}/health/ready`);
      expect(probe.status).toBe(503);
      expect(((await probe.json()) as { message: string }).message).toMatch(/^postgres: /);
      await cutOff.close(1000);
      expect((await queue.getJob(id))?.attemptsMade).toBe(0);

      await h.startWorker();
      const done = await h.waitForStatus(id, 'completed', 10_000);
      expect(done.attempts).toBe(1);
    } finally {
      await queue.close();
    }
  });
});
