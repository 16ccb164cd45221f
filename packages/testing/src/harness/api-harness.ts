import { type BuildOptions, buildApp, createApiDeps } from '@scheduler/api';
import type { FastifyInstance } from 'fastify';
import {
  createClerkSigner,
  createTestDatabase,
  deleteQueueKeys,
  TEST_SERVICE_KEY,
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

/** The dashboard's origin in tests: the API allows it, and the signed-in callers' tokens are made for it. */
export const TEST_DASHBOARD_ORIGIN = 'https://admin.stumbleable.com';

export interface SignedInApiHarness extends ApiHarness {
  /** The request headers of each kind of caller: the service key, an admin's and a moderator's Clerk session. */
  headers: Record<'service' | 'admin' | 'moderator', Record<string, string>>;
}

/**
 * The API in process with Clerk sign-in on (a stand-in signer's key), and the headers of the
 * service, an admin (`user_admin`) and a moderator (`user_mod`) calling it from the dashboard.
 */
export async function createSignedInApiHarness(extraEnv: Record<string, string> = {}): Promise<SignedInApiHarness> {
  const clerk = await createClerkSigner();
  const harness = await createApiHarness({
    CLERK_JWT_KEY: clerk.publicKeyPem,
    CLERK_ISSUER: clerk.issuer,
    ALLOWED_ORIGINS: TEST_DASHBOARD_ORIGIN,
    ...extraEnv,
  });
  const signIn = async (sub: string, role: string) => ({
    authorization: `Bearer ${await clerk.token({ sub, azp: TEST_DASHBOARD_ORIGIN, expiresIn: 600, role })}`,
  });
  return {
    ...harness,
    headers: {
      service: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
      admin: await signIn('user_admin', 'admin'),
      moderator: await signIn('user_mod', 'moderator'),
    },
  };
}
