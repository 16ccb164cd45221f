import type { Sql } from '@scheduler/db';

/** What seedRetentionData inserted, by the names the tests use. */
export interface RetentionData {
  discoveries: Record<'d1' | 'd2', string>;
  /** Finished jobs older than the retention: archived by a run. */
  oldJobs: string[];
  /** A pending job and a recent one: kept. */
  keptJobs: string[];
}

/**
 * Rows on both sides of every retention cleanup_old_data applies: 10 interactions (3 older than two
 * years), 5 update_metrics jobs (3 finished 100+ days ago) and a recent retry of an old one, a log
 * line and an event of an old job, and 4 ledger rows (2 settled 200 days ago). Shared by the
 * handler's test and the worker's full-stack test, so both start from the same figures.
 */
export async function seedRetentionData(sql: Sql): Promise<RetentionData> {
  const discoveries = {} as RetentionData['discoveries'];
  const oldJobs: string[] = [];
  const keptJobs: string[] = [];
  const [user] = await sql`INSERT INTO users (clerk_user_id) VALUES ('user_cleanup') RETURNING id`;
  for (const name of ['d1', 'd2'] as const) {
    const [row] = await sql`
      INSERT INTO discoveries (url, status, like_count, share_count)
      VALUES (${`https://example.org/${name}`}, 'approved', 9, 9) RETURNING id`;
    discoveries[name] = row?.id as string;
  }
  const interactions: Array<['d1' | 'd2', string, string]> = [
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
    await sql`INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
              VALUES (${user?.id as string}, ${discoveries[name]}, ${type}, now() - ${ago}::interval)`;
  }
  const jobs: Array<[string, string, boolean]> = [
    ['completed', '100 days', true],
    ['completed', '100 days', true],
    ['failed', '120 days', true],
    ['pending', '100 days', false], // not finished: never archived
    ['completed', '10 days', false],
  ];
  for (const [status, ago, archived] of jobs) {
    const [row] = await sql`
      INSERT INTO scheduled_jobs (job_type, status, created_at, completed_at, result)
      VALUES ('update_metrics', ${status}, now() - ${ago}::interval,
              ${status === 'pending' ? null : sql`now() - ${ago}::interval`}, ${sql.json({ success: status === 'completed' })})
      RETURNING id`;
    (archived ? oldJobs : keptJobs).push(row?.id as string);
  }
  // A recent retry of an old job: the old one is archived all the same, and the link is kept.
  await sql`INSERT INTO scheduled_jobs (job_type, status, retry_of) VALUES ('update_metrics', 'completed', ${oldJobs[2] as string})`;
  await sql`INSERT INTO job_logs (job_id, level, message, at) VALUES
    (${oldJobs[0] as string}, 'info', 'old line', now() - interval '100 days'),
    (${keptJobs[1] as string}, 'info', 'recent line', now() - interval '10 days')`;
  await sql`INSERT INTO job_events (job_id, job_type, kind, at)
            VALUES (${oldJobs[0] as string}, 'update_metrics', 'completed', now() - interval '30 days')`;
  const ledger: Array<[string, string, string]> = [
    ['old-done-1', 'done', '200 days'],
    ['old-done-2', 'failed', '200 days'],
    ['old-claimed', 'claimed', '200 days'], // unsettled: kept whatever its age
    ['recent-done', 'done', '10 days'],
  ];
  for (const [key, status, ago] of ledger) {
    await sql`INSERT INTO side_effect_ledger (key, kind, job_id, status, claimed_at)
              VALUES (${key}, 'email:test', gen_random_uuid(), ${status}, now() - ${ago}::interval)`;
  }
  return { discoveries, oldJobs, keptJobs };
}

/** Everything cleanup may touch, as comparable text: equal before and after a run that deletes nothing. */
export async function retentionSnapshot(sql: Sql) {
  const [row] = await sql`
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
