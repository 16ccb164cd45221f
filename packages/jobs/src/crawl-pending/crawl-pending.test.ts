import { createCrawlerClient } from '@scheduler/runtime';
import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { crawlPending } from './index.ts';
import {
  chargedOrHeldItems,
  clearDiscoveries,
  crawlStatusCounts,
  LOG_OF_250_IN_BATCHES_OF_100,
  oneInFiftyUnreachable,
  seedPendingDiscoveries,
} from './test-data.ts';

let world: JobWorld;

beforeAll(async () => {
  world = await createJobWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  await clearDiscoveries(world.sql);
  Object.assign(world.crawler.behaviour, { failStatus: null, reportFailure: false, latencyMs: 0 });
  world.crawler.received.length = 0;
});

const run = (
  payload: z.input<typeof crawlPending.payload> = {},
  options: { signal?: AbortSignal; crawlerTimeoutMs?: number | undefined } = {},
) => runJob(crawlPending, payload, crawlerWithin(options.crawlerTimeoutMs), { sql: world.sql, signal: options.signal });

/** The world's dependencies, or with a crawler client that waits only this long for an answer. */
const crawlerWithin = (timeoutMs?: number) =>
  timeoutMs
    ? { ...world.depsFor(crawlPending), crawler: createCrawlerClient({ baseUrl: world.urls.crawler, timeoutMs }) }
    : world.depsFor(crawlPending);

const seedDiscoveries = (count: number, urlOf?: (i: number) => string) =>
  seedPendingDiscoveries(world.sql, count, urlOf);
const statusCounts = () => crawlStatusCounts(world.sql);
const heldClaims = () => chargedOrHeldItems(world.sql);

