import { DatabaseTimeoutError, isDatabaseUnavailable, type Sql, withDatabaseDeadline } from '@scheduler/db';
import type { FastifyBaseLogger } from 'fastify';

/** How often the API asks Postgres whether it answers, and how long it waits. */
const PROBE_EVERY_MS = 1000;
const PROBE_TIMEOUT_MS = 2000;
/**
 * Slow probes in a row that make an outage. A refused or broken connection is one at once; a
 * slow answer may be a busy machine (a first connection under load took over a second in CI),
 * so one alone is not.
 */
const SLOW_PROBES_FOR_OUTAGE = 2;

/**
 * Whether Postgres answers, as this process last saw it: a probe every second (bounded, so a
 * hung link counts as down after two slow probes), and any request that met an outage. While Postgres is down, the
 * routes that need it answer 503 at once instead of waiting on a connection that will not come,
 * and readiness says so too.
 */
export function watchDatabase(sql: Sql, log: FastifyBaseLogger) {
  let problem: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const set = (next: string | null) => {
    if (next && !problem) log.warn({ reason: next }, 'Postgres stopped answering; requests that need it get 503');
    if (!next && problem) log.info('Postgres answers again');
    problem = next;
  };

  let slowProbes = 0;
  const probe = async () => {
    try {
      await withDatabaseDeadline(sql`SELECT 1`, PROBE_TIMEOUT_MS, 'a probe');
      slowProbes = 0;
      set(null);
    } catch (error) {
      slowProbes = error instanceof DatabaseTimeoutError ? slowProbes + 1 : SLOW_PROBES_FOR_OUTAGE;
      if (slowProbes >= SLOW_PROBES_FOR_OUTAGE) set(error instanceof Error ? error.message : String(error));
    }
    if (!stopped) timer = setTimeout(probe, PROBE_EVERY_MS);
  };
  void probe();

  return {
    /** Null while Postgres answers; otherwise what went wrong. */
    get problem() {
      return problem;
    },
    /** A request met an outage: say so now rather than at the next probe. */
    saw(error: unknown) {
      if (isDatabaseUnavailable(error)) set(error instanceof Error ? error.message : String(error));
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type DatabaseWatch = ReturnType<typeof watchDatabase>;
