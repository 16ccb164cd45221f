import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

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
  await h.sql`DELETE FROM discovery_crawl_state`;
  await h.sql`DELETE FROM discoveries`;
  Object.assign(h.crawler.behaviour, { failStatus: null, reportFailure: false, latencyMs: 0 });
  h.crawler.received.length = 0;
});

async function seedDiscoveries(
  count: number,
  urlOf: (i: number) => string = (i) => `https://example.org/articles/post-${i}`,
) {
  await h.sql`
    INSERT INTO discoveries (url, crawl_status, created_at)
    SELECT u, 'pending', now() - (n * interval '1 second')
    FROM unnest(${Array.from({ length: count }, (_, i) => urlOf(i))}::text[]) WITH ORDINALITY AS t(u, n)`;
}

const statusCounts = async () => {
  const rows = await h.sql`SELECT crawl_status, count(*)::int AS n FROM discoveries GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.crawl_status, r.n]));
};

describe('crawl_pending', () => {
  it('crawls every pending discovery in batches and reports per-item outcomes', async () => {
    await seedDiscoveries(250, (i) =>
      i % 50 === 7 ? `https://unreachable.example/${i}` : `https://example.org/articles/post-${i}`,
    );
    const id = await h.trigger('crawl_pending', { batchSize: 100 });
    const done = await h.waitForStatus(id, 'completed', 20_000);

    expect(done.result).toMatchObject({
      success: true,
      itemsProcessed: 250,
      details: { successfulCrawls: 245, failedCrawls: 5, returnedToPending: 5, markedFailed: 0, batches: 3 },
    });
    expect(done.result.errors).toHaveLength(5);
    expect(done.result.errors[0]).toMatch(/^https:\/\/unreachable\.example\/\d+: fetch .*connection refused$/);
    expect(done.result.details.duration).toMatch(/^\d+\.\ds$/);
    expect(done.progress).toMatchObject({ done: 250, total: 250 });

    expect(await statusCounts()).toEqual({ crawled: 245, pending: 5 });
    const [crawled] =
      await h.sql`SELECT title, domain, crawled_at FROM discoveries WHERE url = 'https://example.org/articles/post-1'`;
    expect(crawled).toMatchObject({ title: 'Post 1', domain: 'example.org' });
    expect(crawled?.crawled_at).toBeInstanceOf(Date);
    const failures = await h.sql`SELECT failures, claimed_by_job FROM discovery_crawl_state WHERE failures > 0`;
    expect(failures).toHaveLength(5);
    expect(failures.every((f) => f.failures === 1 && f.claimed_by_job === null)).toBe(true);

    // Batches of 100, 100, 50, each sent with the job id.
    expect(h.crawler.received.map((r) => r.ids.length)).toEqual([100, 100, 50]);
    expect(h.crawler.received.every((r) => r.jobId === id && r.headers['x-scheduler-job-id'] === id)).toBe(true);

    // Its log tells a person watching how far it is and what failed, batch by batch.
    // (Lines are written behind the job: wait for the last one.)
    type Line = { level: string; message: string; data: Record<string, unknown> };
    const logs = await waitFor('the log of the run', async () => {
      const res = await h.api.inject({ method: 'GET', url: `/api/jobs/${id}/logs`, headers: auth });
      const lines = res.json().logs as Line[];
      return lines.some((l) => l.message.startsWith('finished')) ? lines : null;
    });
    expect(logs.map((l) => `${l.level} ${l.message}`)).toEqual([
      'info 250 discoveries to crawl, in batches of 100',
      'warn batch 1: 100 sent to the crawler: 98 crawled, 2 failed and back to pending (100 of 250)',
      'warn batch 2: 100 sent to the crawler: 98 crawled, 2 failed and back to pending (200 of 250)',
      'warn batch 3: 50 sent to the crawler: 49 crawled, 1 failed and back to pending (250 of 250)',
      'info finished: 245 crawled, 5 failed (nothing left pending)',
    ]);
    const unreachable = expect.stringMatching(/^https:\/\/unreachable\.example\/\d+: /);
    expect(logs[1]?.data.failures).toEqual([unreachable, unreachable]);
  });

  it('stops at the batch cap and leaves the rest pending for the next run', async () => {
    await seedDiscoveries(30);
    const id = await h.trigger('crawl_pending', { batchSize: 10, maxBatches: 2 });
    const done = await h.waitForStatus(id, 'completed');
    expect(done.result.itemsProcessed).toBe(20);
    expect(done.result.details.stoppedBecause).toBe('reached the cap of 2 batches');
    expect(await statusCounts()).toEqual({ crawled: 20, pending: 10 });
  });

  it('marks an item failed once it has failed maxItemFailures times', async () => {
    await seedDiscoveries(1, () => 'https://unreachable.example/gone');
    for (let run = 1; run <= 2; run++) {
      const id = await h.trigger('crawl_pending', { maxItemFailures: 2 });
      await h.waitForStatus(id, 'completed');
    }
    expect(await statusCounts()).toEqual({ failed: 1 });
  });

  it('leaves the items pending and fails the job with the crawler error body when the crawler fails', async () => {
    await seedDiscoveries(20);
    h.crawler.behaviour.failStatus = 503;
    const id = await h.trigger('crawl_pending', { batchSize: 10 });
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.attempts).toBe(2);
    expect(failed.error).toBe(
      'batch 1: crawler-service: answered 503: {"success":false,"error":"crawler stand-in configured to fail with 503"}',
    );
    expect(failed.result).toMatchObject({ success: false, itemsProcessed: 0 });
    expect(await statusCounts()).toEqual({ pending: 20 });
    const [claims] = await h.sql`SELECT count(*)::int AS n FROM discovery_crawl_state WHERE claimed_by_job IS NOT NULL`;
    expect(claims?.n).toBe(0);
  });

  it('gives up on a crawler that does not answer within the timeout', async () => {
    await seedDiscoveries(3);
    h.crawler.behaviour.latencyMs = 3000;
    const id = await h.trigger('crawl_pending', {});
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.error).toBe('batch 1: crawler-service: did not answer within 1000ms');
    expect(await statusCounts()).toEqual({ pending: 3 });
  });

  it('counts a 200 answer with success: false as a failure', async () => {
    await seedDiscoveries(5);
    h.crawler.behaviour.reportFailure = true;
    const id = await h.trigger('crawl_pending', {});
    const failed = await h.waitForStatus(id, 'failed');
    expect(failed.error).toBe('batch 1: crawler-service: reported failure: crawler stand-in reports failure');
    expect(await statusCounts()).toEqual({ pending: 5 });
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
      const [state] = await h.sql`
      SELECT count(*)::int AS n FROM discovery_crawl_state WHERE failures > 0 OR claimed_by_job IS NOT NULL`;
      expect(state?.n).toBe(0);
    },
  );

  it('a batch the crawler refuses (4xx) does count against its items', async () => {
    await seedDiscoveries(4);
    h.crawler.behaviour.failStatus = 422;
    const id = await h.trigger('crawl_pending', { batchSize: 10, maxItemFailures: 1 });
    // Its retry finds nothing left to crawl: the items were marked failed by the first attempt.
    await h.waitForStatus(id, ['failed', 'completed']);
    expect(await statusCounts()).toEqual({ failed: 4 });
  });

  it('re-crawls stale content when asked to', async () => {
    await h.sql`
      INSERT INTO discoveries (url, crawl_status, crawled_at) VALUES
        ('https://example.org/old', 'crawled', now() - interval '40 days'),
        ('https://example.org/fresh', 'crawled', now() - interval '1 day')`;
    const id = await h.trigger('crawl_pending', { recrawlOlderThanDays: 30 });
    const done = await h.waitForStatus(id, 'completed');
    expect(done.result.itemsProcessed).toBe(1);
    expect(h.crawler.received[0]?.ids).toHaveLength(1);
  });
});
