import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSearchPool,
  type JobSearch,
  SearchTooBroadError,
  type Sql,
  searchConditions,
  tagsProblem,
  withinSearchPool,
} from '../src/index.ts';

// The conditions every search of jobs uses (the listing, bulk actions, the archive), run against
// rows of every kind: each filter alone and combined must match exactly the rows it names.
let db: TestDatabase;

interface Row {
  key: string;
  id?: string;
  job_type?: string;
  status?: string;
  payload?: Record<string, unknown>;
  tags?: string[];
  error?: string | null;
  schedule_name?: string | null;
  started_by?: string | null;
  created_at?: Date;
}

const ROWS: Row[] = [
  {
    key: 'digest48',
    job_type: 'weekly_digest',
    status: 'failed',
    payload: { isoWeek: '2026-W48' },
    error: 'send: ECONNRESET by peer',
    tags: ['backfill'],
  },
  {
    key: 'digest48ok',
    job_type: 'weekly_digest',
    status: 'completed',
    payload: { isoWeek: '2026-W48' },
    tags: ['backfill', 'team:growth'],
  },
  {
    key: 'digest49',
    job_type: 'weekly_digest',
    status: 'failed',
    payload: { isoWeek: '2026-W49', dryRun: true },
    error: 'Timeout after 30 s',
  },
  {
    key: 'crawl',
    job_type: 'crawl_pending',
    status: 'pending',
    payload: { batchSize: 100, opts: { deep: { level: 'x' } } },
    schedule_name: 'crawl-nightly',
    started_by: 'scheduler',
  },
  { key: 'crawlStr', job_type: 'crawl_pending', status: 'running', payload: { batchSize: '100' }, started_by: 'u-1' },
  {
    key: 'cleanup',
    job_type: 'cleanup_old_data',
    status: 'cancelled',
    payload: {},
    error: '100% of 50_000 rows: refused',
    created_at: new Date('2026-11-01T00:00:00Z'),
  },
  {
    key: 'metrics',
    job_type: 'update_metrics',
    status: 'completed',
    payload: { discoveryIds: ['a', 'b'] },
    tags: ['team:growth'],
    id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  },
];

const ids = new Map<string, string>();

async function insertRows(sql: Sql, table: string) {
  for (const row of ROWS) {
    const id = row.id ?? randomUUID();
    ids.set(`${table}:${row.key}`, id);
    await sql`
      INSERT INTO ${sql(table)} (id, job_type, status, payload, tags, error, schedule_name, started_by, created_at)
      VALUES (${id}, ${row.job_type ?? 'test_noop'}, ${row.status ?? 'pending'}, ${sql.json((row.payload ?? {}) as never)},
              ARRAY(SELECT jsonb_array_elements_text(${sql.json(row.tags ?? [])})), ${row.error ?? null}, ${row.schedule_name ?? null}, ${row.started_by ?? null},
              ${row.created_at ?? new Date('2026-12-05T12:00:00Z')})`;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await insertRows(db.sql, 'scheduled_jobs');
  await insertRows(db.sql, 'scheduled_jobs_archive');
});
afterAll(async () => {
  await db?.drop();
});

async function keysMatching(search: JobSearch, table = 'scheduled_jobs'): Promise<string[]> {
  const { sql } = db;
  const where = searchConditions(sql, search).reduce((all, c) => sql`${all} AND ${c}`, sql`TRUE`);
  const rows = await sql`SELECT id FROM ${sql(table)} WHERE ${where}`;
  const byId = new Map([...ids].filter(([k]) => k.startsWith(`${table}:`)).map(([k, id]) => [id, k.split(':')[1]]));
  return rows.map((r) => byId.get(r.id as string) as string).sort();
}

