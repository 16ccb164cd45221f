import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWorkerHeartbeats } from '@scheduler/db';
import { createClerkSigner, waitFor } from '@scheduler/testing';
import { type Harness, harnessTest } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

/**
 * The Workers view and drain, against real worker processes: what each heartbeat carries, a
 * worker that stops beating flagged stale, and a drain that leaves the worker idle while another
 * takes every new job.
 */
const DASHBOARD = 'https://admin.stumbleable.com';
const clerk = await createClerkSigner();
const test = harnessTest.override('harnessEnv', {
  WORKER_HEARTBEAT_MS: '250',
  WORKER_LIVE_WITHIN_MS: '3000',
  CLERK_JWT_KEY: clerk.publicKeyPem,
  CLERK_ISSUER: clerk.issuer,
  ALLOWED_ORIGINS: DASHBOARD,
});

interface WorkerView {
  workerId: string;
  state: string;
  stale: boolean;
  draining: boolean;
  version: string | null;
  busy: number;
  capacity: number;
  jobsCompleted: number;
  jobsFailed: number;
  rssBytes: number | null;
  heapUsedBytes: number | null;
  queues: Array<{ name: string; concurrency: number | null }>;
}

async function workers(h: Harness): Promise<WorkerView[]> {
  const res = await h.call('GET', '/api/workers');
  expect(res.statusCode).toBe(200);
  return res.json().workers;
}

async function workerNamed(h: Harness, workerId: string): Promise<WorkerView | undefined> {
  return (await workers(h)).find((w) => w.workerId === workerId);
}

const idOf = (pid: number | undefined) => `${hostname()}:${pid}`;

/** Which workers ran the jobs' attempts, each attempt once (job_attempts, as the lifecycle wrote it). */
const attemptWorkers = async (h: Harness, ids: string[]) =>
  (await h.sql`SELECT worker_id FROM job_attempts WHERE job_id IN ${h.sql(ids)}`).map((r) => r.worker_id as string);

describe('the heartbeat', () => {
  test('carries busy slots while jobs run, jobs done after, memory and version', async ({ h }) => {
    const runtime = await h.startWorker();
    const ids = await Promise.all([1, 2].map(() => h.trigger('test_script', { sleepMs: 3000 })));
    for (const id of ids) await h.waitForStatus(id, 'running');
    const busy = await waitFor('the heartbeat to count both running jobs', async () => {
      const w = await workerNamed(h, runtime.workerId);
      return w && w.busy === 2 ? w : null;
    });
    expect(busy).toMatchObject({ state: 'running', stale: false, draining: false, version: '0.1.0' });
    expect(busy.queues).toContainEqual({ name: 'test_script', concurrency: 5 });
    expect(busy.capacity).toBeGreaterThanOrEqual(5);
    expect(busy.rssBytes).toBeGreaterThan(0);
    expect(busy.heapUsedBytes).toBeGreaterThan(0);

    const failing = await h.trigger('test_script', { reportFailure: true });
    for (const id of ids) await h.waitForStatus(id, 'completed', 15_000);
    await h.waitForStatus(failing, 'failed', 15_000);
    const done = await waitFor('the heartbeat to count the jobs done', async () => {
      const w = await workerNamed(h, runtime.workerId);
      return w && w.busy === 0 && w.jobsCompleted === 2 && w.jobsFailed === 1 ? w : null;
    });
    expect(done.state).toBe('running');
    await runtime.close(1000);
    expect((await workerNamed(h, runtime.workerId))?.state).toBe('stopped');
  });
});

describe('a drain request the worker missed on Redis', () => {
  test('reaches it with its next heartbeat, and so does the resume; a drained worker still shuts down cleanly', async ({
    h,
  }) => {
    const runtime = await h.startWorker();
    // What the API records before it publishes: as if the message never arrived.
    await h.sql`UPDATE worker_heartbeats SET drain_requested_at = now() WHERE worker_id = ${runtime.workerId}`;
    await waitFor('the worker to drain at its next beat', async () => runtime.draining);
    const drained = await waitFor('its row to say so', async () => {
      const w = await workerNamed(h, runtime.workerId);
      return w?.draining ? w : null;
    });
    expect(drained.state).toBe('draining');
    // It serves no queue while it drains (schedule slots and the no_worker alert see so), and a
    // job waits for another worker.
    expect(await createWorkerHeartbeats(h.sql).liveQueues(3000)).toEqual(new Set());
    const waiting = await h.trigger('test_script', { sleepMs: 0 });
    await sleep(1500);
    expect((await h.job(waiting)).status).toBe('pending');

    await h.sql`UPDATE worker_heartbeats SET drain_requested_at = NULL WHERE worker_id = ${runtime.workerId}`;
    await waitFor('the worker to take jobs again', async () => !runtime.draining);
    await h.waitForStatus(waiting, 'completed');

    await h.sql`UPDATE worker_heartbeats SET drain_requested_at = now() WHERE worker_id = ${runtime.workerId}`;
    await waitFor('the worker to drain again', async () => runtime.draining);
    await runtime.close(1000);
    expect((await workerNamed(h, runtime.workerId))?.state).toBe('stopped');
  });
});

