import { PermanentJobError } from '@scheduler/jobs';
import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { cleanupOldData } from './index.ts';

let world: JobWorld;
const d: Record<string, string> = {};
const oldJobs: string[] = [];
const keptJobs: string[] = [];

beforeAll(async () => {
  world = await createJobWorld();
  const [user] = await world.sql`INSERT INTO users (clerk_user_id) VALUES ('user_cleanup') RETURNING id`;
  for (const name of ['d1', 'd2']) {
    const [row] = await world.sql`
      INSERT INTO discoveries (url, status, like_count, share_count)
      VALUES (${`https://example.org/${name}`}, 'approved', 9, 9) RETURNING id`;
    d[name] = row?.id as string;
  }
  const interactions: Array<[string, string, string]> = [
    ['d1', 'like', '800 days'], // the three older than two years
    ['d1', 'view', '800 days'],
    ['d2', 'share', '800 days'],
    ['d2', 'view', '729 days'], // just inside the retention: kept
    ['d1', 'view', '30 minutes'],
    ['d1', 'view', '30 minutes'],
    ['d1', 'view', '30 minutes'],
    ['d1', 'like', '30 minutes'],
    ['d2', 'save', '2 days'],
    ['d2', 'view', '10 days'],
  ];
  for (const [name, type, ago] of interactions) {
    await world.sql`INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
                VALUES (${user?.id as string}, ${d[name] as string}, ${type}, now() - ${ago}::interval)`;
  }
  const jobs: Array<[string, string, boolean]> = [
    ['completed', '100 days', true],
    ['completed', '100 days', true],
    ['failed', '120 days', true],
    ['pending', '100 days', false], // not finished: never archived
    ['completed', '10 days', false],
  ];
  for (const [status, ago, archived] of jobs) {
    const [row] = await world.sql`
      INSERT INTO scheduled_jobs (job_type, status, created_at, completed_at, result)
      VALUES ('update_metrics', ${status}, now() - ${ago}::interval,
              ${status === 'pending' ? null : world.sql`now() - ${ago}::interval`}, ${world.sql.json({ success: status === 'completed' })})
      RETURNING id`;
    (archived ? oldJobs : keptJobs).push(row?.id as string);
  }
  // A recent retry of an old job: the old one is archived all the same, and the link is kept.
  await world.sql`INSERT INTO scheduled_jobs (job_type, status, retry_of) VALUES ('update_metrics', 'completed', ${oldJobs[2] as string})`;
  await world.sql`INSERT INTO job_logs (job_id, level, message, at) VALUES
    (${oldJobs[0] as string}, 'info', 'old line', now() - interval '100 days'),
    (${keptJobs[1] as string}, 'info', 'recent line', now() - interval '10 days')`;
  await world.sql`INSERT INTO job_events (job_id, job_type, kind, at)
              VALUES (${oldJobs[0] as string}, 'update_metrics', 'completed', now() - interval '30 days')`;
  const ledger: Array<[string, string, string]> = [
    ['old-done-1', 'done', '200 days'],
    ['old-done-2', 'failed', '200 days'],
    ['old-claimed', 'claimed', '200 days'], // unsettled: kept whatever its age
    ['recent-done', 'done', '10 days'],
  ];
  for (const [key, status, ago] of ledger) {
    await world.sql`INSERT INTO side_effect_ledger (key, kind, job_id, status, claimed_at)
                VALUES (${key}, 'email:test', gen_random_uuid(), ${status}, now() - ${ago}::interval)`;
  }
});
afterAll(async () => {
  await world?.close();
});

/** Everything cleanup may touch, as comparable text. */
async function snapshot() {
  const [row] = await world.sql`
    SELECT (SELECT string_agg(id::text || type || created_at::text, ',' ORDER BY id) FROM user_interactions) AS interactions,
           (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM scheduled_jobs
             WHERE job_type = 'update_metrics') AS jobs,
           (SELECT count(*) FROM scheduled_jobs_archive) AS archived,
           (SELECT string_agg(key || status, ',' ORDER BY key) FROM side_effect_ledger) AS ledger,
           (SELECT count(*) FROM content_metrics) AS metrics,
           (SELECT count(*) FROM trending_content) AS trending,
           (SELECT string_agg(like_count || '/' || share_count || '/' || trending_score, ',' ORDER BY id) FROM discoveries) AS counts`;
  return row;
}

const run = (payload: z.input<typeof cleanupOldData.payload>) =>
  runJob(cleanupOldData, payload, world.depsFor(cleanupOldData), { sql: world.sql });

