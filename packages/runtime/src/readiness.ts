import { withDeadline } from '@scheduler/db';

export type Probe = () => Promise<unknown>;

export interface Readiness {
  ready: boolean;
  /** Each dependency: 'ok', or what went wrong. */
  checks: Record<string, string>;
  /** The failures in one line, e.g. "redis: connect ECONNREFUSED". */
  message: string;
}

/** Runs every probe at once, each bounded by `timeoutMs`; used by the API's and the worker's /health/ready. */
export async function checkReadiness(probes: Record<string, Probe>, timeoutMs = 1500): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => [name, await run(probe, timeoutMs)] as const),
  );
  const failed = entries.filter(([, outcome]) => outcome !== 'ok');
  return {
    ready: failed.length === 0,
    checks: Object.fromEntries(entries),
    message: failed.map(([name, outcome]) => `${name}: ${outcome}`).join('; '),
  };
}

async function run(probe: Probe, timeoutMs: number): Promise<string> {
  try {
    await withDeadline(probe(), timeoutMs, () => new Error(`no answer within ${timeoutMs}ms`));
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
