import { z } from 'zod';
import { parseEnv } from './parse.ts';
import { booleanFlag, commonEnv, milliseconds, requireConnectionStringOverSupabase, serviceKey } from './shared.ts';

const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int({ message: 'must be a whole port number' })
    .min(0, { message: 'must be between 0 and 65535' })
    .max(65535, { message: 'must be between 0 and 65535' })
    .default(fallback);

const checks = [requireConnectionStringOverSupabase, requireAlertWebhookSecret];

// Prometheus' credential: it can read /metrics and nothing else, unlike the service key.
const metricsToken = z
  .string()
  .min(24, { message: 'must be at least 24 characters (generate one: openssl rand -hex 32)' })
  .optional()
  .describe('When set, /metrics (of the API and of each worker) answers only Authorization: Bearer <this token>');

/** Clerk tokens are checked against their instance's issuer: the API must know which that is. */
function requireClerkIssuer(env: NodeJS.ProcessEnv): string | undefined {
  if (!(env.CLERK_JWT_KEY || env.CLERK_SECRET_KEY) || env.CLERK_ISSUER || env.CLERK_PUBLISHABLE_KEY) return undefined;
  return (
    'CLERK_ISSUER: missing. With CLERK_JWT_KEY or CLERK_SECRET_KEY set, the API must know the issuer of the ' +
    "instance's tokens: set CLERK_PUBLISHABLE_KEY (the issuer is the host it names) or CLERK_ISSUER " +
    '(e.g. https://clerk.stumbleable.com).'
  );
}

/** Alerts: evaluated by whichever API or worker process holds the watch lease, so both read these. */
const alertEnv = {
  ALERTS_ENABLED: booleanFlag(true).describe(
    'Evaluate alert rules and send their notifications from this process (one replica at a time holds the lease)',
  ),
  ALERT_EVALUATE_MS: milliseconds(1000, 50).describe(
    'How often the alert rules are evaluated and due notifications sent',
  ),
  ALERT_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .optional()
    .describe('A default alert channel: a webhook every rule without channels of its own notifies'),
  ALERT_WEBHOOK_SECRET: z
    .string()
    .min(24, { message: 'must be at least 24 characters (generate one: openssl rand -hex 32)' })
    .optional()
    .describe('The secret that signs deliveries to ALERT_WEBHOOK_URL (X-Scheduler-Signature; required with it)'),
  ALERT_EMAIL: z
    .email({ message: 'must be an email address' })
    .optional()
    .describe(
      'A default alert channel: an address (through email-service) every rule without channels of its own notifies',
    ),
  ALERT_DELIVERY_TIMEOUT_MS: milliseconds(10_000, 100).describe('How long one webhook delivery may take'),
  ALERT_RETRY_BASE_MS: milliseconds(5000, 10).describe(
    'Wait before the second try of a failed alert delivery; doubled each try after, up to an hour',
  ),
  ALERT_DELIVERY_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(12)
    .describe('Tries of one alert delivery before it is given up (shown on the alert)'),
  DASHBOARD_PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .default('http://127.0.0.1:7005/dashboard')
    .transform((u) => u.replace(/\/+$/, ''))
    .describe("The dashboard's address as people open it: alerts link to it"),
};

/** A webhook channel from the settings needs its secret: an unsigned delivery could be forged. */
function requireAlertWebhookSecret(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.ALERT_WEBHOOK_URL || env.ALERT_WEBHOOK_SECRET) return undefined;
  return 'ALERT_WEBHOOK_SECRET: missing. ALERT_WEBHOOK_URL needs a secret to sign its deliveries with (openssl rand -hex 32).';
}

