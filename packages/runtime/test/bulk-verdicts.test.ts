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
  it('is the one the first runners stored for the same operation and position (a takeover finds their runs)', () => {
    // Made by the hand-built SHA-1 version this replaced; an id that changed would make second runs.
    expect(retryRunId('732c7208-2b2e-4b68-83ad-c9f85b6cc600', 7)).toBe('85c69096-fcc4-55c1-8690-9b0079c84fbc');
    expect(retryRunId('732c7208-2b2e-4b68-83ad-c9f85b6cc600', 8)).not.toBe(
      retryRunId('732c7208-2b2e-4b68-83ad-c9f85b6cc600', 7),
    );
  });
});
