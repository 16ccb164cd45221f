import { createJobLogs, createSql } from '@scheduler/db';
import { createTestDatabase, startFaultProxy, type TestDatabase, waitFor } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A batch of job log lines that Postgres committed while its answer was lost on the way back: the
// writer sees an outage and writes again when Postgres answers. It must not keep the lines twice
// (the Postgres-cut fault tests once found "step 1 of 10 done" twice in a job's log).
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('job log lines whose write was answered into a cut link', () => {
  it('are kept once, in order, with the lines written after them', async () => {
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: 5432 });
    // One connection, on which the writer's statement is already prepared: sent whole, it runs.
    const sql = createSql(proxy.url(db.url), { max: 1 });
    try {
      const [job] =
        await db.sql`INSERT INTO scheduled_jobs (job_type, status) VALUES ('test_noop', 'running') RETURNING id`;
      const jobId = job?.id as string;
      const logs = createJobLogs(sql);
      const lines = async () =>
        (await db.sql`SELECT message FROM job_logs WHERE job_id = ${jobId} ORDER BY id`).map((r) => r.message);

      logs.append({ jobId, level: 'info', message: 'before the cut' });
      expect(await logs.flush()).toBe(true);

      proxy.cut('lose-answers');
      for (const step of [1, 2, 3]) logs.append({ jobId, level: 'info', message: `step ${step}` });
      // The writer's first batch (step 1: the others joined the buffer while it was out) is
      // committed, and the writer has not heard so.
      await waitFor('the batch to be committed', async () => (await lines()).length === 2);
      proxy.cut('reset');
      logs.append({ jobId, level: 'info', message: 'during the outage' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.heal();
      logs.append({ jobId, level: 'info', message: 'after the heal' });

      expect(await logs.flush(10_000)).toBe(true);
      expect(await lines()).toEqual([
        'before the cut',
        'step 1',
        'step 2',
        'step 3',
        'during the outage',
        'after the heal',
      ]);
    } finally {
      await sql.end({ timeout: 1 });
      await proxy.close();
    }
  });
});
