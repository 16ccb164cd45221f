import { describe, expect, it } from 'vitest';
import { actionsOf, backoffDelayMs, type DisplayedJob, displayOf } from '../src/job-display.ts';

const failedAt = new Date('2026-12-01T10:00:00Z');
const job = (over: Partial<DisplayedJob>): DisplayedJob => ({
  status: 'pending',
  attempts: 0,
  cancelRequestedAt: null,
  lastFailureAt: null,
  ...over,
});
const context = { queuePause: null, backoff: { type: 'exponential' as const, delay: 1000 } };

describe('backoffDelayMs', () => {
  it('waits as BullMQ does: fixed is the delay, exponential doubles it per attempt made', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs({ type: 'fixed', delay: 500 }, n))).toEqual([500, 500, 500, 500]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs({ type: 'exponential', delay: 1000 }, n))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });
});

describe('displayOf', () => {
  it('calls a pending job waiting to retry only after a failed attempt, counting from when it ended', () => {
    // Queued again after a lost or postponed attempt: no backoff to wait out.
    expect(displayOf(job({ attempts: 1 }), context).state).toBe('queued');
    expect(displayOf(job({ attempts: 3, lastFailureAt: failedAt }), context)).toEqual({
      state: 'waiting_to_retry',
      retryAt: new Date('2026-12-01T10:00:04Z'),
      failedAttempt: 3,
      queuePaused: false,
      queuePause: null,
    });
  });

  it('shows any pending job in a paused queue as paused: nothing starts until it is resumed', () => {
    const pause = {
      jobType: 'crawl_pending',
      pausedAt: failedAt,
      pausedBy: 'service',
      pausedByClerkId: null,
      until: null,
      reason: null,
    };
    const paused = { ...context, queuePause: pause };
    for (const pending of [job({}), job({ attempts: 1, lastFailureAt: failedAt })]) {
      expect(displayOf(pending, paused)).toEqual({
        state: 'paused',
        retryAt: null,
        failedAttempt: null,
        queuePaused: true,
        queuePause: pause,
      });
    }
  });

  it('retries at once for a type the catalogue does not know (no backoff)', () => {
    expect(
      displayOf(job({ attempts: 1, lastFailureAt: failedAt }), { queuePause: null, backoff: undefined }).retryAt,
    ).toEqual(failedAt);
  });
});

describe('actionsOf', () => {
  it('gives nothing to a caller who may not act, whatever the job', () => {
    for (const status of ['pending', 'running', 'failed', 'cancelled'] as const) {
      expect(actionsOf(job({ status }), false)).toEqual([]);
    }
  });
});
