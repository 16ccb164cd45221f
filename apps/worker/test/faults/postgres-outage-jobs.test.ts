import { type FaultProxy, startFaultProxy, waitFor } from '@scheduler/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../harness.ts';

// A worker process whose only link to Postgres (the record) goes through a proxy the test cuts.
// Five jobs report progress and log every 400 ms for 4 s, with a 7 s maximum run time; the link
// is cut for 4 s in the middle. An outage of the record must not fail, slow or lose them.
let h: Harness;
let proxy: FaultProxy;

beforeEach(async () => {
  h = await createHarness({ JOB_OVERRIDES: JSON.stringify({ test_script: { timeoutMs: 7000, attempts: 1 } }) });
  proxy = await startFaultProxy({ host: '127.0.0.1', port: 5432 });
});
afterEach(async () => {
  await h?.close();
  await proxy?.close();
});

describe.each(['reset', 'hang'] as const)('Postgres cut (%s) while jobs run', (mode) => {
  it('completes every job on its first attempt and keeps every log line', async () => {
    await h.spawnWorker({ DATABASE_URL: proxy.url(h.db.url) });
    const ids = await Promise.all(Array.from({ length: 5 }, () => h.trigger('test_script', { sleepMs: 4000 })));
    await Promise.all(ids.map((id) => h.waitForStatus(id, 'running')));

    proxy.cut(mode);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    proxy.heal();

    const done = await Promise.all(ids.map((id) => h.waitForStatus(id, ['completed', 'failed'], 20_000)));
    for (const job of done) {
      expect(job).toMatchObject({ status: 'completed', attempts: 1, error: null });
      expect(job.attemptHistory).toMatchObject([{ number: 1, outcome: 'completed' }]);
    }
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
