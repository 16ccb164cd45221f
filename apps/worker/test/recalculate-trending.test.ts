import { seedTrendingInteractions } from '@scheduler/jobs/test-data';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// How the handler scores each window is tested beside it (packages/jobs/src/recalculate-trending).
// Here: the same job through the API and a worker.
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  await seedTrendingInteractions(h.sql);
});
afterAll(async () => {
  await h?.close();
});

describe('recalculate_trending', () => {
  it('triggered through the API, it completes with the windows it replaced', async () => {
    const id = await h.trigger('recalculate_trending', {});
    const done = await h.waitForStatus(id, 'completed');
    expect(done.result.details).toMatchObject({
      trendingByWindow: { '1h': 2, '24h': 2, '7d': 2 },
      discoveryScoresChanged: 4,
    });
  });
});
