import { TEST_REDIS_URL, waitFor } from '@scheduler/testing';
import { createSignedInApiHarness, type SignedInApiHarness } from '@scheduler/testing/harness';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * Queue control through the API: the pause is a `queue_pauses` row, applied to BullMQ, shown on
 * every job of the type, refused to read-only callers, and audited.
 */
let h: SignedInApiHarness;
let redis: Redis;
let headers: SignedInApiHarness['headers'];

beforeAll(async () => {
  // A flag Redis lost is put back by the slow safety pass (nothing notifies it): a second here.
  h = await createSignedInApiHarness({ QUEUE_PAUSE_SAFETY_INTERVAL_MS: '1000' });
  ({ headers } = h);
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis?.disconnect();
  await h?.close();
});
afterEach(async () => {
  await h.db.sql`DELETE FROM queue_pauses`;
});

const call = (method: 'GET' | 'POST', url: string, payload?: object, who: keyof typeof headers = 'service') =>
  h.app.inject({ method, url, headers: headers[who], ...(payload ? { payload } : {}) });
const queueOf = (type: string) => new Queue(type, { connection: redis, prefix: h.prefix });
const rowsOf = () => h.db.sql`SELECT * FROM queue_pauses ORDER BY job_type`;
const auditOf = (action: string, target: string) =>
  waitFor(`the ${action} audit row of ${target}`, async () => {
    const [row] = await h.db.sql`
      SELECT * FROM scheduler_audit_log WHERE action = ${action} AND target = ${target} ORDER BY id DESC LIMIT 1`;
    return row ?? null;
  });

describe('POST /api/queues/:type/pause and /resume', () => {
  it('pauses on record and in BullMQ, lists it with since, by, until and reason, and resumes', async () => {
    const until = new Date(Date.now() + 3600_000).toISOString();
    const paused = await call('POST', '/api/queues/test_script/pause', { until, reason: 'provider down' }, 'admin');
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({
      jobType: 'test_script',
      paused: true,
      pause: {
        by: expect.any(String),
        byClerkId: 'user_admin',
        until: new Date(until).toISOString(),
        reason: 'provider down',
      },
    });
    expect(await rowsOf()).toMatchObject([
      { job_type: 'test_script', paused_by_clerk_id: 'user_admin', reason: 'provider down' },
    ]);
    expect(await queueOf('test_script').isPaused()).toBe(true);

    const listed = (await call('GET', '/api/queues', undefined, 'moderator')).json().queues;
    expect(listed.find((q: { jobType: string }) => q.jobType === 'test_script')).toEqual(paused.json());
    expect(listed.find((q: { jobType: string }) => q.jobType === 'test_noop')).toEqual({
      jobType: 'test_noop',
      paused: false,
      pause: null,
    });

    const audit = await auditOf('queue.pause', 'test_script');
    expect(audit).toMatchObject({ actor_clerk_id: 'user_admin', status_code: 200, outcome: 'succeeded' });
    expect(audit.details).toMatchObject({ until, reason: 'provider down' });

    // Pausing again moves the end; "since" stays.
    const again = await call('POST', '/api/queues/test_script/pause', {}, 'admin');
    expect(again.json().pause).toMatchObject({ since: paused.json().pause.since, until: null, reason: null });

    const resumed = await call('POST', '/api/queues/test_script/resume', undefined, 'admin');
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toEqual({ jobType: 'test_script', paused: false, pause: null });
    expect(await rowsOf()).toEqual([]);
    expect(await queueOf('test_script').isPaused()).toBe(false);
    expect(await auditOf('queue.resume', 'test_script')).toMatchObject({
      actor_clerk_id: 'user_admin',
      status_code: 200,
    });
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const past = new Date(Date.now() - 1000).toISOString();
    const cases: Array<[string, object | undefined, number, string]> = [
      ['/api/queues/no_such_type/pause', {}, 404, 'not_found'],
      ['/api/queues/NOT-A-TYPE/pause', {}, 400, 'validation_failed'],
      ['/api/queues/test_script/pause', { until: past }, 400, 'invalid_until'],
      ['/api/queues/test_script/pause', { until: 'tomorrow' }, 400, 'validation_failed'],
      [
        '/api/queues/test_script/pause',
        { until: new Date(Date.now() + 40 * 86_400_000).toISOString() },
        400,
        'invalid_until',
      ],
      ['/api/queues/test_script/pause', { reason: 'x'.repeat(501) }, 400, 'validation_failed'],
      ['/api/queues/test_script/pause', { other: 1 }, 400, 'validation_failed'],
      ['/api/queues/test_script/resume', undefined, 409, 'not_paused'],
      ['/api/queues/no_such_type/resume', undefined, 404, 'not_found'],
    ];
    for (const [url, body, status, error] of cases) {
      const res = await call('POST', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.json(), url).toMatchObject({ error, message: expect.any(String) });
    }
    expect(await rowsOf()).toEqual([]);
    expect(await queueOf('test_script').isPaused()).toBe(false);
  });

  it('is for admins and services only: a moderator gets 403 and nothing changes', async () => {
    for (const action of ['pause', 'resume']) {
      const res = await call('POST', `/api/queues/test_script/${action}`, {}, 'moderator');
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await rowsOf()).toEqual([]);
    expect(await queueOf('test_script').isPaused()).toBe(false);
  });
});

