import { PermanentJobError } from '@scheduler/jobs';
import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { cleanupOldData } from './index.ts';
import { type RetentionData, retentionSnapshot, seedRetentionData } from './test-data.ts';

let world: JobWorld;
let seeded: RetentionData;

beforeAll(async () => {
  world = await createJobWorld();
  seeded = await seedRetentionData(world.sql);
});
afterAll(async () => {
  await world?.close();
});

const snapshot = () => retentionSnapshot(world.sql);

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
    expect(archived.map((r) => r.id).sort()).toEqual([...seeded.oldJobs].sort());
    expect(archived.every((r) => r.archived_at instanceof Date && r.result !== null)).toBe(true);
    const live =
      await world.sql`SELECT id FROM scheduled_jobs WHERE id = ANY(${[...seeded.oldJobs, ...seeded.keptJobs]}::uuid[])`;
    expect(live.map((r) => r.id).sort()).toEqual([...seeded.keptJobs].sort());
    const [retry] = await world.sql`SELECT retry_of FROM scheduled_jobs WHERE retry_of IS NOT NULL`;
    expect(retry?.retry_of).toBe(seeded.oldJobs[2]);
    const ledger = await world.sql`SELECT key FROM side_effect_ledger ORDER BY key`;
    expect(ledger.map((r) => r.key)).toEqual(['old-claimed', 'recent-done']);

    // Metrics now count only what is left: d1 3 views and 1 like, d2 2 views and 1 save.
    const metrics = await world.sql`
      SELECT discovery_id, views_count, likes_count, saves_count, shares_count, engagement_rate::float AS rate
      FROM content_metrics ORDER BY views_count DESC`;
    expect(metrics).toEqual([
      {
        discovery_id: seeded.discoveries.d1,
        views_count: 3,
        likes_count: 1,
        saves_count: 0,
        shares_count: 0,
        rate: 0.3333,
      },
      {
        discovery_id: seeded.discoveries.d2,
        views_count: 2,
        likes_count: 0,
        saves_count: 1,
        shares_count: 0,
        rate: 0.5,
      },
    ]);
    const counts = await world.sql`SELECT id, like_count, share_count FROM discoveries ORDER BY like_count DESC`;
    expect(counts).toEqual([
      { id: seeded.discoveries.d1, like_count: 1, share_count: 0 },
      { id: seeded.discoveries.d2, like_count: 0, share_count: 0 },
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
