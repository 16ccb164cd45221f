import { isDatabaseUnavailable, type Sql, withDatabaseDeadline } from '@scheduler/db';
import type { FastifyBaseLogger } from 'fastify';

/** How often the API asks Postgres whether it answers, and how long it waits. */
const PROBE_EVERY_MS = 1000;
const PROBE_TIMEOUT_MS = 1000;

/**
 * Whether Postgres answers, as this process last saw it: a probe every second (bounded, so a
 * hung link counts as down), and any request that met an outage. While Postgres is down, the
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

  const probe = async () => {
    try {
      await withDatabaseDeadline(sql`SELECT 1`, PROBE_TIMEOUT_MS, 'a probe');
      set(null);
    } catch (error) {
      set(error instanceof Error ? error.message : String(error));
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
