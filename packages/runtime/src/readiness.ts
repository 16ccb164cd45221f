import { withDeadline } from '@scheduler/db';
import { errorMessage } from '@scheduler/jobs';

export type Probe = () => Promise<unknown>;

export interface Readiness {
  ready: boolean;
  /** Each dependency: 'ok' or 'unavailable'. Safe to show anyone: readiness is unauthenticated. */
  checks: Record<string, 'ok' | 'unavailable'>;
  /** The failures in one line, e.g. "redis: unavailable". */
  message: string;
  /** What went wrong with each failed dependency (driver messages, addresses): for the log only. */
  problems: Record<string, string>;
}

/** Runs every probe at once, each bounded by `timeoutMs`; used by the API's and the worker's /health/ready. */
export async function checkReadiness(probes: Record<string, Probe>, timeoutMs = 1500): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => [name, await run(probe, timeoutMs)] as const),
  );
  const failed = entries.filter(([, problem]) => problem !== null) as Array<readonly [string, string]>;
  return {
    ready: failed.length === 0,
    checks: Object.fromEntries(entries.map(([name, problem]) => [name, problem === null ? 'ok' : 'unavailable'])),
    message: failed.map(([name]) => `${name}: unavailable`).join('; '),
    problems: Object.fromEntries(failed),
  };
}

/** null when the probe answered in time, else what went wrong. */
async function run(probe: Probe, timeoutMs: number): Promise<string | null> {
  try {
    await withDeadline(probe(), timeoutMs, () => new Error(`no answer within ${timeoutMs}ms`));
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}
