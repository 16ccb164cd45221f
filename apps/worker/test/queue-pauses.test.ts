import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { deleteQueueKeys, TEST_REDIS_URL, TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// A paused queue holds its jobs whatever restarts or loses its data: the pause is a Postgres row.
let h: Harness;
let redis: Redis;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' };

beforeEach(async () => {
  // One job at a time, so that jobs queued behind a running one are waiting when the queue pauses.
  // A flag Redis lost is put back by the slow safety pass (nothing notifies it): a second here.
  h = await createHarness({
    JOB_OVERRIDES: JSON.stringify({ test_script: { concurrency: 1 } }),
    QUEUE_PAUSE_SAFETY_INTERVAL_MS: '1000',
  });
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
});
afterEach(async () => {
  redis?.disconnect();
  await h?.close();
});

const rowsOf = async (ids: string[]) =>
  h.sql`SELECT id, status, attempts, started_at FROM scheduled_jobs WHERE id = ANY(${ids}::uuid[]) ORDER BY created_at`;
/** None of the jobs has started: each is pending with no attempt on record. */
const noneStarted = async (ids: string[]) => {
  const rows = await rowsOf(ids);
  expect(rows).toHaveLength(ids.length);
  for (const row of rows)
    expect(row, String(row.id)).toMatchObject({ status: 'pending', attempts: 0, started_at: null });
};
const allCompleted = (ids: string[], timeout = 20_000) =>
  waitFor(`${ids.length} jobs to complete`, async () => (await rowsOf(ids)).every((r) => r.status === 'completed'), {
    timeoutMs: timeout,
  });
/** Kills a process and waits until it is gone (a signal is delivered after kill returns). */
const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('a paused queue', () => {
  it('holds its waiting and new jobs while the running one finishes; on resume they run', async () => {
    await h.startWorker();
    const running = await h.trigger('test_script', { sleepMs: 2500 });
    await h.waitForStatus(running, 'running');
    const waiting = [await h.trigger('test_script', {}), await h.trigger('test_script', {})];

    const paused = await h.call('POST', '/api/queues/test_script/pause', { reason: 'provider down' });
    expect(paused.statusCode, paused.body).toBe(200);
    const fresh = [await h.trigger('test_script', {}), await h.trigger('test_script', {})];
    // Another type keeps running.
    const other = await h.trigger('test_noop', {});

    await h.waitForStatus(running, 'completed', 10_000);
    await h.waitForStatus(other, 'completed');
    await sleep(2000);
    await noneStarted([...waiting, ...fresh]);
    expect((await h.job(waiting[0] as string)).display).toMatchObject({
      state: 'paused',
      queuePause: { by: 'service', until: null, reason: 'provider down' },
    });

    expect((await h.call('POST', '/api/queues/test_script/resume')).statusCode).toBe(200);
    await allCompleted([...waiting, ...fresh]);
  });

  it('stays paused across a restart of the API and the worker, and when Redis loses its data', async () => {
    // Real processes only, and nothing through the in-process API: what puts the flag back is
    // the restarted processes.
    let api = await h.spawnApi();
    let worker = await h.spawnWorker();
    const post = (url: string, path: string, body: object = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    const trigger = async (url: string) =>
      ((await (await post(url, '/api/jobs/trigger', { jobType: 'test_script' })).json()) as { id: string }).id;
    expect((await post(api.url, '/api/queues/test_script/pause')).status).toBe(200);
    const before = await trigger(api.url);

    await Promise.all([killed(api.child), killed(worker)]);
    // Redis lost everything of these queues: the paused flag, and the queued job with it.
    await deleteQueueKeys(h.queuePrefix);
    expect(await h.isPaused('test_script')).toBe(false);

    api = await h.spawnApi();
    worker = await h.spawnWorker();
    await waitFor('the flag set again', () => h.isPaused('test_script'), { timeoutMs: 10_000 });
    const { queues } = (await (await fetch(`${api.url}/api/queues`, { headers: auth })).json()) as {
      queues: Array<{ jobType: string }>;
    };
    expect(queues.find((q) => q.jobType === 'test_script')).toMatchObject({
      paused: true,
      pause: { by: 'service' },
    });
    const after = await trigger(api.url);
    // The reconciler queues the job Redis lost again; neither starts while the queue is paused.
    await sleep(3000);
    await noneStarted([before, after]);

    // Lost again while the worker runs: the flag is back within a second or so, and a job handed
    // out meanwhile is put back, unstarted.
    await redis.del(`${h.queuePrefix}:test_script:meta`);
    const during = await trigger(api.url);
    await waitFor('the flag set again', () => h.isPaused('test_script'), { timeoutMs: 10_000 });
    await sleep(1500);
    await noneStarted([before, after, during]);

    expect((await post(api.url, '/api/queues/test_script/resume')).status).toBe(200);
    await allCompleted([before, after, during], 30_000);
    // Four process starts, each a few seconds on a busy machine.
  }, 120_000);

  it('resumes by itself when its time has come: its jobs run, and the end is audited once', async () => {
    // Two processes that apply pauses: the API in process and a worker.
    await h.startWorker();
    const until = new Date(Date.now() + 2500).toISOString();
    expect((await h.call('POST', '/api/queues/test_script/pause', { until })).statusCode).toBe(200);
    const jobs = [await h.trigger('test_script', {}), await h.trigger('test_script', {})];
    await sleep(1000);
    await noneStarted(jobs);
    await allCompleted(jobs, 15_000);
    const [first] = await rowsOf(jobs);
    expect((first?.started_at as Date | undefined)?.getTime()).toBeGreaterThanOrEqual(Date.parse(until));
    expect(await h.sql`SELECT * FROM queue_pauses`).toEqual([]);
    const audited = await h.sql`
      SELECT actor_role, details FROM scheduler_audit_log WHERE action = 'queue.resume' AND target = 'test_script'`;
    expect(audited).toEqual([{ actor_role: 'system', details: expect.objectContaining({ automatic: true, until }) }]);
  });
});