describe('a worker process', () => {
  test('not seen within WORKER_LIVE_WITHIN_MS is flagged stale and cannot be drained; one that does not answer is not acknowledged', async ({
    h,
  }) => {
    const child = await h.spawnWorker({ GIT_COMMIT: '3f2c1ab9d0e4' });
    const workerId = idOf(child.pid);
    const seen = await waitFor('the worker to beat', () => workerNamed(h, workerId));
    expect(seen).toMatchObject({ state: 'running', stale: false, version: '0.1.0+3f2c1ab9d0e4' });
    // Gone without a word: no clean shutdown says it stopped.
    child.kill('SIGKILL');
    const stale = await waitFor(
      'the worker to be flagged stale',
      async () => {
        const w = await workerNamed(h, workerId);
        return w?.stale ? w : null;
      },
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    expect(stale.state).toBe('stale');
    const drain = await h.call('POST', `/api/workers/${workerId}/drain`);
    expect(drain.statusCode).toBe(409);
    expect(drain.json()).toMatchObject({ error: 'worker_stale' });
    const unknown = await h.call('POST', '/api/workers/nowhere:1/drain');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'not_found' });
    const malformed = await h.call('POST', `/api/workers/${encodeURIComponent('a b')}/drain`);
    expect(malformed.statusCode).toBe(400);

    // A live row but nobody on its channel: not acknowledged, at once, and the request waits on
    // the row for the worker's next beat.
    await h.sql`
      INSERT INTO worker_heartbeats (worker_id, host, pid, queues, started_at) VALUES ('quiet:7', 'quiet', 7, '{test_noop}', now())`;
    const started = Date.now();
    const unanswered = await h.call('POST', '/api/workers/quiet:7/drain');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(unanswered.statusCode).toBe(200);
    expect(unanswered.json()).toMatchObject({ acknowledged: false, worker: { draining: false, state: 'running' } });
    expect(unanswered.json().worker.drainRequestedAt).not.toBeNull();
  });

  test('drained finishes its running jobs, takes no new ones and ends idle; another takes them', async ({ h }) => {
    const first = await h.spawnWorker();
    const firstId = idOf(first.pid);
    // Jobs long enough to outlast the second worker's start and the drain.
    const running = await Promise.all([1, 2, 3].map(() => h.trigger('test_script', { sleepMs: 8000 })));
    for (const id of running) await h.waitForStatus(id, 'running');
    expect(await attemptWorkers(h, running)).toEqual([firstId, firstId, firstId]);
    const second = await h.spawnWorker();
    const secondId = idOf(second.pid);

    const moderator = {
      authorization: `Bearer ${await clerk.token({ azp: DASHBOARD, expiresIn: 60, sub: 'user_mod', role: 'moderator' })}`,
    };
    const refused = await h.api.inject({ method: 'POST', url: `/api/workers/${firstId}/drain`, headers: moderator });
    expect(refused.statusCode).toBe(403);
    expect((await workerNamed(h, firstId))?.draining).toBe(false);

    const drain = await h.call('POST', `/api/workers/${firstId}/drain`);
    expect(drain.statusCode).toBe(200);
    expect(drain.json()).toMatchObject({ acknowledged: true, worker: { workerId: firstId, draining: true } });
    expect((await workerNamed(h, firstId))?.state).toBe('draining');

    // The running jobs finish where they are; every job triggered after the drain goes to the other.
    const later = await Promise.all([1, 2, 3, 4, 5, 6].map(() => h.trigger('test_script', { sleepMs: 200 })));
    for (const id of [...later, ...running]) await h.waitForStatus(id, 'completed', 20_000);
    expect(await attemptWorkers(h, later)).toEqual(later.map(() => secondId));
    expect(await attemptWorkers(h, running)).toEqual([firstId, firstId, firstId]);

    const idle = await waitFor('the drained worker to be idle', async () => {
      const w = await workerNamed(h, firstId);
      return w && w.busy === 0 && w.jobsCompleted === 3 ? w : null;
    });
    expect(idle).toMatchObject({ state: 'draining', draining: true, stale: false });
    expect(first.exitCode).toBeNull();
    expect((await workerNamed(h, secondId))?.jobsCompleted).toBe(later.length);

    // One entry for the drain, one for the moderator's refused attempt (refused before it named a target).
    const audited = await waitFor('the drain in the audit trail', async () => {
      const rows = await h.sql`
        SELECT target, status_code, details, actor_role FROM scheduler_audit_log
        WHERE action = 'worker.drain' AND (target = ${firstId} OR actor_role = 'moderator') ORDER BY id`;
      return rows.length === 2 ? rows : null;
    });
    expect(audited.map((r) => [r.target, r.status_code, r.actor_role, r.details])).toEqual([
      [null, 403, 'moderator', {}],
      [firstId, 200, 'service', { acknowledged: true }],
    ]);

    // Resumed, it takes jobs again.
    const resume = await h.call('POST', `/api/workers/${firstId}/resume`);
    expect(resume.json()).toMatchObject({ acknowledged: true, worker: { draining: false, state: 'running' } });
    second.kill('SIGTERM');
    await waitFor('the second worker to stop', async () => (await workerNamed(h, secondId))?.state === 'stopped', {
      timeoutMs: 15_000,
    });
    const afterResume = await h.trigger('test_script', { sleepMs: 100 });
    await h.waitForStatus(afterResume, 'completed', 15_000);
    expect(await attemptWorkers(h, [afterResume])).toEqual([firstId]);
  });
});
