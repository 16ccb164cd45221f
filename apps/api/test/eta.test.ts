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
    // 40 s for 50%: 80 s by its own pace (band 70–120, overlapping history's 60–100); weight
    // 0.5 on that, 0.5 on history.
    const eta = estimateCompletion(running({ percent: 50 }), unsized, now);
    expect(eta).toEqual({
      expectedCompletionAt: at(0.5 * 80 + 0.5 * 60),
      low: at(0.5 * 70 + 0.5 * 60),
      high: at(0.5 * 120 + 0.5 * 100),
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

  it('goes by its own pace as soon as it has one when it is clearly slower than history', () => {
    // History: 10 s runs. This run did 10% in 24 s: its pace needs 4 minutes.
    const quick = [10, 10, 10, 11, 9].map((seconds) => ({ seconds, items: null }));
    const started = new Date(now.getTime() - 24_000);
    const slow = { status: 'running' as const, startedAt: started, progress: { percent: 10 } };
    const eta = estimateCompletion(slow, quick, now);
    const fromStart = (s: number) => new Date(started.getTime() + s * 1000).toISOString();
    expect(eta).toEqual({
      expectedCompletionAt: fromStart(240),
      low: fromStart(24 + 216 * 0.75),
      high: fromStart(24 + 216 * 2),
      basis: 'progress',
      scaledToItems: null,
    });
    // Not history's ~11 s (nor a blend weighted 90% on it): 3.6 more minutes, 2.7 at the earliest.
    expect(Date.parse(eta?.low as string) - now.getTime()).toBe(162_000);
    // Just started and already slow (2% in 4.8 s): the same.
    const early = estimateCompletion(
      { ...slow, startedAt: new Date(now.getTime() - 4800), progress: { percent: 2 } },
      quick,
      now,
    );
    expect(early?.basis).toBe('progress');
    expect(Date.parse(early?.expectedCompletionAt as string) - now.getTime()).toBeGreaterThan(200_000);
  });

  it('never starts a range before now, also when the run is late on a blend', () => {
    // 90% done after 200 s against history of 60–100 s: blend and pace both end near now.
    const late = {
      status: 'running' as const,
      startedAt: new Date(now.getTime() - 200_000),
      progress: { percent: 99 },
    };
    const eta = estimateCompletion(late, unsized, now);
    expect(Date.parse(eta?.low as string)).toBeGreaterThanOrEqual(now.getTime());
    expect(Date.parse(eta?.expectedCompletionAt as string)).toBeGreaterThanOrEqual(now.getTime());
    expect(Date.parse(eta?.high as string)).toBeGreaterThanOrEqual(Date.parse(eta?.expectedCompletionAt as string));
  });

  it('never promises a time already past, and says nothing for jobs that are not running', () => {
    const late = estimateCompletion(running(), [{ seconds: 10, items: null }], now);
    expect(late?.expectedCompletionAt).toBe(now.toISOString());
    expect(estimateCompletion({ status: 'completed', startedAt, progress: null }, [], now)).toBeNull();
    expect(estimateCompletion({ status: 'pending', startedAt: null, progress: null }, [], now)).toBeNull();
  });
});
