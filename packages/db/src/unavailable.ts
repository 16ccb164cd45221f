/**
 * Whether an error means "Postgres cannot be reached right now" (refused, reset, timed out,
 * shutting down, out of connections) rather than "this statement is wrong". The first is an
 * outage: callers wait and try again, the API answers 503. The second is a bug or bad data.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseTimeoutError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return SOCKET_ERROR_CODES.has(code) || POSTGRES_JS_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08');
}

/** Socket errors Node reports for a server that is away or a link that broke (Postgres or Redis alike). */
export const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// postgres.js's own codes for a connection that closed or never opened.
const POSTGRES_JS_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
// SQLSTATEs of a server that is shutting down, starting, or full (class 08 is connection exceptions).
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Postgres did not answer in time; the statement may still arrive and run later. */
export class DatabaseTimeoutError extends Error {
  readonly code = 'DATABASE_TIMEOUT';
  constructor(what: string, ms: number) {
    super(`Postgres did not answer ${what} within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** Rejects with DatabaseTimeoutError when `work` takes longer than `ms` (the work itself goes on). */
export const withDatabaseDeadline = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  withDeadline(work, ms, () => new DatabaseTimeoutError(what, ms));

/**
 * Rejects with `timeoutError()` when `work` takes longer than `ms`; the work itself goes on.
 * Postgres, Redis and the services may never answer a call; whoever answers people or holds a
 * lock must not wait with them.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