export const apiEnvSchema = z.object({
  ...commonEnv,
  ...alertEnv,
  PORT: port(7005).describe('Port of the API'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Address the API listens on'),
  SCHEDULER_SERVICE_KEY: serviceKey.describe(
    'The key other services send to the API, and the worker sends to them (at least 24 characters: openssl rand -hex 32)',
  ),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10_485_760)
    .default(65_536)
    .describe('Largest request body accepted, in bytes'),
  // Clerk session tokens: offline with the PEM public key (CLERK_JWT_KEY), else with keys
  // fetched using the secret key. Without either, only the service key is accepted.
  CLERK_JWT_KEY: z
    .string()
    .transform((pem) => pem.replace(/\\n/g, '\n'))
    .pipe(
      z
        .string()
        .regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, { message: 'must be a PEM public key' }),
    )
    .optional()
    .describe('Clerk JWT public key (PEM; \\n for newlines): verifies session tokens offline'),
  CLERK_SECRET_KEY: z
    .string()
    .regex(/^sk_(live|test)_\w+/, { message: 'must look like sk_live_…' })
    .optional()
    .describe('Clerk secret key: fetches the verification keys when CLERK_JWT_KEY is not set'),
  CLERK_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(live|test)_\w+/, { message: 'must look like pk_live_…' })
    .optional()
    .describe('Clerk publishable key, for the admin dashboard'),
  CLERK_ISSUER: z
    .url({ protocol: /^https$/, message: 'must be an https URL like https://clerk.stumbleable.com' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional()
    .describe(
      "The iss of the Clerk instance's session tokens, its Frontend API origin (default: the host CLERK_PUBLISHABLE_KEY names)",
    ),
  CLERK_TOKEN_MAX_LIFETIME_MS: milliseconds(3_600_000, 1000).describe(
    'Clerk tokens that claim to live longer than this (exp minus iat) are refused; Clerk session tokens live 60 s',
  ),
  // Browser origins allowed to call the API (the admin dashboard), comma-separated; also the
  // authorized parties (azp) accepted in Clerk session tokens.
  ALLOWED_ORIGINS: z
    .string()
    .default('http://localhost:3000')
    .transform((list) =>
      list
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ message: 'must be a comma-separated list of origins like https://admin.example.com' })))
    .describe('Browser origins allowed to call the API, comma-separated; also the accepted azp of Clerk tokens'),
  // Per principal (a person, a dashboard session, or the service key), shared by every API
  // replica through Redis.
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(60)
    .describe(
      "Changes (POST, PUT, PATCH, DELETE, Bull Board's buttons included) per principal per minute, across every API replica",
    ),
  RATE_LIMIT_READS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1200)
    .describe('Reads (GET) per principal per minute, across every API replica (/health is never limited)'),
  JOB_SEARCH_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(2000)
    .describe(
      'How long one search of jobs (GET /api/jobs) may run in Postgres (statement_timeout); past it the answer is 400 search_too_broad',
    ),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(30)
    .describe(
      'Sign-in attempts and wrong keys or tokens (Authorization, X-Service-Token) per client address per minute; then 429 (a valid key is never limited)',
    ),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
          error: 'must be a comma-separated list of addresses or CIDR ranges, e.g. 10.0.0.0/8,fd00::/8',
        }),
      ),
    )
    .describe(
      "Addresses or CIDR ranges (comma-separated) of the proxies in front of the API (the ingress): only their X-Forwarded-For names the client; empty: the peer's address is the client's",
    ),
  REQUEST_TIMEOUT_MS: milliseconds(30_000, 100).describe(
    'A request (headers and body) must arrive within this long, else 408 and the connection is closed',
  ),
  REQUEST_IDLE_TIMEOUT_MS: milliseconds(10_000, 100).describe(
    'Longest silence while the headers or the body of a request arrive, else 408 and the connection is closed',
  ),
  // Above the idle timeout of the load balancer in front (60 s for most), so the API never
  // closes a connection the balancer is about to reuse.
  KEEP_ALIVE_TIMEOUT_MS: milliseconds(72_000, 100).describe(
    'How long an idle keep-alive connection stays open between requests (above the load balancer idle timeout)',
  ),
  // Event streams (GET /api/events, /api/jobs/:id/events): bounds that keep the API's memory
  // bounded whatever readers do (a reader that never reads, thousands of replays).
  EVENT_STREAMS_PER_PRINCIPAL: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(20)
    .describe('Event streams one caller (person, dashboard session or service key) may hold open in this API process'),
  EVENT_STREAMS_TOTAL: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1000)
    .describe('Event streams this API process holds open in all; past it new ones get 429'),
  EVENT_STREAM_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(65_536)
    .max(67_108_864)
    .default(262_144)
    .describe(
      'Bytes of events one stream may hold for a reader that does not keep up (at least 64 KB); past it the stream stops writing until the reader catches up',
    ),
  EVENT_STREAM_DRAIN_TIMEOUT_MS: milliseconds(30_000, 100).describe(
    'How long a stream waits for a reader that stopped reading before dropping it (it reconnects with Last-Event-ID)',
  ),
  EVENT_STREAM_MAX_REPLAY: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(5000)
    .describe(
      'Most missed events replayed to a reconnecting stream; past it the stream sends `reset` (reload) instead',
    ),
  EVENT_STREAM_AUTH_CHECK_MS: milliseconds(5000, 100).describe(
    'How often an open event stream checks that its credential was not revoked (it also ends when that expires)',
  ),
  // Bulk actions (POST /api/bulk-operations): one runner across the replicas works through an
  // operation's jobs at this pace, so a bulk cancel of thousands does not crowd out triggers.
  BULK_ACTION_JOBS_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(200)
    .describe('Jobs a bulk action (cancel, retry, delete) acts on per second, across every API replica'),
  BULK_ACTION_MAX_JOBS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(100_000)
    .describe('Most jobs one bulk action may match; a filter matching more is a 400 (narrow it)'),
  // Close the HTTP server after this long on SIGTERM even if requests are still open.
  SHUTDOWN_GRACE_MS: milliseconds(10_000).describe('On SIGTERM, how long open requests may take before the API exits'),
  SESSION_ABSOLUTE_LIFETIME_MS: milliseconds(43_200_000, 1000).describe(
    'A dashboard session signed in with the service key ends this long after sign-in, however often it is used',
  ),
  METRICS_TOKEN: metricsToken,
  DASHBOARD_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('The built dashboard the API serves at /dashboard (default: apps/dashboard/dist of this checkout)'),
});
export type ApiConfig = z.output<typeof apiEnvSchema>;

