import {
  createAffinities,
  createContentMetrics,
  createCrawlClaims,
  createRecipients,
  createRetention,
  createSideEffectLedger,
  createTrending,
} from '@scheduler/db';
import { createCrawlerClient, createEmailClient } from '@scheduler/runtime';
import { buildCrawlerStandIn, buildEmailStandIn } from '@scheduler/stand-ins';
import { createTestDatabase, TEST_SERVICE_KEY } from '@scheduler/testing';
import type { JobDeps } from '../src/index.ts';

/**
 * What a handler test runs against: a database of its own (migrated, empty), the crawler and
 * email stand-ins on free ports, and every dependency a handler may need, built on them as the
 * worker builds them. No Redis, no BullMQ, no API.
 */
export async function createJobWorld({ httpTimeoutMs = 5000 } = {}) {
  const db = await createTestDatabase();
  const crawler = buildCrawlerStandIn(db.sql);
  const email = buildEmailStandIn();
  const [crawlerUrl, emailUrl] = await Promise.all([
    crawler.app.listen({ port: 0, host: '127.0.0.1' }),
    email.app.listen({ port: 0, host: '127.0.0.1' }),
  ]);
  const service = { timeoutMs: httpTimeoutMs, serviceKey: TEST_SERVICE_KEY };
  const { sql } = db;
  const deps: JobDeps = {
    sql,
    crawlClaims: createCrawlClaims(sql),
    contentMetrics: createContentMetrics(sql),
    trending: createTrending(sql),
    affinities: createAffinities(sql),
    crawler: createCrawlerClient({ ...service, baseUrl: crawlerUrl }),
    email: createEmailClient({ ...service, baseUrl: emailUrl }),
    ledger: createSideEffectLedger(sql),
    recipients: createRecipients(sql),
    retention: createRetention(sql),
  };
  return {
    sql,
    deps,
    crawler,
    email,
    /** Where the stand-ins listen, for a test that builds a client of its own. */
    urls: { crawler: crawlerUrl, email: emailUrl },
    async close() {
      await Promise.all([crawler.app.close(), email.app.close()]);
      await db.drop();
    },
  };
}

export type JobWorld = Awaited<ReturnType<typeof createJobWorld>>;
