import { buildCatalogue, buildJobDeps, type JobDefinition } from '@scheduler/jobs';
import { runJob, type TestDatabase, waitFor } from '@scheduler/testing';
import { createSignedInApiHarness, type SignedInApiHarness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Retention per job type, set by admins through the API and applied by cleanup_old_data; the
 * archive it fills, listed with the jobs' filters and counted per type.
 */
let harness: SignedInApiHarness;
let db: TestDatabase;
let app: FastifyInstance;
let headers: SignedInApiHarness['headers'];

beforeAll(async () => {
  harness = await createSignedInApiHarness();
  ({ db, app, headers } = harness);
});
afterAll(async () => {
  await harness?.close();
});

type Who = keyof typeof headers;
const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, who: Who = 'admin', payload?: unknown) =>
  app.inject({ method, url, headers: headers[who], ...(payload !== undefined ? { payload: payload as object } : {}) });
const retentionOf = async (type: string) =>
  ((await call('GET', '/api/job-types')).json().jobTypes as Array<{ name: string; retention: unknown }>).find(
    (t) => t.name === type,
  )?.retention;

/** A finished job created `daysAgo` days ago; its id. */
async function job(type: string, status: string, daysAgo: number): Promise<string> {
  const [row] = await db.sql`
    INSERT INTO scheduled_jobs (job_type, status, created_at, completed_at)
    VALUES (${type}, ${status}, now() - ${daysAgo} * interval '1 day', now() - ${daysAgo} * interval '1 day')
    RETURNING id`;
  return row?.id as string;
}

/** One cleanup_old_data run, as the worker runs it, on this API's database. */
async function cleanup() {
  const catalogue = buildCatalogue();
  const definition = catalogue.get('cleanup_old_data') as JobDefinition;
  const unused = () => {
    throw new Error('cleanup_old_data calls no service');
  };
  const deps = buildJobDeps(definition.needs, { sql: db.sql, catalogue, crawler: unused, email: unused });
  return runJob(definition, { maxDeleteShare: 1, refresh: false }, deps as never, { sql: db.sql });
}

describe('retention per job type', () => {
  it("shows each type's retention on the type: its code's, or the default", async () => {
    expect(await retentionOf('crawl_pending')).toEqual({
      days: 90,
      failedDays: 180,
      source: 'type',
      declared: { days: 90, failedDays: 180, source: 'type' },
      override: null,
    });
    expect(await retentionOf('update_metrics')).toMatchObject({ days: 90, failedDays: 90, source: 'default' });
    expect((await call('GET', '/api/job-types/update_metrics/retention', 'moderator')).json()).toMatchObject({
      days: 90,
      source: 'default',
    });
  });

  it('refuses bad values with 400, a moderator with 403, an unknown type with 404, and writes nothing', async () => {
    const bad: unknown[] = [
      { days: 0 },
      { days: 3651 },
      { days: 1.5 },
      { days: '30' },
      { days: 30, failedDays: 0 },
      { failedDays: 30 },
      { days: 30, keep: 'forever' },
    ];
    for (const body of bad) {
      const res = await call('PUT', '/api/job-types/update_metrics/retention', 'admin', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().message).toMatch(/days|keep/i);
    }
    expect((await call('PUT', '/api/job-types/update_metrics/retention', 'moderator', { days: 30 })).statusCode).toBe(
      403,
    );
    expect((await call('DELETE', '/api/job-types/update_metrics/retention', 'moderator')).statusCode).toBe(403);
    const unknown = await call('PUT', '/api/job-types/no_such_type/retention', 'admin', { days: 30 });
    expect(unknown.statusCode).toBe(404);
    expect(await db.sql`SELECT * FROM job_type_settings`).toEqual([]);
    expect(await retentionOf('update_metrics')).toMatchObject({ source: 'default' });
  });

  it("an admin's override is shown, audited, and what cleanup_old_data archives by", async () => {
    const res = await call('PUT', '/api/job-types/update_metrics/retention', 'admin', { days: 30, failedDays: 120 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      days: 30,
      failedDays: 120,
      source: 'admin',
      declared: { days: 90, failedDays: 90, source: 'default' },
      override: { updatedBy: 'user_admin' },
    });
    expect(await retentionOf('update_metrics')).toMatchObject({ days: 30, failedDays: 120, source: 'admin' });
    // The audit row is written once the answer is sent.
    const audit = await waitFor('the audit row', async () => {
      const [row] = await db.sql`
        SELECT action, target, details, status_code, actor_clerk_id FROM scheduler_audit_log
        WHERE action = 'job_type.retention' AND status_code = 200`;
      return row;
    });
    expect(audit).toEqual({
      action: 'job_type.retention',
      target: 'update_metrics',
      details: { days: 30, failedDays: 120 },
      status_code: 200,
      actor_clerk_id: 'user_admin',
    });

    const archived = [await job('update_metrics', 'completed', 31), await job('update_metrics', 'failed', 121)];
    const kept = [
      await job('update_metrics', 'completed', 29),
      await job('update_metrics', 'failed', 100),
      // Another type keeps its own (the default 90 days).
      await job('recalculate_trending', 'completed', 60),
    ];
    const { result } = await cleanup();
    expect(result.details).toMatchObject({ scheduledJobsArchived: 2, archivedByType: { update_metrics: 2 } });
    const inArchive = await db.sql`SELECT id FROM scheduled_jobs_archive`;
    expect(inArchive.map((r) => r.id).sort()).toEqual([...archived].sort());
    const live = await db.sql`SELECT id FROM scheduled_jobs WHERE id = ANY(${[...archived, ...kept]}::uuid[])`;
    expect(live.map((r) => r.id).sort()).toEqual([...kept].sort());
  });

  it("reset hands the type back to its code's retention, audited", async () => {
    const res = await call('DELETE', '/api/job-types/update_metrics/retention', 'service');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ days: 90, failedDays: 90, source: 'default', override: null });
    const audit = await waitFor('the audit row', async () => {
      const [row] = await db.sql`
        SELECT target FROM scheduler_audit_log WHERE action = 'job_type.retention_reset' AND status_code = 200`;
      return row;
    });
    expect(audit).toEqual({ target: 'update_metrics' });
  });
});

