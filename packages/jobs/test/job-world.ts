import { createCrawlerClient, createEmailClient } from '@scheduler/runtime';
import { buildCrawlerStandIn, buildEmailStandIn } from '@scheduler/stand-ins';
import { createTestDatabase, TEST_SERVICE_KEY } from '@scheduler/testing';
import { buildCatalogue, buildJobDeps, type JobDefinition, type JobDeps, type SharedResources } from '../src/index.ts';

/**
 * What a job type's handler tests (packages/jobs/src/<type>/<type>.test.ts) run against: a
 * database of its own (migrated, empty), the crawler and email stand-ins on free ports, and the
 * shared resources the worker builds dependencies from. No Redis, no BullMQ, no API. Shared by
 * every type's tests, so it lives here rather than in one type's folder.
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
  const crawlerClient = createCrawlerClient({ ...service, baseUrl: crawlerUrl });
  const emailClient = createEmailClient({ ...service, baseUrl: emailUrl });
  const resources: SharedResources = {
    sql: db.sql,
    crawler: () => crawlerClient,
    email: () => emailClient,
    catalogue: buildCatalogue(),
  };
  return {
    sql: db.sql,
    crawler,
    email,
    /** Where the stand-ins listen, for a test that builds a client of its own. */
    urls: { crawler: crawlerUrl, email: emailUrl },
    /** Exactly what the definition needs, built by the worker's factory. */
    depsFor: <Definition extends JobDefinition>(definition: Definition) =>
      buildJobDeps(definition.needs, resources) as Pick<JobDeps, Definition['needs'][number]>,
    async close() {
      await Promise.all([crawler.app.close(), email.app.close()]);
      await db.drop();
    },
  };
}

export type JobWorld = Awaited<ReturnType<typeof createJobWorld>>;
