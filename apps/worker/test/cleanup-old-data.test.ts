import { seedRetentionData } from '@scheduler/jobs/test-data';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What the handler deletes, archives and refreshes, figure by figure, is tested beside it
// (packages/jobs/src/cleanup-old-data). Here: the same job through the API and a worker.
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  await seedRetentionData(h.sql);
});
afterAll(async () => {
  await h?.close();
});

describe('cleanup_old_data', () => {
  it('a refusal to remove more than maxDeleteShare fails the job at its first attempt: the worker does not retry it', async () => {
    const id = await h.trigger('cleanup_old_data', { maxDeleteShare: 0.25 });
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.error).toContain('user_interactions: 3 of 10 rows (30%)');
    expect(failed.error).toContain('maxDeleteShare 0.25');
    expect(failed.attempts).toBe(1);
  });

  it('triggered through the API, it completes with what it deleted and archived', async () => {
    const id = await h.trigger('cleanup_old_data', { batchSize: 100 });
    const done = await h.waitForStatus(id, 'completed', 20_000);
    expect(done.result).toMatchObject({
      success: true,
      itemsProcessed: 10,
      details: { userInteractionsDeleted: 3, scheduledJobsArchived: 3, ledgerRowsDeleted: 2 },
    });
  });
});
