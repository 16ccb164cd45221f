import { loadApiConfig, loadWorkerConfig } from '@scheduler/config';
import { TEST_REDIS_URL } from './redis.ts';

export const TEST_SERVICE_KEY = 'test-service-key-0123456789abcdef';

export interface TestEnv {
  databaseUrl: string;
  queuePrefix: string;
  crawlerUrl?: string;
  emailUrl?: string;
}

/** The environment a test's API and worker processes get. */
export function testEnv(env: TestEnv, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: env.queuePrefix,
    SCHEDULER_SERVICE_KEY: TEST_SERVICE_KEY,
    MIGRATE_ON_START: 'false',
    INSTALL_DEFAULT_SCHEDULES: 'false',
    // No alert evaluation in the middle of an unrelated test (the alert tests turn it on).
    ALERTS_ENABLED: 'false',
    // Fast failure recovery, so tests of it take seconds rather than a minute.
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    RECONCILE_INTERVAL_MS: '60000',
    RECONCILE_GRACE_MS: '0',
    SHUTDOWN_GRACE_MS: '3000',
    WORKER_HEALTH_PORT: '0',
    // Tests and benchmarks trigger far faster than a person; the limit has a test of its own.
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_READS_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '100000',
    HTTP_TIMEOUT_MS: '5000',
    ...(env.crawlerUrl ? { CRAWLER_SERVICE_URL: env.crawlerUrl } : {}),
    ...(env.emailUrl ? { EMAIL_SERVICE_URL: env.emailUrl } : {}),
    ...extra,
  };
}

export const testApiConfig = (env: TestEnv, extra: Record<string, string> = {}) => loadApiConfig(testEnv(env, extra));
export const testWorkerConfig = (env: TestEnv, extra: Record<string, string> = {}) =>
  loadWorkerConfig(testEnv(env, extra));
