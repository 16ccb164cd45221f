import type { DurationHistory, JobRecord } from '@scheduler/db';
import { z } from 'zod';

export const etaSchema = z.object({
  expectedCompletionAt: z.iso.datetime({ offset: true }).nullable(),
  low: z.iso.datetime({ offset: true }).nullable(),
  high: z.iso.datetime({ offset: true }).nullable(),
  basis: z.enum(['no history', 'history', 'progress', 'progress and history']),
});
export type Eta = z.infer<typeof etaSchema>;

/**
 * When a running job should finish. Two sources: the type's history (p50 of past completed
 * runs, p90 as the late bound) and the job's own progress rate (elapsed × 100 / percent). The
 * further the job has come, the more its own rate counts: at 10% it is mostly history, at 90%
 * mostly its own pace. With neither it says so instead of guessing. Null unless running.
 */
export function estimateCompletion(
  job: Pick<JobRecord, 'status' | 'startedAt' | 'progress'>,
  history: DurationHistory | undefined,
  now = new Date(),
): Eta | null {
  if (job.status !== 'running' || !job.startedAt) return null;
  const start = job.startedAt.getTime();
  const elapsed = Math.max(0, (now.getTime() - start) / 1000);
  const percent = job.progress?.percent ?? 0;
  const byRate = percent > 0 && percent < 100 ? (elapsed * 100) / percent : null;
  if (byRate === null && !history) return { expectedCompletionAt: null, low: null, high: null, basis: 'no history' };

  let totals: { expected: number; low: number; high: number };
  let basis: Eta['basis'];
  if (byRate !== null && history) {
    const w = percent / 100;
    const blend = (past: number) => w * byRate + (1 - w) * past;
    totals = { expected: blend(history.p50), low: blend(Math.min(history.p50, byRate)), high: blend(history.p90) };
    basis = 'progress and history';
  } else if (history) {
    totals = { expected: history.p50, low: history.p50, high: history.p90 };
    basis = 'history';
  } else {
    const remaining = (byRate as number) - elapsed;
    totals = { expected: byRate as number, low: elapsed + remaining * 0.75, high: elapsed + remaining * 1.5 };
    basis = 'progress';
  }
  // A job already past an estimate finishes no earlier than now.
  const at = (total: number) => new Date(Math.max(now.getTime(), start + total * 1000)).toISOString();
  return {
    expectedCompletionAt: at(totals.expected),
    low: at(totals.low),
    high: at(Math.max(totals.high, totals.expected)),
    basis,
  };
}
