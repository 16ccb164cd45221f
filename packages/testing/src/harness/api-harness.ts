import { type BuildOptions, buildApp, createApiDeps } from '@scheduler/api';
import type { FastifyInstance } from 'fastify';
import {
  createTestDatabase,
  deleteQueueKeys,
  type TestDatabase,
  testApiConfig,
  testJobs,
  uniqueQueuePrefix,
} from '../index.ts';

export interface ApiHarness {
  db: TestDatabase;
  app: FastifyInstance;
  prefix: string;
  close(): Promise<void>;
}

/** The API in process (for `inject`) on a database and queue prefix of the test file's own. */
export async function createApiHarness(
  extraEnv: Record<string, string> = {},
  options: BuildOptions = { logger: false },
): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const prefix = uniqueQueuePrefix();
  const app = await buildApp(
    createApiDeps(testApiConfig({ databaseUrl: db.url, queuePrefix: prefix }, extraEnv), { extraJobs: testJobs }),
    options,
  );
  return {
    db,
    app,
    prefix,
    async close() {
      await app.close();
      await deleteQueueKeys(prefix);
      await db.drop();
    },
  };
}
