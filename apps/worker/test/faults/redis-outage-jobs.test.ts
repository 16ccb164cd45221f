import { TEST_REDIS_URL } from '@scheduler/testing';
import { faultTest as it, REDIS } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';
import { runFiveThroughCut } from './fault-world.ts';

// A worker process whose link to Redis goes through a proxy the test cuts while its jobs run
// (for longer than its job locks last). Redis being away is not the jobs' fault: each completes
// once, on its first attempt, and nothing runs twice.
it.override('faultTarget', REDIS);

describe.each(['reset', 'hang'] as const)('Redis cut (%s) while jobs run', (mode) => {
  it('completes every job once, on its first attempt', async ({ world }) => {
    const { h, proxy } = world;
    await h.spawnWorker({ REDIS_URL: proxy.url(TEST_REDIS_URL) });
    const ids = await runFiveThroughCut(world, mode, { sleepMs: 3000, cutMs: 4000 });

    // Give a stalled-job check after the cut the time to hand a job out again: none runs twice.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const id of ids) expect((await h.job(id)).attempts).toBe(1);
  });
});
