import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Bull Board's own HTTP API, as its buttons call it.
let h: Harness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h?.close();
});

const board = (method: 'PUT' | 'POST' | 'PATCH', path: string, payload?: unknown) =>
  h.api.inject({
    method,
    url: `/admin/queues/api${path}`,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const rowOf = async (id: string) => (await h.sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`)[0];
const rowCount = async () => Number((await h.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n);

/** The audit row of an action, once the answer has been sent and the row written. */
const auditRow = (action: string, target?: string) =>
  waitFor(`the ${action} audit row`, async () => {
    const rows = await h.sql`
      SELECT * FROM scheduler_audit_log WHERE action = ${action} ORDER BY id DESC LIMIT 1`;
    const row = rows[0];
    return row && (target === undefined || row.target === target) ? row : null;
  });

describe('Bull Board keeps the record', () => {
  it('retry of a failed job is a new run through the lifecycle, audited with the actor', async () => {
    await h.startWorker();
    const failed = await h.trigger('test_script', { failTimes: 5 });
    await h.waitForStatus(failed, 'failed', 15_000);

    const res = await board('PUT', `/queues/test_script/${failed}/retry`);
    expect(res.statusCode).toBe(200);
    const { retriedAs } = res.json();
    const rerun = await h.waitForStatus(retriedAs, 'failed', 15_000);
    expect(rerun.retryOf).toBe(failed);
    // The original keeps its record; its failed run left Redis.
    expect((await rowOf(failed))?.status).toBe('failed');
    expect(await h.queues().get('test_script')?.getJob(failed)).toBeUndefined();

    const audit = await auditRow('job.retry', failed);
    expect(audit).toMatchObject({ actor_kind: 'service', status_code: 200, outcome: 'succeeded' });
    expect(audit.details).toMatchObject({ via: 'bull-board', newJobId: retriedAs });
  });

  it('retry of a cancelled job runs it again; of a completed one is refused and creates nothing', async () => {
    const cancelled = await h.trigger('test_script', {});
    await h.api.inject({ method: 'POST', url: `/api/jobs/${cancelled}/cancel`, headers: auth });
    expect((await rowOf(cancelled))?.status).toBe('cancelled');

    const res = await board('PUT', `/queues/test_script/${cancelled}/retry`);
    expect(res.statusCode).toBe(200);
    await h.startWorker();
    const rerun = await h.waitForStatus(res.json().retriedAs, 'completed');
    expect(rerun.retryOf).toBe(cancelled);
    expect((await rowOf(cancelled))?.status).toBe('cancelled');

    const completed = rerun.id as string;
    const before = await rowCount();
    const refused = await board('PUT', `/queues/test_script/${completed}/retry`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'not_retryable', status: 'completed' });
    expect(refused.json().message).toMatch(/only failed or cancelled jobs can be retried/);
    expect(await rowCount()).toBe(before);
    expect(await auditRow('job.retry', completed)).toMatchObject({ status_code: 409, outcome: 'rejected' });
  });

  it('remove of a queued job cancels it on record, and the reconciler does not bring it back', async () => {
    const id = await h.trigger('test_script', {});
    const res = await board('PUT', `/queues/test_script/${id}/clean`);
    expect(res.statusCode).toBe(204);
    const row = await rowOf(id);
    expect(row?.status).toBe('cancelled');
    expect(row?.error).toMatch(/removed from its queue in Bull Board by service/);
    expect(await h.queues().get('test_script')?.getJob(id)).toBeUndefined();

    const report = await h.reconcile();
    expect(report.requeued).toBe(0);
    expect((await rowOf(id))?.status).toBe('cancelled');
    expect(await auditRow('job.remove', id)).toMatchObject({ status_code: 204, actor_kind: 'service' });
  });

  it('remove of a running job is refused (cancel it instead) and the job finishes', async () => {
    await h.startWorker();
    const id = await h.trigger('test_script', { sleepMs: 1500 });
    await h.waitForStatus(id, 'running');
    const res = await board('PUT', `/queues/test_script/${id}/clean`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'not_removable', status: 'running' });
    expect(res.json().message).toMatch(/cancel it instead/);
    await h.waitForStatus(id, 'completed');
  });

  it('add job is a real trigger: a row, validated against the schema, run by a worker', async () => {
    const res = await board('POST', '/queues/test_script/add', { name: 'x', data: { payload: { sleepMs: 10 } } });
    expect(res.statusCode).toBe(200);
    const { jobId } = res.json();
    expect((await rowOf(jobId))?.payload).toEqual(expect.objectContaining({ sleepMs: 10 }));
    await h.startWorker();
    await h.waitForStatus(jobId, 'completed');
    expect(await auditRow('job.trigger', jobId)).toMatchObject({ status_code: 200 });

    const before = await rowCount();
    const invalid = await board('POST', '/queues/test_script/add', { name: 'x', data: { payload: { sleepMs: 'x' } } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: 'invalid_payload' });
    expect(invalid.json().message).toMatch(/payload\.sleepMs/);
    const withId = await board('POST', '/queues/test_script/add', {
      name: 'x',
      data: {},
      options: { jobId: 'not-a-job' },
    });
    expect(withId.statusCode).toBe(400);
    expect(withId.json()).toMatchObject({ error: 'options_not_allowed' });
    expect(await rowCount()).toBe(before);
  });

  it('a job put in a queue without a record fails at once with the reason, instead of looping', async () => {
    await h.startWorker();
    const queue = h.queues().get('test_script');
    await queue?.add('test_script', { payload: {} }, { jobId: 'not-a-job' });
    const job = await waitFor('the stray job to fail', async () => {
      const j = await queue?.getJob('not-a-job');
      return j?.finishedOn ? j : null;
    });
    expect(job.failedReason).toMatch(/not run: no such job/);
    expect(job.attemptsMade).toBeLessThanOrEqual(1);
    // Bull Board may clear it away: there is no record to keep.
    expect((await board('PUT', '/queues/test_script/not-a-job/clean')).statusCode).toBe(204);
    expect(await queue?.getJob('not-a-job')).toBeUndefined();
  });

  it('clean of the delayed list cancels those jobs on record; clean of the completed list leaves Redis only', async () => {
    // A pending job waiting on a delay (as after a failed attempt's backoff).
    const waiting = await h.trigger('test_noop', {});
    const queue = h.queues().get('test_noop');
    await queue?.remove(waiting);
    await queue?.add('test_noop', { payload: {} }, { jobId: waiting, delay: 60_000 });
    const res = await board('PUT', '/queues/test_noop/clean/delayed');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ removed: 1 });
    expect((await rowOf(waiting))?.status).toBe('cancelled');
    expect(await queue?.getJob(waiting)).toBeUndefined();
    expect(await auditRow('queue.clean', 'test_noop')).toMatchObject({ status_code: 200 });

    await h.startWorker();
    const done = await h.trigger('test_script', {});
    await h.waitForStatus(done, 'completed');
    const cleaned = await board('PUT', '/queues/test_script/clean/completed');
    expect(cleaned.statusCode).toBe(200);
    expect(await h.queues().get('test_script')?.getJob(done)).toBeUndefined();
    expect((await rowOf(done))?.status).toBe('completed');
  });

  it('promote runs a delayed pending job now; a finished job is refused', async () => {
    const id = await h.trigger('test_script', {});
    const queue = h.queues().get('test_script');
    await queue?.remove(id);
    await queue?.add('test_script', { payload: {} }, { jobId: id, delay: 600_000 });
    await h.startWorker();
    const res = await board('PUT', `/queues/test_script/${id}/promote`);
    expect(res.statusCode).toBe(204);
    await h.waitForStatus(id, 'completed');
    const again = await board('PUT', `/queues/test_script/${id}/promote`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'not_promotable', status: 'completed' });
    // Audit rows are written once the answer is sent: wait for the refused call's own row.
    await waitFor('the refused promote on record', async () => {
      const [row] = await h.sql`
        SELECT status_code FROM scheduler_audit_log WHERE action = 'job.promote' AND target = ${id}
        ORDER BY id DESC LIMIT 1`;
      return row?.status_code === 409;
    });
  });

  it('pause and resume are the same pause on record as the API makes, and are audited', async () => {
    const paused = await board('PUT', '/queues/test_script/pause');
    expect(paused.statusCode).toBeLessThan(300);
    expect(await h.sql`SELECT job_type, paused_by, until FROM queue_pauses`).toEqual([
      { job_type: 'test_script', paused_by: 'service', until: null },
    ]);
    expect(await h.queues().get('test_script')?.isPaused()).toBe(true);
    expect(await auditRow('queue.pause', 'test_script')).toMatchObject({
      actor_kind: 'service',
      details: { via: 'bull-board', queueName: 'test_script' },
    });
    // The API and the dashboard see it as any other pause.
    const listed = (await h.call('GET', '/api/queues')).json().queues;
    expect(listed.find((q: { jobType: string }) => q.jobType === 'test_script')).toMatchObject({
      paused: true,
      pause: { by: 'service', until: null },
    });
    const resumed = await board('PUT', '/queues/test_script/resume');
    expect(resumed.statusCode).toBeLessThan(300);
    expect(await h.sql`SELECT * FROM queue_pauses`).toEqual([]);
    expect(await h.queues().get('test_script')?.isPaused()).toBe(false);
    expect(await auditRow('queue.resume', 'test_script')).toMatchObject({ actor_kind: 'service' });
  });

  it('pause all and resume all pause and resume every job type on record', async () => {
    expect((await board('PUT', '/queues/pause')).statusCode).toBeLessThan(300);
    const types = (await h.sql`SELECT job_type FROM queue_pauses ORDER BY 1`).map((r) => r.job_type);
    expect(types).toEqual(expect.arrayContaining(['test_noop', 'test_script', 'weekly_digest']));
    expect(await h.queues().get('test_noop')?.isPaused()).toBe(true);
    const audit = await auditRow('queue.pause_all');
    expect(audit.details.via).toBe('bull-board');
    expect([...audit.details.paused].sort()).toEqual(types);
    expect((await board('PUT', '/queues/resume')).statusCode).toBeLessThan(300);
    expect(await h.sql`SELECT * FROM queue_pauses`).toEqual([]);
    expect(await h.queues().get('test_noop')?.isPaused()).toBe(false);
  });

  it.each([
    ['PATCH', '/queues/test_script/JOB/update-data', { data: { payload: { sleepMs: 5 } } }, /part of its record/],
    ['PUT', '/queues/test_script/empty', undefined, /cancel them through the API/],
    ['PUT', '/queues/test_script/obliterate', undefined, /cancel them through the API/],
    ['PUT', '/queues/test_script/concurrency', { concurrency: 9 }, /JOB_OVERRIDES/],
  ] as const)('refuses %s %s with a message and changes nothing', async (method, path, body, message) => {
    const id = await h.trigger('test_script', {});
    const before = await rowOf(id);
    const res = await board(method, path.replace('JOB', id), body);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'not_allowed_here', message: expect.stringMatching(message) });
    expect(await rowOf(id)).toEqual(before);
    expect(await h.queues().get('test_script')?.getJob(id)).toBeDefined();
  });

  it('shows the same progress as the record, and a cancelled job as cancelled', async () => {
    await h.startWorker();
    // Steps every 200 ms, faster than progress is written: the place where the two used to differ.
    const id = await h.trigger('test_script', { sleepMs: 4000 });
    await h.waitForStatus(id, 'running');
    const boardProgress = async () =>
      (await h.api.inject({ method: 'GET', url: `/admin/queues/api/queues/test_script/${id}`, headers: auth })).json()
        .job.progress;
    const recordProgress = async () => (await h.job(id)).progress;
    const pairs: unknown[][] = [];
    const pause = () => new Promise((r) => setTimeout(r, 40));
    // Read while the job runs, and no longer: a loop without a bound would hang the file.
    const readUntil = Date.now() + 15_000;
    const stillRunning = async () => (await h.job(id)).status === 'running' && Date.now() < readUntil;
    while (pairs.length < 4 && (await stillRunning())) {
      // A pair counts when neither side moved while it was read (no write landed in between).
      const record1 = JSON.stringify(await recordProgress());
      await pause();
      const shown1 = JSON.stringify(await boardProgress());
      await pause();
      const record2 = JSON.stringify(await recordProgress());
      await pause();
      const shown2 = JSON.stringify(await boardProgress());
      if (record1 === record2 && shown1 === shown2 && record1 !== 'null') pairs.push([record1, shown1]);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pairs.length, 'progress pairs read steady while the job ran').toBe(4);
    for (const [record, shown] of pairs) expect(shown).toEqual(record);

    const stopped = await h.trigger('test_script', { sleepMs: 3000 });
    await h.waitForStatus(stopped, 'running');
    await h.api.inject({ method: 'POST', url: `/api/jobs/${stopped}/cancel`, headers: auth });
    await h.waitForStatus(stopped, 'cancelled');
    const after = await h.api.inject({
      method: 'GET',
      url: `/admin/queues/api/queues/test_script/${stopped}`,
      headers: auth,
    });
    expect(after.json().job.failedReason).toMatch(/^cancelled: /);
    expect(after.json().job.name).toBe('test_script (cancelled)');
  });
});
