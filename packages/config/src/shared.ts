import { z } from 'zod';

/** Local Postgres (trust auth); `pnpm start` creates the database when it is missing. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/scheduler';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const milliseconds = (fallback: number, min = 1) =>
  z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int({ message: 'must be a whole number of milliseconds' })
    .min(min, { message: `must be at least ${min} ms` })
    .default(fallback);

export const serviceKey = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .min(24, { message: 'must be at least 24 characters (generate one: openssl rand -hex 32)' });

const httpUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .default(fallback)
    .transform((u) => u.replace(/\/+$/, ''));

const jobOverride = z.strictObject({
  attempts: z.int().min(1).max(100).optional(),
  backoffMs: z.int().min(0).max(86_400_000).optional(),
  timeoutMs: z.int().min(100).max(86_400_000).optional(),
  concurrency: z.int().min(1).max(1000).optional(),
  /** At most rateLimitMax jobs of the type start per rateLimitDurationMs, across all workers. */
  rateLimitMax: z.int().min(1).max(100_000).optional(),
  rateLimitDurationMs: z.int().min(100).max(86_400_000).optional(),
});
export type JobOverride = z.infer<typeof jobOverride>;

/**
 * Per job type changes to the catalogue defaults, as JSON:
 * `{"crawl_pending": {"attempts": 5, "backoffMs": 10000, "timeoutMs": 600000, "concurrency": 2,
 *   "rateLimitMax": 10, "rateLimitDurationMs": 60000}}`.
 * API and worker replicas must be given the same value.
 */
const jobOverrides = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"crawl_pending":{"attempts":5}}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), jobOverride));

/**
 * Settings every process reads: where the data lives and which sibling services to call. Each
 * has a `describe`: .env.example is generated from these (scripts/env-example.ts).
 */
export const commonEnv = {
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development')
    .describe('development, test or production'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Lowest level logged: fatal, error, warn, info, debug, trace or silent'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'])
    .default('auto')
    .describe(
      'json: one JSON object per line (for log collectors); pretty: coloured lines; auto: pretty on a terminal',
    ),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection string' })
    .default(DEFAULT_DATABASE_URL)
    .describe(
      'Postgres connection string. With Supabase: Project Settings → Database → the direct connection or the session pooler (port 5432)',
    ),
  QUEUE_PAUSE_SAFETY_INTERVAL_MS: milliseconds(30_000, 100).describe(
    'Queue pauses reach every process at once (Postgres LISTEN/NOTIFY); this slow pass besides puts right a lost notification or a paused flag Redis lost',
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10).describe('Postgres connections per process'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
    .default(DEFAULT_REDIS_URL)
    .describe('Redis for BullMQ (redis:// or rediss://)'),
  // A hash tag keeps every key of the scheduler in one Redis Cluster slot, as BullMQ requires.
  QUEUE_PREFIX: z
    .string()
    .regex(/^\{[\w:-]+\}$|^[\w:-]+$/, {
      message: 'must be a key prefix such as {scheduler} (letters, digits, _ : -)',
    })
    .default('{scheduler}')
    .describe('Prefix of every Redis key; the braces keep them in one Redis Cluster slot'),
  SCHEDULER_SERVICE_KEY: serviceKey
    .optional()
    .describe('The key the worker sends to crawler-service and email-service (the API requires it)'),
  CRAWLER_SERVICE_URL: httpUrl('http://127.0.0.1:7004').describe('crawler-service base URL'),
  EMAIL_SERVICE_URL: httpUrl('http://127.0.0.1:7006').describe('email-service base URL'),
  HTTP_TIMEOUT_MS: milliseconds(30_000).describe('Timeout of each call to a sibling service'),
  MIGRATE_ON_START: booleanFlag(true).describe('Apply pending migrations at start-up (replicas take turns on a lock)'),
  // Tests turn it off so that no cron slot fires in the middle of an unrelated test.
  INSTALL_DEFAULT_SCHEDULES: booleanFlag(true).describe(
    'Create the schedules job types declare that are missing, and follow their changes where no admin overrode them, at start-up (one replica at a time; never brings back removed ones)',
  ),
  // Read by the worker (missed slots are settled only while a live worker serves the queue) and
  // by anything judging whether a queue is served (alerts).
  WORKER_LIVE_WITHIN_MS: milliseconds(15_000, 1000).describe(
    'A worker counts as live (serving its queues) when its last heartbeat is at most this old',
  ),
  JOB_OVERRIDES: jobOverrides.describe(
    'JSON: per job type attempts, backoffMs, timeoutMs, concurrency, rateLimitMax, rateLimitDurationMs; the same on every replica',
  ),
};

/**
 * The old service read SUPABASE_URL/SUPABASE_SERVICE_KEY; this one needs a real Postgres
 * connection (transactions, SKIP LOCKED, advisory locks), which the REST API cannot give.
 */
export function requireConnectionStringOverSupabase(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DATABASE_URL || !(env.SUPABASE_URL || env.SUPABASE_SERVICE_KEY)) return undefined;
  return (
    'DATABASE_URL: missing. SUPABASE_URL/SUPABASE_SERVICE_KEY are not enough: the scheduler ' +
    'talks to Postgres directly (transactions, SKIP LOCKED, advisory locks). In the Supabase ' +
    'dashboard open Project Settings → Database → Connection string and use the direct ' +
    'connection or the session pooler (port 5432), not the transaction pooler (6543).'
  );
}
