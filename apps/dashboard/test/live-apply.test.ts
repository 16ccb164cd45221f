import { describe, expect, it } from 'vitest';
import type { JobPage, JobSummary, Overview } from '../src/data/types.ts';
import { type Batch, emptyBatch, matches, patchJobPage, patchOverview } from '../src/live/apply.ts';

/** How events change cached answers: pure functions, no browser needed. */
let seq = 0;
const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 10, 0, s)).toISOString();
function job(over: Partial<JobSummary> = {}): JobSummary {
  seq++;
  const id = over.id ?? `${String(seq).padStart(8, '0')}-0000-4000-8000-000000000000`;
  return {
    id,
    jobType: 'test_noop',
    status: 'pending',
    dryRun: false,
    priority: 'MEDIUM',
    progress: null,
    attempts: 0,
    maxAttempts: 1,
    error: null,
    startedBy: 'service',
    startedByClerkId: null,
    scheduleName: null,
    tags: [],
    retryOf: null,
    cancelRequestedAt: null,
    createdAt: at(0),
    startedAt: null,
    completedAt: null,
    updatedAt: at(0),
    display: { state: 'queued', retryAt: null, failedAttempt: null, queuePaused: false },
    actions: [],
    ...over,
  };
}
const row = (j: JobSummary) => ({ ...j, payload: {}, result: null });
const page = (jobs: JobSummary[], limit = 3): JobPage => ({
  jobs: jobs.map(row),
  nextAfter: null,
  total: jobs.length,
  totalIsExact: true,
  limit,
  page: 1,
});
const batchOf = (jobs: JobSummary[], created: JobSummary[] = []): Batch => ({
  ...emptyBatch(),
  jobs: new Map(jobs.map((j) => [j.id, j])),
  created,
});

describe('patching a page of jobs', () => {
  it('moves a row forward in time only', () => {
    const a = job();
    const done = { ...a, status: 'completed' as const, updatedAt: at(5) };
    const patched = patchJobPage(page([a]), {}, batchOf([done]));
    expect(patched.value.jobs[0]?.status).toBe('completed');
    const older = patchJobPage(patched.value, {}, batchOf([{ ...a, status: 'running', updatedAt: at(2) }]));
    expect(older.changed).toBe(false);
    expect(older.value.jobs[0]?.status).toBe('completed');
  });

  it('puts new matching jobs on top of the first page only, keeping its size and cursor right', () => {
    const old = [job(), job(), job()];
    const fresh = job({ jobType: 'test_script' });
    const other = job({ jobType: 'cleanup' });
    const first = patchJobPage(page(old), { type: 'test_script' }, batchOf([fresh, other], [fresh, other]));
    expect(first.value.jobs.map((j) => j.id)).toEqual([fresh.id, old[0]?.id, old[1]?.id]);
    expect(first.value.nextAfter).toBe(old[1]?.id);
    expect(first.value.total).toBe(4);
    const later = patchJobPage(page(old), { after: old[0]?.id }, batchOf([fresh], [fresh]));
    expect(later.changed).toBe(false);
  });

  it('marks a status-filtered list stale when a job moves in or out, instead of guessing its place', () => {
    const a = job({ status: 'running' });
    const out = patchJobPage(
      page([a]),
      { status: 'running' },
      batchOf([{ ...a, status: 'completed', updatedAt: at(3) }]),
    );
    expect(out.stale).toBe(true);
    const elsewhere = job({ status: 'failed', updatedAt: at(4) });
    expect(patchJobPage(page([]), { status: 'failed' }, batchOf([elsewhere])).stale).toBe(true);
  });

  it('matches the filters the dashboard can judge, and says when it cannot', () => {
    const j = job({ id: '0b9f3c1e-5d2a-4c6e-9a7b-1f2e3d4c5b6a', createdAt: '2026-12-06T23:59:00.000Z' });
    expect(matches(j, { idPrefix: '0b9f3c1e' })).toBe(true);
    expect(matches(j, { idPrefix: '0b9f3c1e-5d' })).toBe(true);
    expect(matches(j, { idPrefix: '0b9f3c1f' })).toBe(false);
    expect(matches(j, { to: '2026-12-06' })).toBe(true);
    expect(matches(j, { to: '2026-12-05' })).toBe(false);
    expect(matches(j, { from: '2026-12-06T12:00:00Z' })).toBe('unknown');
    expect(matches(j, { startedBy: 'scheduler' })).toBe(false);
  });

  it("matches a search's type and status lists, tags, schedule and error text; a payload filter is the API's to judge", () => {
    const j = job({
      jobType: 'weekly_digest',
      status: 'failed',
      tags: ['backfill', 'team:growth'],
      scheduleName: 'nightly',
      error: 'send: ECONNRESET by peer',
    });
    expect(matches(j, { type: 'crawl_pending,weekly_digest', status: 'failed,cancelled' })).toBe(true);
    expect(matches(j, { status: 'pending,running' })).toBe(false);
    expect(matches(j, { tag: ['backfill', 'team:growth'] })).toBe(true);
    expect(matches(j, { tag: 'backfill' })).toBe(true);
    expect(matches(j, { tag: ['backfill', 'other'] })).toBe(false);
    expect(matches(j, { schedule: 'nightly' })).toBe(true);
    expect(matches(j, { schedule: 'daily' })).toBe(false);
    expect(matches(j, { error: 'econnreset' })).toBe(true);
    expect(matches(j, { error: 'timeout' })).toBe(false);
    expect(matches(j, { payload: 'isoWeek=2026-W48' })).toBe('unknown');
    expect(matches(j, { contains: '{"a":1}' })).toBe('unknown');
    expect(matches(j, { status: 'pending', payload: 'isoWeek=2026-W48' })).toBe(false);
  });
});

