export { type ClerkTokenOptions, createClerkSigner, TEST_CLERK_ISSUER } from './clerk.ts';
export { TEST_SERVICE_KEY, type TestEnv, testApiConfig, testEnv, testWorkerConfig } from './config.ts';
export { createTestDatabase, prepareTemplateDatabase, type TestDatabase } from './db.ts';
export { type CutMode, type FaultProxy, startFaultProxy } from './fault-proxy.ts';
export { freePort } from './ports.ts';
export { deleteQueueKeys, TEST_REDIS_URL, uniqueQueuePrefix } from './redis.ts';
export { type LoggedLine, type RunJobOptions, type RunJobOutcome, runJob } from './run-job.ts';
export {
  declaringTestJob,
  testBounded,
  testJobs,
  testNoop,
  testScript,
  testUnimplemented,
} from './test-jobs.ts';
export { waitFor } from './wait.ts';