describe('the archive', () => {
  interface Archived {
    id: string;
    type: string;
    status: string;
    daysAgo: number;
    startedBy: string;
  }
  const rows: Archived[] = [];

  beforeAll(async () => {
    await db.sql`DELETE FROM scheduled_jobs_archive`;
    const spec: Array<[string, string, number, string]> = [
      ['crawl_pending', 'completed', 200, 'scheduler'],
      ['crawl_pending', 'completed', 201, 'scheduler'],
      ['crawl_pending', 'failed', 202, 'service'],
      ['crawl_pending', 'cancelled', 203, 'service'],
      ['weekly_digest', 'failed', 204, 'scheduler'],
      ['weekly_digest', 'completed', 205, 'scheduler'],
      ['retired_type', 'completed', 400, 'service'],
    ];
    for (const [type, status, daysAgo, startedBy] of spec) {
      const [row] = await db.sql`
        INSERT INTO scheduled_jobs_archive (job_type, status, created_at, completed_at, started_by, archived_at)
        VALUES (${type}, ${status}, now() - ${daysAgo} * interval '1 day', now() - ${daysAgo} * interval '1 day',
                ${startedBy}, now())
        RETURNING id`;
      rows.push({ id: row?.id as string, type, status, daysAgo, startedBy });
    }
  });

  const archive = async (query: string) => {
    const res = await call('GET', `/api/archive?${query}`, 'moderator');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      jobs: Array<{ id: string; archivedAt: string }>;
      total: number;
      nextAfter: string | null;
      counts: Array<{ jobType: string; total: number; byStatus: Record<string, number> }>;
    };
  };
  const ids = (pick: (r: Archived) => boolean) =>
    rows
      .filter(pick)
      .sort((a, b) => a.daysAgo - b.daysAgo)
      .map((r) => r.id);

  it('finds exactly the archived jobs each filter matches, newest first, with a count per type', async () => {
    const all = await archive('limit=100');
    expect(all.jobs.map((j) => j.id)).toEqual(ids(() => true));
    expect(all.total).toBe(7);
    expect(all.counts).toEqual([
      { jobType: 'crawl_pending', total: 4, byStatus: { cancelled: 1, completed: 2, failed: 1 } },
      { jobType: 'retired_type', total: 1, byStatus: { completed: 1 } },
      { jobType: 'weekly_digest', total: 2, byStatus: { completed: 1, failed: 1 } },
    ]);
    expect(all.jobs[0]?.archivedAt).toEqual(expect.any(String));

    const failed = await archive('status=failed');
    expect(failed.jobs.map((j) => j.id)).toEqual(ids((r) => r.status === 'failed'));
    expect(failed.counts).toEqual([
      { jobType: 'crawl_pending', total: 1, byStatus: { failed: 1 } },
      { jobType: 'weekly_digest', total: 1, byStatus: { failed: 1 } },
    ]);
    const crawlByService = await archive('type=crawl_pending&startedBy=service');
    expect(crawlByService.jobs.map((j) => j.id)).toEqual(
      ids((r) => r.type === 'crawl_pending' && r.startedBy === 'service'),
    );
    expect(crawlByService.total).toBe(2);
    // A type no longer in the code is still found.
    expect((await archive('type=retired_type')).jobs.map((j) => j.id)).toEqual(ids((r) => r.type === 'retired_type'));
    const target = rows[4] as Archived;
    expect((await archive(`idPrefix=${target.id.slice(0, 8)}`)).jobs.map((j) => j.id)).toContain(target.id);
    const from = new Date(Date.now() - 202.5 * 86_400_000).toISOString();
    expect((await archive(`from=${from}`)).jobs.map((j) => j.id)).toEqual(ids((r) => r.daysAgo <= 202));
  });

  it('pages by cursor without losing or repeating a job at the boundaries', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await archive(`limit=3${after ? `&after=${after}` : ''}`);
      expect(page.total).toBe(7);
      seen.push(...page.jobs.map((j) => j.id));
      after = page.nextAfter;
    } while (after);
    expect(seen).toEqual(ids(() => true));
    expect((await call('GET', `/api/archive/${rows[0]?.id}`, 'moderator')).json()).toMatchObject({
      id: rows[0]?.id,
      jobType: 'crawl_pending',
      status: 'completed',
    });
    expect((await call('GET', '/api/archive/00000000-0000-4000-8000-000000000000', 'moderator')).statusCode).toBe(404);
    expect((await call('GET', '/api/archive?status=nonsense', 'moderator')).statusCode).toBe(400);
  });
});
