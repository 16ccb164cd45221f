import { createTestDatabase, type TestDatabase } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobArchive, createSearchPool, type JobArchive, jsonParam, SearchTooBroadError } from '../src/index.ts';

// The archive is searched with the job listing's own conditions: each filter, and filters
// combined, find exactly the archived jobs they name, page by page, and the counts per type agree.
let db: TestDatabase;
let archive: JobArchive;
const ids: Record<string, string> = {};

const ROWS: Array<{ key: string; type: string; status: string; payload?: object; tags?: string[]; error?: string }> = [
  {
    key: 'w48failed',
    type: 'weekly_digest',
    status: 'failed',
    payload: { isoWeek: '2026-W48' },
    tags: ['backfill'],
    error: 'send: ECONNRESET by peer',
  },
  { key: 'w48ok', type: 'weekly_digest', status: 'completed', payload: { isoWeek: '2026-W48' } },
  { key: 'w47failed', type: 'weekly_digest', status: 'failed', payload: { isoWeek: '2026-W47' }, error: 'timeout' },
  {
    key: 'crawlReset',
    type: 'crawl_pending',
    status: 'failed',
    payload: { limit: 100 },
    tags: ['backfill', 'eu'],
    error: 'econnreset from crawler',
  },
  { key: 'crawlOk', type: 'crawl_pending', status: 'completed', payload: { limit: 100 }, tags: ['eu'] },
  { key: 'cancelled', type: 'crawl_pending', status: 'cancelled', error: 'cancelled on request' },
];

beforeAll(async () => {
  db = await createTestDatabase();
  archive = createJobArchive(db.sql);
  for (const [i, row] of ROWS.entries()) {
    const [r] = await db.sql`
      INSERT INTO scheduled_jobs_archive (job_type, status, payload, tags, error, created_at, archived_at)
      VALUES (${row.type}, ${row.status}, ${jsonParam(db.sql, row.payload ?? {})}, ${`{${(row.tags ?? []).join(',')}}`}::text[],
              ${row.error ?? null}, now() - ${i} * interval '1 hour' - interval '200 days', now())
      RETURNING id`;
    ids[row.key] = r?.id as string;
  }
});
afterAll(async () => {
  await db?.drop();
});

const page = { limit: 100, page: 1 };
const found = async (search: Parameters<JobArchive['list']>[0]) =>
  (await archive.list(search)).jobs.map((j) => ROWS.find((r) => ids[r.key] === j.id)?.key);

describe('the archive searched as the jobs are', () => {
  it('finds exactly what each filter and combination names, newest first', async () => {
    expect(await found({ ...page })).toEqual(ROWS.map((r) => r.key));
    expect(await found({ ...page, payload: [{ path: ['isoWeek'], value: '2026-W48' }] })).toEqual([
      'w48failed',
      'w48ok',
    ]);
    expect(await found({ ...page, payload: [{ path: ['limit'], value: '100' }] })).toEqual(['crawlReset', 'crawlOk']);
    expect(await found({ ...page, contains: { isoWeek: '2026-W47' } })).toEqual(['w47failed']);
    expect(await found({ ...page, tags: ['backfill'] })).toEqual(['w48failed', 'crawlReset']);
    expect(await found({ ...page, tags: ['backfill', 'eu'] })).toEqual(['crawlReset']);
    expect(await found({ ...page, errorText: 'ECONNRESET' })).toEqual(['w48failed', 'crawlReset']);
    expect(await found({ ...page, errorText: 'econnreset', types: ['weekly_digest'], statuses: ['failed'] })).toEqual([
      'w48failed',
    ]);
    expect(await found({ ...page, idPrefix: (ids.w47failed as string).replaceAll('-', '').slice(0, 12) })).toEqual([
      'w47failed',
    ]);
    expect(await found({ ...page, tags: ['nothing'] })).toEqual([]);
  });

  it('pages by cursor across the boundaries, and counts the matches per type and status', async () => {
    const search = { errorText: 'e' };
    const all = await found({ ...page, ...search });
    const seen: unknown[] = [];
    let after: string | undefined;
    for (;;) {
      const { jobs, total } = await archive.list({ limit: 2, page: 1, ...search, ...(after ? { after } : {}) });
      expect(total).toBe(all.length);
      seen.push(...jobs.map((j) => ROWS.find((r) => ids[r.key] === j.id)?.key));
      if (jobs.length < 2) break;
      after = jobs.at(-1)?.id;
    }
    expect(seen).toEqual(all);
    expect(await archive.counts({ tags: ['backfill'] })).toEqual([
      { jobType: 'crawl_pending', total: 1, byStatus: { failed: 1 } },
      { jobType: 'weekly_digest', total: 1, byStatus: { failed: 1 } },
    ]);
    expect(await archive.counts({})).toEqual([
      { jobType: 'crawl_pending', total: 3, byStatus: { cancelled: 1, completed: 1, failed: 1 } },
      { jobType: 'weekly_digest', total: 3, byStatus: { completed: 1, failed: 2 } },
    ]);
  });

  it('bounds a search by its statement timeout, as the listing does: past it, SearchTooBroadError', async () => {
    // A statement held past the bound (here by a lock another transaction keeps) is cut off.
    const bounded = createSearchPool(db.url, { timeoutMs: 200, max: 1 });
    const roomy = createSearchPool(db.url, { timeoutMs: 5000, max: 1 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db.sql.begin(async (tx) => {
      await tx`LOCK TABLE scheduled_jobs_archive IN ACCESS EXCLUSIVE MODE`;
      locked();
      await held;
    });
    await isLocked;
    try {
      await expect(archive.list({ ...page, tags: ['backfill'] }, { within: bounded })).rejects.toBeInstanceOf(
        SearchTooBroadError,
      );
      await expect(archive.counts({ tags: ['backfill'] }, { within: bounded })).rejects.toBeInstanceOf(
        SearchTooBroadError,
      );
    } finally {
      release();
      await holder;
    }
    expect((await archive.list({ ...page, tags: ['backfill'] }, { within: roomy })).total).toBe(2);
    await Promise.all([bounded.sql.end(), roomy.sql.end()]);
  });
});
