import { describe, expect, it } from 'vitest';
import { estimateCompletion } from '../src/eta.ts';

const now = new Date('2026-11-28T12:00:00Z');
const startedAt = new Date('2026-11-28T11:59:20Z'); // 40 s ago
const running = (percent?: number) => ({
  status: 'running' as const,
  startedAt,
  progress: percent === undefined ? null : { percent },
});
const at = (secondsAfterStart: number) => new Date(startedAt.getTime() + secondsAfterStart * 1000).toISOString();

describe('estimateCompletion', () => {
  it('says there is no history instead of guessing', () => {
    expect(estimateCompletion(running(), undefined, now)).toEqual({
      expectedCompletionAt: null,
      low: null,
      high: null,
      basis: 'no history',
    });
  });

  it('uses p50 and p90 of past runs before the job reports progress', () => {
    expect(estimateCompletion(running(), { p50: 60, p90: 100, samples: 20 }, now)).toEqual({
      expectedCompletionAt: at(60),
      low: at(60),
      high: at(100),
      basis: 'history',
    });
  });

  it("blends the job's own pace with history, trusting its pace more as it progresses", () => {
    // 40 s for 25%: 160 s by its own pace; weight 0.25 on that, 0.75 on history.
    const eta = estimateCompletion(running(25), { p50: 60, p90: 100, samples: 20 }, now);
    expect(eta).toEqual({
      expectedCompletionAt: at(0.25 * 160 + 0.75 * 60),
      low: at(0.25 * 160 + 0.75 * 60),
      high: at(0.25 * 160 + 0.75 * 100),
      basis: 'progress and history',
    });
  });

  it('uses its pace alone without history, with a band around it', () => {
    // 40 s for 80%: 50 s in all, 10 s to go.
    expect(estimateCompletion(running(80), undefined, now)).toEqual({
      expectedCompletionAt: at(50),
      low: at(47.5),
      high: at(55),
      basis: 'progress',
    });
  });

  it('never promises a time already past, and says nothing for jobs that are not running', () => {
    const late = estimateCompletion(running(), { p50: 10, p90: 20, samples: 3 }, now);
    expect(late?.expectedCompletionAt).toBe(now.toISOString());
    expect(estimateCompletion({ status: 'completed', startedAt, progress: null }, undefined, now)).toBeNull();
    expect(estimateCompletion({ status: 'pending', startedAt: null, progress: null }, undefined, now)).toBeNull();
  });
});
