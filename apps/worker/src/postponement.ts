import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailable, withDatabaseDeadline } from '@scheduler/db';

/** How long one readiness probe may wait for Postgres before it counts as no answer. */
export const PROBE_TIMEOUT_MS = 1000;
/** The pause between probes: short at first, at most a second, so a healed Postgres is seen within about a second. */
const PROBE_PAUSES_MS = [100, 250, 500, 1000];

/**
 * Whether a handler failed because Postgres, the record, could not be reached (refused, reset,
 * timed out), rather than because of the job. Handlers may wrap what the driver threw, so the
 * causes are looked at too.
 */
export function isOutageOfTheRecord(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (isDatabaseUnavailable(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Waits until `probe` answers (each try bounded by PROBE_TIMEOUT_MS, a short pause between
 * tries), or until one of `stopIf` is aborted (the job is stopped, the worker leaves); `onDown`
 * is called when a first probe fails. Says
 * whether Postgres answered, and whether it was seen down first: an error that only looked like
 * an outage (a socket error of another service, say) meets a Postgres that answers at once, and
 * such a failure is the job's.
 */
export async function untilPostgresAnswers(
  probe: () => Promise<unknown>,
  stopIf: ReadonlyArray<AbortSignal | undefined>,
  onDown: () => void = () => {},
): Promise<{ answered: boolean; wasDown: boolean }> {
  const stopped = () => stopIf.some((signal) => signal?.aborted);
  for (let tries = 0; !stopped(); tries++) {
    try {
      await withDatabaseDeadline(probe(), PROBE_TIMEOUT_MS, 'the readiness probe');
      return { answered: true, wasDown: tries > 0 };
    } catch {
      if (tries === 0) onDown();
      await sleep(PROBE_PAUSES_MS[Math.min(tries, PROBE_PAUSES_MS.length - 1)]);
    }
  }
  return { answered: false, wasDown: true };
}
