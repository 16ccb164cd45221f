import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDatabaseExists, migrate } from '../src/index.ts';

const name = `sched_t_${randomBytes(5).toString('hex')}`;
const url = `postgres://postgres@127.0.0.1:5432/${name}`;

afterAll(async () => {
  const admin = postgres('postgres://postgres@127.0.0.1:5432/postgres', { max: 1 });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('migrations', () => {
  it('create the database, and apply once when several replicas start together', async () => {
    expect(await ensureDatabaseExists(url)).toBe(true);
    expect(await ensureDatabaseExists(url)).toBe(false);

    const runs = await Promise.all([migrate(url), migrate(url), migrate(url), migrate(url)]);
    // One replica applied everything; the others waited for it and found nothing to do.
    expect(runs.filter((applied) => applied.length > 0)).toHaveLength(1);
    expect(runs.flat()).toEqual([
      'scheduler/20261128120000000_scheduled-jobs',
      'scheduler/20261128150000000_started-by-clerk-id',
      'scheduler/20261128160000000_audit-log',
      'scheduler/20261128170000000_side-effect-ledger',
      'scheduler/20261128180000000_scheduled-jobs-archive',
      'scheduler/20261128190000000_schedules',
      'scheduler/20261128200000000_execution-control',
      'scheduler/20261128210000000_list-indexes',
      'scheduler/20261128220000000_job-logs',
      'scheduler/20261128230000000_job-events',
      'scheduler/20261201090000000_job-attempts',
      'scheduler/20261201120000000_schedule-interval-anchor',
      'scheduler/20261201150000000_schedule-removals',
      'scheduler/20261201160000000_ledger-fillfactor',
      'scheduler/20261206090000000_dashboard-sessions',
      'scheduler/20261206120000000_schedule-policies',
      'scheduler/20261206130000000_alerts',
      'scheduler/20261206140000000_schedule-catch-up',
      'scheduler/20261206150000000_job-log-write-batches',
      'scheduler/20261207090000000_job-search',
      'scheduler/20261207100000000_bulk-operations',
      'scheduler/20261207110000000_queue-pauses',
      'scheduler/20261207120000000_worker-status',
      'scheduler/20261207130000000_job-history',
      'scheduler/20261207140000000_job-type-retention',
      'scheduler/20261208110000000_queue-pause-notify',
      'scheduler/20261208130000000_redundant-job-indexes',
      'scheduler/20261208140000000_ledger-indexes',
    ]);

    const sql = postgres(url, { max: 1 });
    try {
      const tables = await sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`;
      // The Stumbleable reference tables are not part of the production set.
      expect(tables.map((t) => t.tablename)).toEqual([
        'alert_channels',
        'alert_notifications',
        'alert_rules',
        'alert_silences',
        'alerts',
        'bulk_operation_jobs',
        'bulk_operations',
        'dashboard_sessions',
        'discovery_crawl_state',
        'idempotency_keys',
        'job_attempts',
        'job_attempts_archive',
        'job_events',
        'job_history_hours',
        'job_history_minutes',
        'job_logs',
        'job_type_settings',
        'queue_pauses',
        'schedule_misses',
        'schedule_removals',
        'scheduled_jobs',
        'scheduled_jobs_archive',
        'scheduler_audit_log',
        'scheduler_migrations',
        'schedules',
        'side_effect_ledger',
        'watch_leases',
        'worker_heartbeats',
      ]);

      // Every column and index of the original service is there, with its type.
      const columns = await sql`
        SELECT column_name, data_type, column_default FROM information_schema.columns
        WHERE table_name = 'scheduled_jobs'`;
      const byName = Object.fromEntries(columns.map((c) => [c.column_name, c]));
      expect(byName.id).toMatchObject({ data_type: 'uuid', column_default: 'gen_random_uuid()' });
      expect(byName.job_type?.data_type).toBe('text');
      expect(byName.status).toMatchObject({ data_type: 'text', column_default: "'pending'::text" });
      for (const col of ['started_at', 'completed_at', 'created_at', 'updated_at']) {
        expect(byName[col]?.data_type).toBe('timestamp with time zone');
      }
      expect(byName.started_by?.data_type).toBe('text');
      expect(byName.error?.data_type).toBe('text');
      expect(byName.result?.data_type).toBe('jsonb');
      // The original service's (status) and (job_type) indexes went: each is the leading column of
      // a wider index that answers the same queries (20261208130000000_redundant-job-indexes).
      const indexes = (await sql`SELECT indexname FROM pg_indexes WHERE tablename = 'scheduled_jobs'`).map(
        (i) => i.indexname,
      );
      expect(indexes).toEqual(
        expect.arrayContaining([
          'idx_scheduled_jobs_status_created',
          'idx_scheduled_jobs_type_created',
          'idx_scheduled_jobs_started_by',
          'idx_scheduled_jobs_created_at',
        ]),
      );
      expect(indexes).not.toContain('idx_scheduled_jobs_status');
      expect(indexes).not.toContain('idx_scheduled_jobs_job_type');
      await expect(sql`INSERT INTO scheduled_jobs (job_type, status) VALUES ('x', 'exploded')`).rejects.toThrow(
        /scheduled_jobs_status_check/,
      );
    } finally {
      await sql.end();
    }

    expect(await migrate(url, { sets: ['scheduler', 'reference'] })).toEqual([
      'reference/20261128120000000_stumbleable-tables',
    ]);
  });
});
