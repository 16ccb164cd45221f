export { createTestDatabase, prepareTemplateDatabase, type TestDatabase } from './db.ts';
export { deleteQueueKeys, TEST_REDIS_URL, uniqueQueuePrefix } from './redis.ts';
export { waitFor } from './wait.ts';
export { TEST_SERVICE_KEY, testApiConfig, testEnv, testWorkerConfig, type TestEnv } from './config.ts';