describe('searchConditions', () => {
  const cases: Array<[string, JobSearch, string[]]> = [
    ['nothing: every job', {}, ROWS.map((r) => r.key)],
    ['one type', { types: ['weekly_digest'] }, ['digest48', 'digest48ok', 'digest49']],
    ['several types', { types: ['crawl_pending', 'update_metrics'] }, ['crawl', 'crawlStr', 'metrics']],
    ['several statuses', { statuses: ['failed', 'cancelled'] }, ['cleanup', 'digest48', 'digest49']],
    [
      'a payload key equal to a string',
      { payload: [{ path: ['isoWeek'], value: '2026-W48' }] },
      ['digest48', 'digest48ok'],
    ],
    [
      'a payload key equal to a number or its string',
      { payload: [{ path: ['batchSize'], value: '100' }] },
      ['crawl', 'crawlStr'],
    ],
    ['a boolean', { payload: [{ path: ['dryRun'], value: 'true' }] }, ['digest49']],
    ['a nested path', { payload: [{ path: ['opts', 'deep', 'level'], value: 'x' }] }, ['crawl']],
    ['a path that is not there', { payload: [{ path: ['isoWeek', 'x'], value: '2026-W48' }] }, []],
    ['containment', { contains: { isoWeek: '2026-W49', dryRun: true } }, ['digest49']],
    ['containment of an array element', { contains: { discoveryIds: ['b'] } }, ['metrics']],
    ['one tag', { tags: ['backfill'] }, ['digest48', 'digest48ok']],
    ['every given tag', { tags: ['backfill', 'team:growth'] }, ['digest48ok']],
    ['error text, any case', { errorText: 'econnreset' }, ['digest48']],
    ['error text with LIKE wildcards taken literally', { errorText: '100% of 50_' }, ['cleanup']],
    ['a wildcard alone matches only itself', { errorText: '%' }, ['cleanup']],
    ['an id prefix', { idPrefix: '3fa85f64' }, ['metrics']],
    ['the schedule', { scheduleName: 'crawl-nightly' }, ['crawl']],
    ['started by', { startedBy: 'u-1' }, ['crawlStr']],
    ['dates', { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') }, ['cleanup']],
    [
      'a combination',
      {
        types: ['weekly_digest'],
        statuses: ['failed'],
        payload: [{ path: ['isoWeek'], value: '2026-W48' }],
        tags: ['backfill'],
        errorText: 'ECONN',
      },
      ['digest48'],
    ],
    ['a combination nothing meets', { tags: ['backfill'], statuses: ['cancelled'] }, []],
  ];

  it.each(cases)('%s', async (_name, search, expected) => {
    expect(await keysMatching(search)).toEqual([...expected].sort());
  });

  it('applies to the archive alike', async () => {
    for (const [, search, expected] of cases) {
      expect(await keysMatching(search, 'scheduled_jobs_archive')).toEqual([...expected].sort());
    }
  });

  it('is answered by the partial indexes it was written for', async () => {
    const { sql } = db;
    const planOf = async (search: JobSearch) => {
      const where = searchConditions(sql, search).reduce((all, c) => sql`${all} AND ${c}`, sql`TRUE`);
      return sql.begin(async (tx) => {
        await tx`SET LOCAL enable_seqscan = off`;
        const rows = await tx`EXPLAIN SELECT id FROM scheduled_jobs WHERE ${where}`;
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    };
    expect(await planOf({ payload: [{ path: ['isoWeek'], value: '2026-W48' }] })).toContain(
      'idx_scheduled_jobs_payload',
    );
    expect(await planOf({ contains: { isoWeek: '2026-W48' } })).toContain('idx_scheduled_jobs_payload');
    expect(await planOf({ tags: ['backfill'] })).toContain('idx_scheduled_jobs_tags');
    expect(await planOf({ errorText: 'ECONNRESET' })).toContain('idx_scheduled_jobs_error_trgm');
    expect(await planOf({ idPrefix: '3fa85f64' })).toContain('scheduled_jobs_pkey');
    // A status or a type alone: the wider indexes that made (status) and (job_type) redundant.
    expect(await planOf({ statuses: ['failed'] })).toMatch(/idx_scheduled_jobs_(type_)?status_created/);
    expect(await planOf({ types: ['crawl_pending'] })).toMatch(/idx_scheduled_jobs_type_(status_)?created/);
  });
});

describe('a search pool', () => {
  it('cuts off a statement past its bound with SearchTooBroadError, in one statement, and bounds nothing else', async () => {
    const pool = createSearchPool(db.url, { timeoutMs: 50, max: 1 });
    try {
      await expect(withinSearchPool(pool, (sql) => sql`SELECT pg_sleep(1)`)).rejects.toBeInstanceOf(
        SearchTooBroadError,
      );
      // The bound came with the connection (no transaction, no SET), and it keeps serving.
      const [row] = await withinSearchPool(pool, (sql) => sql`SELECT current_setting('statement_timeout') AS bound`);
      expect(row?.bound).toBe('50ms');
      // The other pool's connections have none.
      const [setting] = await db.sql`SHOW statement_timeout`;
      expect(setting?.statement_timeout).toBe('0');
    } finally {
      await pool.sql.end();
    }
  });
});

describe('tagsProblem', () => {
  it('accepts short lower-case tags and refuses the rest, saying why', () => {
    expect(tagsProblem(['backfill', 'team:growth', 'v1.2_x-y'])).toBeNull();
    expect(tagsProblem(['a', 'b', 'c', 'd', 'e', 'f'])).toMatch(/at most 5 tags/);
    expect(tagsProblem(['Backfill'])).toMatch(/"Backfill" must be 1 to 40 characters/);
    expect(tagsProblem([''])).toMatch(/must be 1 to 40/);
    expect(tagsProblem(['x'.repeat(41)])).toMatch(/must be 1 to 40/);
    expect(tagsProblem(['a b'])).toMatch(/must be/);
    expect(tagsProblem(['dup', 'dup'])).toMatch(/twice/);
  });
});
