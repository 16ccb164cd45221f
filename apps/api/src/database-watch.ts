import { DatabaseTimeoutError, isDatabaseUnavailable, type Sql, withDatabaseDeadline } from '@scheduler/db';
import { errorMessage } from '@scheduler/jobs';
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
 * hung link counts as down after two slow probes), and any request that met an outage. While
 * Postgres is down, the routes that need it answer 503 at once instead of waiting on a
 * connection that will not come, and readiness says so too.
 */
export function watchDatabase(sql: Sql, log: FastifyBaseLogger) {
  let problem: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  // One line when an outage starts and one when it ends, with how long and how many requests
  // it refused: not a line per request.
  let downSince = 0;
  let refused = 0;
  let auditRowsLost = 0;
  const set = (next: string | null) => {
    if (next && !problem) {
      downSince = Date.now();
      refused = 0;
      auditRowsLost = 0;
      log.warn({ reason: next }, 'Postgres stopped answering; requests that need it get 503');
    }
    if (!next && problem) {
      const downSeconds = Math.round((Date.now() - downSince) / 100) / 10;
      log.info(
        { downSeconds, refused, auditRowsLost },
        `Postgres answers again after ${downSeconds} s (${refused} requests got 503, ${auditRowsLost} audit rows not written)`,
      );
    }
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
      if (slowProbes >= SLOW_PROBES_FOR_OUTAGE) set(errorMessage(error));
    }
    if (!stopped) timer = setTimeout(probe, PROBE_EVERY_MS);
  };
  void probe();

  return {
    /** Null while Postgres answers; otherwise what went wrong. */
    get problem() {
      return problem;
    },
    /**
     * A request met an outage (it gets a 503), or its audit row could not be written: say so
     * now rather than at the next probe, and count it for the line that ends the outage.
     */
    saw(error: unknown, what: 'request' | 'audit row' = 'request') {
      if (isDatabaseUnavailable(error)) set(errorMessage(error));
      if (!problem) return;
      if (what === 'request') refused++;
      else auditRowsLost++;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type DatabaseWatch = ReturnType<typeof watchDatabase>;