describe('cleanup_old_data (handler)', () => {
  it('dryRun reports exact counts and leaves every table unchanged', async () => {
    const before = await snapshot();
    const { result, logs } = await run({ dryRun: true });
    expect(result.details).toMatchObject({
      dryRun: true,
      wouldRefuse: [],
      plan: {
        user_interactions: { candidates: 3, total: 10 },
        scheduled_jobs: { candidates: 3 },
        side_effect_ledger: { candidates: 2, total: 4 },
      },
    });
    expect(logs.at(-1)?.message).toBe('dry run: deleted nothing');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses, for good and without deleting anything, to remove more than maxDeleteShare of a table', async () => {
    const before = await snapshot();
    const refused = run({ maxDeleteShare: 0.25 });
    await expect(refused).rejects.toThrow(PermanentJobError);
    await expect(refused).rejects.toThrow(
      /user_interactions: 3 of 10 rows \(30%\).*maxDeleteShare 0\.25|maxDeleteShare 0\.25.*user_interactions: 3 of 10 rows \(30%\)/,
    );
    // Attempts were left, but a refusal is not retried: the job failed at its first.
    const [job] = await world.sql`
      SELECT status, attempts FROM scheduled_jobs WHERE job_type = 'cleanup_old_data' AND status = 'failed'`;
    expect(job).toEqual({ status: 'failed', attempts: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('deletes and archives exactly what is old, in batches, then refreshes metrics and trending', async () => {
    const { result, progress } = await run({ batchSize: 100 });
    expect(result.details).toMatchObject({
      userInteractionsDeleted: 3,
      scheduledJobsArchived: 3,
      ledgerRowsDeleted: 2,
      jobLogLinesDeleted: 1,
      jobEventsDeleted: 1,
      refreshed: { trendingByWindow: { '1h': 1, '24h': 1, '7d': 2 } },
    });
    expect(result.itemsProcessed).toBe(10);
    expect(progress.at(-1)).toEqual({ percent: 90, message: 'refreshing metrics and trending' });
    expect((await world.sql`SELECT message FROM job_logs WHERE message LIKE '% line'`).map((r) => r.message)).toEqual([
      'recent line',
    ]);

    const [{ n: interactions }] = (await world.sql`SELECT count(*)::int AS n FROM user_interactions`) as unknown as [
      { n: number },
    ];
    expect(interactions).toBe(7);
    const archived = await world.sql`SELECT id, status, result, archived_at FROM scheduled_jobs_archive ORDER BY id`;
    expect(archived.map((r) => r.id).sort()).toEqual([...oldJobs].sort());
    expect(archived.every((r) => r.archived_at instanceof Date && r.result !== null)).toBe(true);
    const live = await world.sql`SELECT id FROM scheduled_jobs WHERE id = ANY(${[...oldJobs, ...keptJobs]}::uuid[])`;
    expect(live.map((r) => r.id).sort()).toEqual([...keptJobs].sort());
    const [retry] = await world.sql`SELECT retry_of FROM scheduled_jobs WHERE retry_of IS NOT NULL`;
    expect(retry?.retry_of).toBe(oldJobs[2]);
    const ledger = await world.sql`SELECT key FROM side_effect_ledger ORDER BY key`;
    expect(ledger.map((r) => r.key)).toEqual(['old-claimed', 'recent-done']);

    // Metrics now count only what is left: d1 3 views and 1 like, d2 2 views and 1 save.
    const metrics = await world.sql`
      SELECT discovery_id, views_count, likes_count, saves_count, shares_count, engagement_rate::float AS rate
      FROM content_metrics ORDER BY views_count DESC`;
    expect(metrics).toEqual([
      { discovery_id: d.d1, views_count: 3, likes_count: 1, saves_count: 0, shares_count: 0, rate: 0.3333 },
      { discovery_id: d.d2, views_count: 2, likes_count: 0, saves_count: 1, shares_count: 0, rate: 0.5 },
    ]);
    const counts = await world.sql`SELECT id, like_count, share_count FROM discoveries ORDER BY like_count DESC`;
    expect(counts).toEqual([
      { id: d.d1, like_count: 1, share_count: 0 },
      { id: d.d2, like_count: 0, share_count: 0 },
    ]);
  });

  it('a second run finds nothing left to do', async () => {
    const { result } = await run({ refresh: false });
    expect(result.details).toMatchObject({
      userInteractionsDeleted: 0,
      scheduledJobsArchived: 0,
      ledgerRowsDeleted: 0,
      refreshed: { skipped: true },
    });
  });
});
