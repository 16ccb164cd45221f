import { type FaultProxy, startFaultProxy, TEST_REDIS_URL } from '@scheduler/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../harness.ts';

// A worker process whose link to Redis goes through a proxy the test cuts while its jobs run
// (for longer than its job locks last). Redis being away is not the jobs' fault: each completes
// once, on its first attempt, and nothing runs twice.
let h: Harness;
let proxy: FaultProxy;

beforeEach(async () => {
  h = await createHarness();
  proxy = await startFaultProxy({ host: '127.0.0.1', port: 6379 });
});
afterEach(async () => {
  await h?.close();
  await proxy?.close();
});

describe.each(['reset', 'hang'] as const)('Redis cut (%s) while jobs run', (mode) => {
  it('completes every job once, on its first attempt', async () => {
    await h.spawnWorker({ REDIS_URL: proxy.url(TEST_REDIS_URL) });
    const ids = await Promise.all(Array.from({ length: 5 }, () => h.trigger('test_script', { sleepMs: 3000 })));
    await Promise.all(ids.map((id) => h.waitForStatus(id, 'running')));

    proxy.cut(mode);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    proxy.heal();

    const done = await Promise.all(ids.map((id) => h.waitForStatus(id, ['completed', 'failed'], 20_000)));
    for (const job of done) {
      expect(job).toMatchObject({ status: 'completed', attempts: 1, error: null });
      expect(job.attemptHistory).toMatchObject([{ number: 1, outcome: 'completed' }]);
    }
    // Give a stalled-job check after the cut the time to hand a job out again: none runs twice.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const id of ids) expect((await h.job(id)).attempts).toBe(1);
  });
});
