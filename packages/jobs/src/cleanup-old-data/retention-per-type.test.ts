import { createJobTypeSettings } from '@scheduler/db';
import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { cleanupOldData } from './index.ts';

let world: JobWorld;

beforeAll(async () => {
  world = await createJobWorld();
});
afterAll(async () => {
  await world?.close();
});

/** A finished job of `type` that ended so, created `daysAgo` days ago; its id. */
async function job(type: string, status: string, daysAgo: number): Promise<string> {
  const [row] = await world.sql`
    INSERT INTO scheduled_jobs (job_type, status, created_at, completed_at, updated_at)
    VALUES (${type}, ${status}, now() - ${daysAgo} * interval '1 day', now() - ${daysAgo} * interval '1 day',
            now() - ${daysAgo} * interval '1 day')
    RETURNING id`;
  return row?.id as string;
}

describe('cleanup_old_data: each type kept as long as its retention says', () => {
  it("archives exactly the finished jobs past their type's retention, failures past theirs, an admin's override first", async () => {
    // crawl_pending's code keeps jobs 90 days and failures 180; update_metrics has the default
    // (90 for both); an admin keeps recalculate_trending's 10 days and its failures 30.
    await createJobTypeSettings(world.sql).setRetention('recalculate_trending', { days: 10, failedDays: 30 }, 'admin');
    const archived = [
      await job('crawl_pending', 'completed', 91),
      await job('crawl_pending', 'cancelled', 100),
      await job('crawl_pending', 'failed', 181),
      await job('update_metrics', 'failed', 91),
      await job('recalculate_trending', 'completed', 11),
      await job('recalculate_trending', 'failed', 31),
      // A type no longer in the code: the default.
      await job('retired_type', 'completed', 91),
    ];
    const kept = [
      await job('crawl_pending', 'completed', 89),
      await job('crawl_pending', 'failed', 120),
      await job('update_metrics', 'completed', 89),
      await job('recalculate_trending', 'completed', 9),
      await job('recalculate_trending', 'failed', 29),
      await job('retired_type', 'failed', 89),
      // Not finished: never archived, however old.
      await job('recalculate_trending', 'pending', 400),
      await job('crawl_pending', 'running', 400),
    ];

    const dry = await runJob(
      cleanupOldData,
      { dryRun: true, maxDeleteShare: 1, refresh: false },
      world.depsFor(cleanupOldData),
      {
        sql: world.sql,
      },
    );
    expect(dry.result.details).toMatchObject({
      // The dry run's own job is one of the rows.
      plan: { scheduled_jobs: { candidates: archived.length, total: archived.length + kept.length + 1 } },
      jobRetention: {
        defaultDays: 90,
        byType: {
          crawl_pending: { days: 90, failedDays: 180, source: 'type' },
          update_metrics: { days: 90, failedDays: 90, source: 'default' },
          recalculate_trending: { days: 10, failedDays: 30, source: 'admin' },
        },
      },
    });

    const { result } = await runJob(
      cleanupOldData,
      { maxDeleteShare: 1, refresh: false, batchSize: 100 },
      world.depsFor(cleanupOldData),
      { sql: world.sql },
    );
    expect(result.details).toMatchObject({
      scheduledJobsArchived: archived.length,
      archivedByType: { crawl_pending: 3, update_metrics: 1, recalculate_trending: 2 },
    });
    const inArchive = await world.sql`SELECT id FROM scheduled_jobs_archive`;
    expect(inArchive.map((r) => r.id).sort()).toEqual([...archived].sort());
    const live = await world.sql`SELECT id FROM scheduled_jobs WHERE job_type <> 'cleanup_old_data'`;
    expect(live.map((r) => r.id).sort()).toEqual([...kept].sort());
  });
});
