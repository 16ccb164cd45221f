import { waitFor } from '@scheduler/testing';
import { faultTest as it } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';
import { runFiveThroughCut } from './fault-world.ts';

// A worker process whose only link to Postgres (the record) goes through a proxy the test cuts.
// Five jobs report progress and log every 400 ms for 4 s, with a 7 s maximum run time; the link
// is cut for 4 s in the middle. An outage of the record must not fail, slow or lose them.
it.override('harnessEnv', {
  JOB_OVERRIDES: JSON.stringify({ test_script: { timeoutMs: 7000, attempts: 1 } }),
});

describe.each(['reset', 'hang'] as const)('Postgres cut (%s) while jobs run', (mode) => {
  it('completes every job on its first attempt and keeps every log line', async ({ world }) => {
    const { h, proxy } = world;
    await h.spawnWorker({ DATABASE_URL: proxy.url(h.db.url) });
    const ids = await runFiveThroughCut(world, mode, { sleepMs: 4000, cutMs: 4000 });

    // Every line logged during the cut was kept and written once Postgres was back, in order.
    for (const id of ids) {
      const lines = await waitFor(`the log lines of ${id}`, async () => {
        const rows = await h.sql`SELECT message FROM job_logs WHERE job_id = ${id} ORDER BY id`;
        return rows.length >= 10 ? rows : null;
      });
      expect(lines.map((l) => l.message)).toEqual(Array.from({ length: 10 }, (_, i) => `step ${i + 1} of 10 done`));
    }
  });
});