export const workerEnvSchema = z.object({
  ...commonEnv,
  ...alertEnv,
  // How long a worker owns a job without renewing its lock; a dead worker's jobs are
  // recovered by BullMQ's stalled-job check within about lockDuration + stalledInterval.
  WORKER_LOCK_DURATION_MS: milliseconds(30_000, 500).describe('How long a worker owns a job without renewing its lock'),
  WORKER_STALLED_INTERVAL_MS: milliseconds(30_000, 200).describe('How often BullMQ looks for jobs whose worker died'),
  WORKER_MAX_STALLED_COUNT: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .default(1)
    .describe('Times a job may lose its worker before it fails'),
  RECONCILE_INTERVAL_MS: milliseconds(60_000, 200).describe('How often the reconciler compares Postgres and Redis'),
  // Rows younger than this are left to the API that is still enqueueing them.
  RECONCILE_GRACE_MS: milliseconds(15_000, 0).describe(
    'Rows younger than this are left to the API still queueing them',
  ),
  SHUTDOWN_GRACE_MS: milliseconds(25_000).describe(
    'On SIGTERM, how long running jobs may take before the worker leaves them to another',
  ),
  RUN_RECONCILER: booleanFlag(true).describe('Run the reconciler in this worker'),
  // How often each worker looks for cancel requests on the jobs it runs.
  CANCEL_POLL_INTERVAL_MS: milliseconds(1000, 100).describe('How often a worker looks for cancel requests on its jobs'),
  WORKER_HEARTBEAT_MS: milliseconds(5000, 100).describe(
    'How often a worker records that it is alive and which queues it serves (see WORKER_LIVE_WITHIN_MS)',
  ),
  GIT_COMMIT: z
    .string()
    // Empty when the image was built without the build argument: unknown.
    .regex(/^(?:[0-9a-f]{7,40})?$/, { message: 'must be a git commit hash (7 to 40 hex digits)' })
    .transform((commit) => commit || undefined)
    .optional()
    .describe('The commit the worker was built from, shown with its version on the Workers page'),
  SCHEDULE_SETTLE_MS: milliseconds(1000, 100).describe(
    'How often a worker settles schedule slots: missed ones (by their missed-run policy), queued runs, lost timers in Redis',
  ),
  // Kubernetes probes of the worker (/health, /health/ready); 0 picks a free port.
  WORKER_HEALTH_PORT: port(7015).describe('Port of the worker probes (/health, /health/ready); 0 picks a free one'),
  HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe(
      "Address the worker's probes and /metrics listen on (0.0.0.0 in a container, where the kubelet and Prometheus reach it)",
    ),
  METRICS_TOKEN: metricsToken,
});
export type WorkerConfig = z.output<typeof workerEnvSchema>;

export const standInsEnvSchema = z.object({
  DATABASE_URL: commonEnv.DATABASE_URL,
  HOST: z.string().min(1).default('127.0.0.1').describe('Address the stand-ins listen on'),
  CRAWLER_PORT: port(7004).describe('Port of the crawler-service stand-in'),
  EMAIL_PORT: port(7006).describe('Port of the email-service stand-in'),
  USER_PORT: port(7003).describe('Port of the user-service stand-in'),
  ALERT_RECEIVER_PORT: port(7017).describe(
    'Port of the local alert webhook receiver (POST /hooks/<name>; what came: GET /__stand-in/webhooks)',
  ),
  ALERT_WEBHOOK_SECRET: alertEnv.ALERT_WEBHOOK_SECRET,
  LOG_LEVEL: commonEnv.LOG_LEVEL,
});
export type StandInsConfig = z.output<typeof standInsEnvSchema>;

export const loadApiConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parseEnv(apiEnvSchema, env, [...checks, requireClerkIssuer]);
export const loadWorkerConfig = (env: NodeJS.ProcessEnv = process.env) => parseEnv(workerEnvSchema, env, checks);
export const loadStandInsConfig = (env: NodeJS.ProcessEnv = process.env) => parseEnv(standInsEnvSchema, env);
