import { describe, expect, it } from 'vitest';
import { retryRunId } from '../src/bulk/runner.ts';
import { actsOn, mergePatch, refusalOf } from '../src/bulk/verdicts.ts';

describe('a bulk retry payload patch (JSON merge patch, RFC 7386)', () => {
  it('replaces keys, merges objects key by key, removes a key for null, and leaves the original alone', () => {
    const original = { isoWeek: '2026-W48', dryRun: false, options: { mode: 'quick', limit: 10 }, list: [1, 2] };
    const merged = mergePatch(original, {
      dryRun: true,
      options: { mode: 'full', limit: null },
      list: [3],
      extra: 'x',
    });
    expect(merged).toEqual({ isoWeek: '2026-W48', dryRun: true, options: { mode: 'full' }, list: [3], extra: 'x' });
    expect(original).toEqual({
      isoWeek: '2026-W48',
      dryRun: false,
      options: { mode: 'quick', limit: 10 },
      list: [1, 2],
    });
    // An object over a scalar replaces it; a scalar over an object replaces it.
    expect(mergePatch({ a: 1, b: { c: 1 } }, { a: { x: 1 }, b: 2 })).toEqual({ a: { x: 1 }, b: 2 });
  });
});

describe('what a bulk action acts on, as the single action', () => {
  it('cancels queued and running jobs, retries failed and cancelled ones, archives finished ones', () => {
    const acted = (action: 'cancel' | 'retry' | 'delete') =>
      (['absent', 'pending', 'running', 'cancelling', 'completed', 'failed', 'cancelled'] as const).filter((s) =>
        actsOn(action, s),
      );
    expect(acted('cancel')).toEqual(['pending', 'running', 'cancelling']);
    expect(acted('retry')).toEqual(['failed', 'cancelled']);
    expect(acted('delete')).toEqual(['completed', 'failed', 'cancelled']);
  });

  it('says why it leaves a job alone in words that group', () => {
    expect(refusalOf('completed')).toBe('already completed');
    expect(refusalOf('cancelling')).toBe('still stopping');
    expect(refusalOf('pending')).toBe('still pending');
    expect(refusalOf('absent')).toBe('no such job');
  });
});

describe('the id of the run a bulk retry makes', () => {
  it('is the same each time it is asked for, and differs by position and by operation (a takeover finds the first runs)', () => {
    const operation = '732c7208-2b2e-4b68-83ad-c9f85b6cc600';
    expect(retryRunId(operation, 7)).toBe(retryRunId(operation, 7));
    expect(retryRunId(operation, 7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retryRunId(operation, 8)).not.toBe(retryRunId(operation, 7));
    expect(retryRunId('0b6b3c1e-9a4f-4a8e-9f57-1d2e3c4b5a69', 7)).not.toBe(retryRunId(operation, 7));
  });
});