describe('the record is the truth', () => {
  it("shows every waiting job of a paused type as paused, with the pause's since, by and until", async () => {
    const [row] = await h.db.sql`
      INSERT INTO scheduled_jobs (job_type, status, payload) VALUES ('test_noop', 'pending', '{}') RETURNING id`;
    const id = row?.id as string;
    await call('POST', '/api/queues/test_noop/pause', { reason: 'maintenance' });
    const job = (await call('GET', `/api/jobs/${id}`)).json();
    expect(job.display).toMatchObject({
      state: 'paused',
      queuePaused: true,
      queuePause: { by: 'service', until: null, reason: 'maintenance' },
    });
    const listed = (await call('GET', '/api/jobs?type=test_noop')).json().jobs[0];
    expect(listed.display).toEqual(job.display);
    expect((await call('GET', '/api/overview')).json().pausedQueues).toEqual(['test_noop']);
    await h.db.sql`DELETE FROM scheduled_jobs`;
  });

  it('puts the flag back in BullMQ when Redis loses it, and clears a flag set behind its back', async () => {
    const paused = await call('POST', '/api/queues/test_noop/pause');
    expect(paused.statusCode, paused.body).toBe(200);
    // Redis lost the queue's meta (where BullMQ keeps the flag): the next pass sets it again.
    await redis.del(`${h.prefix}:test_noop:meta`);
    expect(await queueOf('test_noop').isPaused()).toBe(false);
    await expect.poll(() => queueOf('test_noop').isPaused(), { timeout: 5000 }).toBe(true);
    // A pause in Redis alone (not on record) does not hold: the record says it runs.
    await queueOf('test_script').pause();
    await expect.poll(() => queueOf('test_script').isPaused(), { timeout: 5000 }).toBe(false);
  });

  it('ends a pause whose time has come by itself, audited once as done by the system', async () => {
    const until = new Date(Date.now() + 1500);
    const res = await call('POST', '/api/queues/test_noop/pause', { until: until.toISOString() });
    expect(res.statusCode, res.body).toBe(200);
    await waitFor('the pause to end', async () => (await rowsOf()).length === 0, { timeoutMs: 10_000 });
    await expect.poll(() => queueOf('test_noop').isPaused(), { timeout: 5000 }).toBe(false);
    const audit = await waitFor('the automatic resume audited', async () => {
      const rows = await h.db.sql`
        SELECT * FROM scheduler_audit_log WHERE action = 'queue.resume' AND target = 'test_noop'
          AND actor_role = 'system'`;
      return rows.length > 0 ? rows : null;
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'service', status_code: 200 });
    expect(audit[0]?.details).toMatchObject({ automatic: true, until: until.toISOString(), pausedBy: 'service' });
    expect((await call('GET', '/api/queues')).json().queues).toContainEqual({
      jobType: 'test_noop',
      paused: false,
      pause: null,
    });
  });
});