describe('crawl_pending (handler)', () => {
  it('crawls every pending discovery in batches and reports per-item outcomes', async () => {
    await seedDiscoveries(250, oneInFiftyUnreachable);
    const { jobId, result, logs, progress } = await run({ batchSize: 100 });

    expect(result).toMatchObject({
      success: true,
      itemsProcessed: 250,
      details: { successfulCrawls: 245, failedCrawls: 5, returnedToPending: 5, markedFailed: 0, batches: 3 },
    });
    expect(result.errors).toHaveLength(5);
    expect(result.errors?.[0]).toMatch(/^https:\/\/unreachable\.example\/\d+: fetch .*connection refused$/);
    expect(result.details?.duration).toMatch(/^\d+\.\ds$/);
    expect(progress.at(-1)).toMatchObject({ done: 250, total: 250 });

    expect(await statusCounts()).toEqual({ crawled: 245, pending: 5 });
    const [crawled] =
      await world.sql`SELECT title, domain, crawled_at FROM discoveries WHERE url = 'https://example.org/articles/post-1'`;
    expect(crawled).toMatchObject({ title: 'Post 1', domain: 'example.org' });
    expect(crawled?.crawled_at).toBeInstanceOf(Date);
    const failures = await world.sql`SELECT failures, claimed_by_job FROM discovery_crawl_state WHERE failures > 0`;
    expect(failures).toHaveLength(5);
    expect(failures.every((f) => f.failures === 1 && f.claimed_by_job === null)).toBe(true);

    // Batches of 100, 100, 50, each sent with the job id.
    expect(world.crawler.received.map((r) => r.ids.length)).toEqual([100, 100, 50]);
    expect(world.crawler.received.every((r) => r.jobId === jobId && r.headers['x-scheduler-job-id'] === jobId)).toBe(
      true,
    );
    expect(logs.map((l) => `${l.level} ${l.message}`)).toEqual(LOG_OF_250_IN_BATCHES_OF_100);
    const unreachable = expect.stringMatching(/^https:\/\/unreachable\.example\/\d+: /);
    expect(logs[1]?.data?.failures).toEqual([unreachable, unreachable]);
  });

  it('stops at the batch cap and leaves the rest pending for the next run', async () => {
    await seedDiscoveries(30);
    const { result } = await run({ batchSize: 10, maxBatches: 2 });
    expect(result.itemsProcessed).toBe(20);
    expect(result.details?.stoppedBecause).toBe('reached the cap of 2 batches');
    expect(await statusCounts()).toEqual({ crawled: 20, pending: 10 });
  });

  it('marks an item failed once it has failed maxItemFailures times', async () => {
    await seedDiscoveries(1, () => 'https://unreachable.example/gone');
    await run({ maxItemFailures: 2 });
    expect(await statusCounts()).toEqual({ pending: 1 });
    await run({ maxItemFailures: 2 });
    expect(await statusCounts()).toEqual({ failed: 1 });
  });

  it.each([
    [
      'answering 503',
      { failStatus: 503 },
      'batch 1: crawler-service: answered 503: {"success":false,"error":"crawler stand-in configured to fail with 503"}',
    ],
    ['hanging past the timeout', { latencyMs: 1500 }, 'batch 1: crawler-service: did not answer within 300ms'],
    [
      'answering 200 with success: false',
      { reportFailure: true },
      'batch 1: crawler-service: reported failure: crawler stand-in reports failure',
    ],
  ])('a crawler %s fails the attempt and is not charged to the content', async (_name, behaviour, error) => {
    await seedDiscoveries(10);
    Object.assign(world.crawler.behaviour, behaviour);
    // One failure would be enough to mark an item failed for good, were it counted.
    // The hanging crawler is waited for briefly, so the case takes a moment rather than the default 5 s.
    const { result, status } = await run(
      { batchSize: 10, maxItemFailures: 1 },
      { crawlerTimeoutMs: 'latencyMs' in behaviour ? 300 : undefined },
    );
    expect(result).toMatchObject({ success: false, itemsProcessed: 0, errors: [error] });
    expect(status).toBe('pending'); // attempts left: BullMQ would retry it
    expect(await statusCounts()).toEqual({ pending: 10 });
    expect(await heldClaims()).toBe(0);
  });

  it('a batch the crawler refuses (4xx) does count against its items', async () => {
    await seedDiscoveries(4);
    world.crawler.behaviour.failStatus = 422;
    const { result } = await run({ batchSize: 10, maxItemFailures: 1 });
    expect(result.success).toBe(false);
    expect(await statusCounts()).toEqual({ failed: 4 });
  });

  it('re-crawls stale content when asked to', async () => {
    await world.sql`
      INSERT INTO discoveries (url, crawl_status, crawled_at) VALUES
        ('https://example.org/old', 'crawled', now() - interval '40 days'),
        ('https://example.org/fresh', 'crawled', now() - interval '1 day')`;
    const { result } = await run({ recrawlOlderThanDays: 30 });
    expect(result.itemsProcessed).toBe(1);
    expect(world.crawler.received[0]?.ids).toHaveLength(1);
  });

  it('cancelled while the crawler answers, it hands the batch back untouched', async () => {
    await seedDiscoveries(5);
    world.crawler.behaviour.latencyMs = 800;
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 200);
    const { result, status } = await run({}, { signal: cancel.signal });
    expect(status).toBe('cancelled');
    expect(result.details?.stoppedBecause).toBe('stopped');
    expect(await statusCounts()).toEqual({ pending: 5 });
    expect(await heldClaims()).toBe(0);
  });

  it('a retry first hands back the claims its earlier attempt died holding', async () => {
    await seedDiscoveries(3);
    const [job] = await world.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, max_attempts) VALUES ('crawl_pending', 'pending', 1, 3)
      RETURNING id`;
    // What a first attempt killed mid-batch leaves: its items marked crawling, claimed by it.
    await world.depsFor(crawlPending).crawlClaims.claimBatch(job?.id as string, 10, new Date(Date.now() - 60_000));
    expect(await statusCounts()).toEqual({ crawling: 3 });
    const retry = await runJob(crawlPending, {}, world.depsFor(crawlPending), {
      sql: world.sql,
      jobId: job?.id as string,
    });
    expect(retry).toMatchObject({ attempt: 2, status: 'completed', result: { itemsProcessed: 3 } });
    expect(await statusCounts()).toEqual({ crawled: 3 });
  });
});
