import { describe, expect, it } from 'vitest';
import { estimateCompletion } from '../src/eta.ts';

const now = new Date('2026-11-28T12:00:00Z');
const startedAt = new Date('2026-11-28T11:59:20Z'); // 40 s ago
const running = (progress: { percent: number; done?: number; total?: number } | null = null) => ({
  status: 'running' as const,
  startedAt,
  progress,
});
const at = (secondsAfterStart: number) => new Date(startedAt.getTime() + secondsAfterStart * 1000).toISOString();
/** Past runs that said nothing about their size: p50 60 s, p90 100 s. */
const unsized = [20, 40, 60, 60, 60, 80, 100, 100, 100].map((seconds) => ({ seconds, items: null }));

describe('estimateCompletion', () => {
  it('says there is no history instead of guessing', () => {
    expect(estimateCompletion(running(), [], now)).toEqual({
      expectedCompletionAt: null,
      low: null,
      high: null,
      basis: 'no history',
      scaledToItems: null,
    });
  });

  it('uses p50 and p90 of past runs before the job reports progress', () => {
    expect(estimateCompletion(running(), unsized, now)).toEqual({
      expectedCompletionAt: at(60),
      low: at(60),
      high: at(100),
      basis: 'history',
      scaledToItems: null,
    });
  });

  it("blends the job's own pace with history, trusting its pace more as it progresses", () => {
    // 40 s for 25%: 160 s by its own pace (band 130–280); weight 0.25 on that, 0.75 on history.
    const eta = estimateCompletion(running({ percent: 25 }), unsized, now);
    expect(eta).toEqual({
      expectedCompletionAt: at(0.25 * 160 + 0.75 * 60),
      low: at(0.25 * 130 + 0.75 * 60),
      high: at(0.25 * 280 + 0.75 * 100),
      basis: 'progress and history',
      scaledToItems: null,
    });
  });

  it('uses its pace alone without history, with a band around it', () => {
    // 40 s for 80%: 50 s in all, 10 s to go.
    expect(estimateCompletion(running({ percent: 80 }), [], now)).toEqual({
      expectedCompletionAt: at(50),
      low: at(47.5),
      high: at(60),
      basis: 'progress',
      scaledToItems: null,
    });
  });

  it('counts its pace in items when it has them, not in rounded percent', () => {
    // 1 of 3 items in 40 s (percent says 33): 120 s by its pace.
    const eta = estimateCompletion(running({ percent: 33, done: 1, total: 3 }), [], now);
    expect(eta?.expectedCompletionAt).toBe(at(120));
  });

  describe('past runs of another size', () => {
    // Past digests to about 100 recipients took 2–3 s: 1 s to start, the rest per recipient.
    const small = [
      { seconds: 2, items: 98 },
      { seconds: 2.2, items: 98 },
      { seconds: 2.5, items: 100 },
      { seconds: 3, items: 102 },
    ];

    it('scales them to the size the job reports, before it has done any item', () => {
      const eta = estimateCompletion(running({ percent: 0, done: 0, total: 5000 }), small, now);
      expect(eta?.basis).toBe('history');
      expect(eta?.scaledToItems).toBe(5000);
      // Bounds per past run: at least as long as it (2–3 s), at most 5000/n times longer (~100–147 s).
      expect(eta?.low).toBe(at(40)); // never before now
      expect(Date.parse(eta?.high as string)).toBeGreaterThan(Date.parse(at(140)));
      // Expected from the per-item rate: ~2.35 s / 99 items × 5000.
      expect(Date.parse(eta?.expectedCompletionAt as string)).toBeGreaterThan(Date.parse(at(100)));
    });

    it('does not promise a small run the per-item share of big ones: a big run bounds a small one by its own time', () => {
      const big = [
        { seconds: 20, items: 5000 },
        { seconds: 22, items: 5100 },
        { seconds: 21, items: 4900 },
      ];
      const eta = estimateCompletion(running({ percent: 0, done: 0, total: 100 }), big, new Date(startedAt));
      // Per item that is ~4 ms, 0.4 s for 100; but a run's fixed cost may be most of 20 s.
      expect(Date.parse(eta?.high as string)).toBeGreaterThanOrEqual(Date.parse(at(21)));
      // Its earliest: the median of the proportional shares, 21 s × 100/4900.
      expect(eta?.low).toBe(at((21 * 100) / 4900));
    });

    it('fits a fixed cost and a per-item cost when past sizes vary', () => {
      // 1 s + 10 ms per item, exactly.
      const varied = [100, 200, 400, 800].map((items) => ({ seconds: 1 + items * 0.01, items }));
      const eta = estimateCompletion(running({ percent: 0, done: 0, total: 1000 }), varied, new Date(startedAt));
      expect(eta?.expectedCompletionAt).toBe(at(11));
      expect(Date.parse(eta?.high as string)).toBeGreaterThanOrEqual(Date.parse(at(11)));
    });

    it('promises no late bound until the job says how many items it has', () => {
      const eta = estimateCompletion(running(), small, new Date(startedAt));
      expect(eta?.scaledToItems).toBeNull();
      expect(eta?.expectedCompletionAt).toBe(at(2.35));
      expect(eta?.high).toBeNull();
      // Runs that never said their size are all there is to go by: their p90 stands.
      expect(estimateCompletion(running(), unsized, new Date(startedAt))?.high).toBe(at(100));
    });
  });

  it('never promises a time already past, and says nothing for jobs that are not running', () => {
    const late = estimateCompletion(running(), [{ seconds: 10, items: null }], now);
    expect(late?.expectedCompletionAt).toBe(now.toISOString());
    expect(estimateCompletion({ status: 'completed', startedAt, progress: null }, [], now)).toBeNull();
    expect(estimateCompletion({ status: 'pending', startedAt: null, progress: null }, [], now)).toBeNull();
  });
});
