import { SOCKET_ERROR_CODES } from '@scheduler/db';
import type { JobLogger } from '@scheduler/jobs';

/**
 * What a process says about an outage of Postgres or Redis: one line when it starts (the first
 * operation that met it, with the reason, no stack) and one when it ends (how long it lasted and
 * how many operations met it), instead of a line and a stack trace per request or job. During a
 * 60 s Redis cut the API used to log 1,222 stack traces and the worker 784 errors.
 */
export function createOutageLog(service: 'Postgres' | 'Redis', log?: JobLogger) {
  let target = log;
  let downSince: number | null = null;
  let affected = 0;
  return {
    /**
     * An operation met the outage; `consequence` says what happens to such operations meanwhile
     * (said once, on the first).
     */
    failed(error: unknown, consequence: string): void {
      affected++;
      if (downSince !== null) return;
      downSince = Date.now();
      target?.warn(
        { service, reason: reasonOf(error) },
        `${service} is unreachable (${reasonOf(error)}); ${consequence}`,
      );
    },
    /** An operation reached the service: ends the outage, if there was one. */
    recovered(): void {
      if (downSince === null) return;
      const downSeconds = Math.round((Date.now() - downSince) / 100) / 10;
      target?.info(
        { service, downSeconds, affected },
        `${service} is back after ${downSeconds} s; ${affected} operation${affected === 1 ? '' : 's'} met the outage`,
      );
      downSince = null;
      affected = 0;
    },
    get down(): boolean {
      return downSince !== null;
    },
    /** Where the lines go, for a logger that exists only after this was built. */
    logTo(logger: JobLogger): void {
      target = logger;
    },
  };
}

export type OutageLog = ReturnType<typeof createOutageLog>;

const reasonOf = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
};

// What ioredis and BullMQ say of a connection that is away or broken, beside Node's socket codes.
const REDIS_CONNECTION_MESSAGES =
  /Connection is closed|Stream isn't writeable|max retries per request|Command timed out|did not answer within|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/i;

/** Whether an error means "Redis cannot be reached right now" rather than a bug. */
export function isRedisUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && SOCKET_ERROR_CODES.has(code)) return true;
  return error instanceof Error && REDIS_CONNECTION_MESSAGES.test(error.message);
}