describe('patching the overview', () => {
  const overview = (over: Partial<Overview>): Overview => ({
    computedAt: at(0),
    running: [],
    runningTotal: 0,
    waiting: [],
    waitingTotal: 0,
    recentFailures: [],
    types: [],
    nextRuns: [],
    pausedSchedules: [],
    pausedQueues: [],
    ...over,
  });

  it('moves running cards, takes out the ones that end and adds the ones that start', () => {
    const a = job({ status: 'running', startedAt: at(1), display: { ...job().display, state: 'running' } });
    const eta = {
      basis: 'history' as const,
      expectedCompletionAt: at(9),
      low: at(8),
      high: at(10),
      scaledToItems: null,
    };
    const o = overview({ running: [{ ...a, eta }], runningTotal: 1 });
    const moved = patchOverview(o, batchOf([{ ...a, progress: { percent: 50 }, updatedAt: at(2) }]));
    expect(moved.value.running[0]).toMatchObject({ progress: { percent: 50 }, eta });
    const b = job({ status: 'running', startedAt: at(3), updatedAt: at(3), display: { ...a.display } });
    const ended = patchOverview(
      moved.value,
      batchOf([{ ...a, status: 'completed', updatedAt: at(4), display: { ...a.display, state: 'completed' } }, b]),
    );
    expect(ended.value.running.map((j) => j.id)).toEqual([b.id]);
    expect(ended.value.runningTotal).toBe(1);
  });

  it('lists a job waiting to retry and a new failure', () => {
    const waiting = job({
      status: 'pending',
      attempts: 1,
      maxAttempts: 3,
      updatedAt: at(2),
      display: { state: 'waiting_to_retry', retryAt: at(30), failedAttempt: 1, queuePaused: false },
    });
    const failed = job({ status: 'failed', completedAt: at(3), updatedAt: at(3), error: 'boom' });
    const patched = patchOverview(overview({}), batchOf([waiting, failed]));
    expect(patched.value.waiting.map((j) => j.id)).toEqual([waiting.id]);
    expect(patched.value.recentFailures.map((j) => j.id)).toEqual([failed.id]);
  });
});
