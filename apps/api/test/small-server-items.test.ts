import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const get = (url: string, headers: Record<string, string> = auth) => h.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('GET /api/audit', () => {
  const JOB = '0b6e3c1a-5d2f-4e8a-9c71-2f4d6b8a0e13';
  beforeAll(async () => {
    // 25 entries, several at the same instant (ties the cursor must not skip nor repeat).
    await h.db.sql`
      INSERT INTO scheduler_audit_log (occurred_at, actor_kind, actor_user_id, action, target, status_code, outcome)
      SELECT timestamptz '2026-12-01T10:00:00Z' + (i / 3) * interval '1 minute', 'service', 'service',
             CASE i % 3 WHEN 0 THEN 'job.cancel' WHEN 1 THEN 'schedule.update' ELSE 'queue.pause' END,
             CASE i % 3 WHEN 0 THEN ${JOB} WHEN 1 THEN 'nightly' ELSE 'test_noop' END,
             200, 'succeeded'
      FROM generate_series(0, 24) AS i`;
  });

  it('pages by cursor: every entry once, newest first, ties included, the way `page` does', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res = await get(`/api/audit?limit=4${after ? `&after=${after}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { entries: Array<{ id: string }>; nextAfter: string | null };
      seen.push(...body.entries.map((e) => e.id));
      after = body.nextAfter;
      if (!after) break;
    }
    const byPage: string[] = [];
    for (let page = 1; page <= 7; page++) {
      byPage.push(...(await get(`/api/audit?limit=4&page=${page}`)).json().entries.map((e: { id: string }) => e.id));
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual(byPage);
  });

  it('says what kind of thing each target is, so it can be linked', async () => {
    const entries = (await get('/api/audit?limit=3')).json().entries as Array<{ action: string; targetKind: unknown }>;
    const kinds = Object.fromEntries(entries.map((e) => [e.action, e.targetKind]));
    expect(kinds).toEqual({ 'job.cancel': 'job', 'schedule.update': 'schedule', 'queue.pause': null });
  });

  it('refuses a cursor that is not an entry id, and a cursor with a page', async () => {
    const bad = await get('/api/audit?after=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/after: must be the id of the last entry/);
    const both = await get('/api/audit?after=5&page=2');
    expect(both.statusCode).toBe(400);
    expect(both.json().message).toMatch(/use "after" or "page", not both/);
  });
});

describe('Bull Board', () => {
  it('links each job to its page on the dashboard ("Its record")', async () => {
    const trigger = await h.app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: auth,
      payload: { jobType: 'test_noop' },
    });
    const id = trigger.json().id as string;
    // As the board's page asks for the queue's latest jobs.
    const listed = async () => {
      const res = await get('/admin/queues/api/queues?activeQueue=test_noop&status=latest&page=1&jobsPerPage=10');
      const queues = res.json().queues as Array<{ name: string; jobs: Array<{ id: string; externalUrl?: unknown }> }>;
      return queues.find((q) => q.name === 'test_noop')?.jobs.find((j) => j.id === id);
    };
    // Queued once the trigger's batch reaches Redis.
    await expect.poll(listed).toBeDefined();
    expect((await listed())?.externalUrl).toEqual({
      href: `/dashboard/jobs/${id}`,
      displayText: 'Its record',
    });
  });
});

describe('GET /favicon.ico', () => {
  it('answers an icon to anyone, signed in or not', async () => {
    const res = await get('/favicon.ico', {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toMatch(/^<svg /);
  });
});

describe('GET /api/schedules', () => {
  it("says the last run's status as it is now, not as it was when the run started", async () => {
    const put = await h.app.inject({
      method: 'PUT',
      url: '/api/schedules/last-run-check',
      headers: auth,
      payload: { jobType: 'test_noop', cron: '0 3 * * *' },
    });
    expect(put.statusCode, put.body).toBeLessThan(300);
    const [run] = await h.db.sql`
      INSERT INTO scheduled_jobs (job_type, status, schedule_name, started_at)
      VALUES ('test_noop', 'running', 'last-run-check', now()) RETURNING id`;
    const lastRun = async () =>
      ((await get('/api/schedules')).json().schedules as Array<{ name: string; lastRun: unknown }>).find(
        (s) => s.name === 'last-run-check',
      )?.lastRun;
    expect(await lastRun()).toMatchObject({ id: run?.id, status: 'running', completedAt: null });
    await h.db
      .sql`UPDATE scheduled_jobs SET status = 'completed', completed_at = now() WHERE id = ${run?.id as string}`;
    expect(await lastRun()).toMatchObject({ id: run?.id, status: 'completed', completedAt: expect.any(String) });
  });
});
