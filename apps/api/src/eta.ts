import type { JobRecord, PastRun } from '@scheduler/db';
import { linearRegression, mean, quantile } from 'simple-statistics';
import { z } from 'zod';

export const etaSchema = z.object({
  expectedCompletionAt: z.iso.datetime({ offset: true }).nullable(),
  low: z.iso.datetime({ offset: true }).nullable(),
  high: z.iso.datetime({ offset: true }).nullable(),
  basis: z.enum(['no history', 'history', 'progress', 'progress and history']),
  scaledToItems: z
    .int()
    .nullable()
    .describe('The job said it has this many items, and past runs were scaled to that size; null when they were not'),
});
export type Eta = z.infer<typeof etaSchema>;

/** Seconds from the start: the expected run time and the band around it. */
interface Totals {
  expected: number;
  low: number;
  high: number;
}

/**
 * When a running job should finish. Two sources: the type's past completed runs (dry runs left
 * out) and the job's own pace. The further the job has come, the more its own pace counts: at
 * 10% it is mostly history, at 90% mostly its own pace; but a run clearly slower than its
 * history (its pace's earliest finish is past history's latest) goes by its pace alone as soon
 * as it has one. With neither it says so instead of guessing. No time given is before `now`.
 * Null unless running.
 *
 * Past runs of another size are scaled, not copied: a digest to 5,000 recipients does not take
 * as long as the last ones to 100 did. See `fromHistory`.
 */
export function estimateCompletion(
  job: Pick<JobRecord, 'status' | 'startedAt' | 'progress'>,
  history: readonly PastRun[],
  now = new Date(),
): Eta | null {
  if (job.status !== 'running' || !job.startedAt) return null;
  const start = job.startedAt.getTime();
  const elapsed = Math.max(0, (now.getTime() - start) / 1000);
  const total = job.progress?.total !== undefined && job.progress.total > 0 ? job.progress.total : null;
  const done = fractionDone(job.progress);
  const past = fromHistory(history, total);
  const pace = done > 0 && done < 1 ? fromPace(elapsed, done) : null;
  const scaledToItems = past?.scaled ? total : null;

  let totals: Totals;
  let basis: Eta['basis'];
  let unbounded = false;
  if (pace && past && pace.low > past.high) {
    // Even the hopeful end of its own pace is later than past runs' late end: this run is not
    // like them (more work, a slower dependency), and their time would be a promise it cannot keep.
    totals = pace;
    basis = 'progress';
  } else if (pace && past) {
    const blend = (own: number, before: number) => done * own + (1 - done) * before;
    totals = {
      expected: blend(pace.expected, past.expected),
      low: blend(pace.low, past.low),
      high: blend(pace.high, past.high),
    };
    basis = 'progress and history';
  } else if (past) {
    totals = past;
    basis = 'history';
    // Past runs of this type had sizes, and this one has not said its own yet: their times say
    // little about it, so no late bound is promised until it does.
    if (!past.scaled && total === null && history.some((r) => (r.items ?? 0) > 0)) unbounded = true;
  } else if (pace) {
    totals = pace;
    basis = 'progress';
  } else {
    return { expectedCompletionAt: null, low: null, high: null, basis: 'no history', scaledToItems: null };
  }
  // A job already past an estimate finishes no earlier than now.
  const at = (seconds: number) => new Date(Math.max(now.getTime(), start + seconds * 1000)).toISOString();
  return {
    expectedCompletionAt: at(totals.expected),
    low: at(Math.min(totals.low, totals.expected)),
    high: unbounded ? null : at(Math.max(totals.high, totals.expected)),
    basis,
    scaledToItems,
  };
}

/** 0–1: done/total when the job counts items, else its percent. */
function fractionDone(progress: JobRecord['progress']): number {
  if (!progress) return 0;
  if (progress.total !== undefined && progress.total > 0 && progress.done !== undefined) {
    return Math.min(1, Math.max(0, progress.done / progress.total));
  }
  return Math.min(1, Math.max(0, progress.percent / 100));
}

/**
 * The job's own pace: what is left takes as long per unit as what is done, give or take. The
 * late side is the wider one: a worker that gets busier slows a run down far more often than
 * an idle one speeds it up.
 */
function fromPace(elapsed: number, done: number): Totals {
  const expected = elapsed / done;
  const remaining = expected - elapsed;
  return { expected, low: elapsed + remaining * 0.75, high: elapsed + remaining * 2 };
}

/**
 * What past runs say about a run of `total` items. A run's time is a fixed cost (start-up,
 * queries) plus a cost per item, both unknown and neither negative. A past run of n items
 * that took d seconds then bounds a run of T items between d·min(1, T/n) and d·max(1, T/n):
 * a bigger run takes at least as long and at most proportionally longer. The band comes from
 * those bounds over the past runs nearest in size; the expected time from a straight-line fit
 * of time on items when past sizes vary enough to fit one, else from the per-item rate.
 * Without a size (the job has not said its total, or past runs never said theirs) it is the
 * p50 and p90 of past run times.
 */
function fromHistory(runs: readonly PastRun[], total: number | null): (Totals & { scaled: boolean }) | null {
  if (runs.length === 0) return null;
  const sized = total === null ? [] : runs.filter((r): r is PastRun & { items: number } => (r.items ?? 0) > 0);
  if (total === null || sized.length === 0) {
    const seconds = runs.map((r) => r.seconds);
    const p50 = quantile(seconds, 0.5);
    return { expected: p50, low: p50, high: quantile(seconds, 0.9), scaled: false };
  }
  const distance = (r: { items: number }) => Math.abs(Math.log(r.items / total));
  const nearest = [...sized]
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, Math.max(5, Math.ceil(sized.length / 4)));
  const low = quantile(
    nearest.map((r) => r.seconds * Math.min(1, total / r.items)),
    0.5,
  );
  const high = quantile(
    nearest.map((r) => r.seconds * Math.max(1, total / r.items)),
    0.9,
  );
  const line = fitLine(sized);
  const expected = line
    ? line.fixed + line.perItem * total
    : quantile(
        nearest.map((r) => (r.seconds * total) / r.items),
        0.5,
      );
  return { expected: Math.min(high, Math.max(low, expected)), low, high, scaled: true };
}

/**
 * Least squares seconds = fixed + perItem·items, both kept non-negative; only when the largest
 * past run is at least twice the smallest (with three runs or more), since one size cannot
 * tell a fixed cost from a per-item one.
 */
function fitLine(runs: ReadonlyArray<{ seconds: number; items: number }>): { fixed: number; perItem: number } | null {
  const sizes = runs.map((r) => r.items);
  if (runs.length < 3 || Math.max(...sizes) < 2 * Math.min(...sizes)) return null;
  const { m: perItem, b: fixed } = linearRegression(runs.map((r) => [r.items, r.seconds]));
  if (perItem < 0) return { fixed: mean(runs.map((r) => r.seconds)), perItem: 0 };
  if (fixed >= 0) return { fixed, perItem };
  // A negative fixed cost means the line should go through the origin: all the time is per item.
  const through = runs.reduce((a, r) => a + r.items * r.seconds, 0) / runs.reduce((a, r) => a + r.items ** 2, 0);
  return { fixed: 0, perItem: through };
}
