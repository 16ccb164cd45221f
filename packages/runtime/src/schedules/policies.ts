import type { MissedPolicy } from '@scheduler/db';
import { MAX_EVERY_MS } from './timing.ts';

/** The most missed slots one catch-up runs (the table's check says the same). */
export const MAX_CATCH_UP = 100;
/** The least grace a schedule may set: below it, a busy machine's own delay would count as a miss. */
export const LEAST_GRACE_MS = 100;

export interface Policies {
  missedPolicy: MissedPolicy;
  catchUpMax: number | null;
  catchUpWindowMs: number | null;
  graceMs: number | null;
}

/**
 * What is wrong with a schedule's missed-run policy and grace, in words for a 400 answer; empty
 * when nothing is. A catch-up needs both its bounds (how many slots, how far back), and only a
 * catch-up has them, so a stored row never carries a bound that does nothing.
 */
export function policyProblems({ missedPolicy, catchUpMax, catchUpWindowMs, graceMs }: Policies): string[] {
  const problems: string[] = [];
  if (missedPolicy === 'catch_up') {
    if (catchUpMax === null || catchUpWindowMs === null) {
      problems.push('missedPolicy catch_up needs both catchUpMax and catchUpWindowMs');
    }
  } else if (catchUpMax !== null || catchUpWindowMs !== null) {
    problems.push(`catchUpMax and catchUpWindowMs apply to missedPolicy catch_up only (this one is ${missedPolicy})`);
  }
  if (catchUpMax !== null && (!Number.isInteger(catchUpMax) || catchUpMax < 1 || catchUpMax > MAX_CATCH_UP)) {
    problems.push(`catchUpMax: must be a whole number from 1 to ${MAX_CATCH_UP}`);
  }
  if (
    catchUpWindowMs !== null &&
    (!Number.isInteger(catchUpWindowMs) || catchUpWindowMs < 1000 || catchUpWindowMs > MAX_EVERY_MS)
  ) {
    problems.push(`catchUpWindowMs: must be a whole number from 1000 to ${MAX_EVERY_MS} (366 days)`);
  }
  if (graceMs !== null && (!Number.isInteger(graceMs) || graceMs < LEAST_GRACE_MS || graceMs > MAX_EVERY_MS)) {
    problems.push(`graceMs: must be a whole number from ${LEAST_GRACE_MS} to ${MAX_EVERY_MS}, or null for the default`);
  }
  return problems;
}
