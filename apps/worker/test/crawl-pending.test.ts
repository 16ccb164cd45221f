import {
  chargedOrHeldItems,
  clearDiscoveries,
  crawlStatusCounts,
  LOG_OF_250_IN_BATCHES_OF_100,
  oneInFiftyUnreachable,
  seedPendingDiscoveries,
} from '@scheduler/jobs/test-data';
import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// What the handler crawls, counts and hands back, batch by batch, is tested beside it
// (packages/jobs/src/crawl-pending). Here: what the stack adds, the job's id sent to the crawler,
// its progress and log as the API serves them, the worker's retries and its HTTP timeout.

let h: Harness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  // Quick retries so the failing-crawler case finishes in a test's time.
  h = await createHarness({
    JOB_OVERRIDES: JSON.stringify({ crawl_pending: { attempts: 2, backoffMs: 100 } }),
    HTTP_TIMEOUT_MS: '1000',
  });
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await clearDiscoveries(h.sql);
  Object.assign(h.crawler.behaviour, { failStatus: null, reportFailure: false, latencyMs: 0 });
  h.crawler.received.length = 0;
});

const seedDiscoveries = (count: number, urlOf?: (i: number) => string) => seedPendingDiscoveries(h.sql, count, urlOf);
const statusCounts = () => crawlStatusCounts(h.sql);

describe('crawl_pending', () => {
  it('fails the job with the crawler error body once the worker has used its attempts', async () => {
    await seedDiscoveries(20);
    h.crawler.behaviour.failStatus = 503;
    const id = await h.trigger('crawl_pending', { batchSize: 10 });
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.attempts).toBe(2);
    expect(failed.error).toBe(
      'batch 1: crawler-service: answered 503: {"success":false,"error":"crawler stand-in configured to fail with 503"}',
    );
    expect(failed.result).toMatchObject({ success: false, itemsProcessed: 0 });
  });

  it('gives up on a crawler that does not answer within the worker’s HTTP timeout', async () => {
    await seedDiscoveries(3);
    h.crawler.behaviour.latencyMs = 3000;
    const id = await h.trigger('crawl_pending', {});
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.error).toBe('batch 1: crawler-service: did not answer within 1000ms');
  });

  it.each([
    ['answering 503', { failStatus: 503 }],
    ['hanging past the timeout', { latencyMs: 3000 }],
  ])(
    'a crawler %s is not charged to the content: no item failure counted, however many attempts',
    async (_name, behaviour) => {
      await seedDiscoveries(10);
      Object.assign(h.crawler.behaviour, behaviour);
      // One failure would be enough to mark an item failed for good, were it counted.
      const id = await h.trigger('crawl_pending', { batchSize: 10, maxItemFailures: 1 });
      const failed = await h.waitForStatus(id, 'failed', 15_000);
      expect(failed.attempts).toBe(2);
      expect(await statusCounts()).toEqual({ pending: 10 });
      expect(await chargedOrHeldItems(h.sql)).toBe(0);
    },
  );

  it('triggered through the API, it completes with its outcome, its progress and its log as the API serves them', async () => {
    await seedDiscoveries(250, oneInFiftyUnreachable);
    const id = await h.trigger('crawl_pending', { batchSize: 100 });
    const done = await h.waitForStatus(id, 'completed', 20_000);

    expect(done.result).toMatchObject({
      success: true,
      itemsProcessed: 250,
      details: { successfulCrawls: 245, failedCrawls: 5, returnedToPending: 5, markedFailed: 0, batches: 3 },
    });
    expect(done.progress).toMatchObject({ done: 250, total: 250 });
    // Each batch is sent with the id of the job the API created.
    expect(h.crawler.received.every((r) => r.jobId === id && r.headers['x-scheduler-job-id'] === id)).toBe(true);

    // Its log tells a person watching how far it is and what failed, batch by batch.
    // (Lines are written behind the job: wait for the last one.)
    type Line = { level: string; message: string; data: Record<string, unknown> };
    const logs = await waitFor('the log of the run', async () => {
      const res = await h.api.inject({ method: 'GET', url: `/api/jobs/${id}/logs`, headers: auth });
      const lines = res.json().logs as Line[];
      return lines.some((l) => l.message.startsWith('finished')) ? lines : null;
    });
    expect(logs.map((l) => `${l.level} ${l.message}`)).toEqual(LOG_OF_250_IN_BATCHES_OF_100);
    const unreachable = expect.stringMatching(/^https:\/\/unreachable\.example\/\d+: /);
    expect(logs[1]?.data.failures).toEqual([unreachable, unreachable]);
  });
});
