import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobSummary } from '../src/data/types.ts';
import type { Batch } from '../src/live/apply.ts';
import { FLUSH_MS, LiveFeed } from '../src/live/feed.ts';

/** The buffer between the event stream and the cache: coalescing and holding, on a fake clock. */
const job = (id: string, second: number, status: JobSummary['status'] = 'running') =>
  ({ id, status, updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString() }) as JobSummary;

let applied: Batch[];
let feed: LiveFeed;
beforeEach(() => {
  vi.useFakeTimers();
  applied = [];
  feed = new LiveFeed((batch, insert) => applied.push(insert ? batch : { ...batch, created: [] }));
});
afterEach(() => {
  feed.close();
  vi.useRealTimers();
});

describe('the live feed', () => {
  it('applies a burst of events once, a flush later, with the newest state of each job', () => {
    for (let i = 0; i < 100; i++) feed.push('progress', job(`j${i % 10}`, i));
    feed.push('created', job('new', 1, 'pending'));
    expect(applied).toHaveLength(0);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(applied).toHaveLength(1);
    expect(applied[0]?.jobs.size).toBe(11);
    expect(applied[0]?.jobs.get('j3')?.updatedAt).toBe(job('j3', 93).updatedAt);
    expect(applied[0]?.created.map((j) => j.id)).toEqual(['new']);
  });

  it('never goes back: an older event does not replace a newer one in the buffer', () => {
    feed.push('completed', job('a', 5, 'completed'));
    feed.push('progress', job('a', 3));
    vi.advanceTimersByTime(FLUSH_MS);
    expect(applied[0]?.jobs.get('a')?.status).toBe('completed');
  });

  it('holds everything while paused, counts it, and applies it at once on resume', () => {
    feed.hold('paused', true);
    feed.push('created', job('a', 1, 'pending'));
    feed.push('started', job('a', 2));
    vi.advanceTimersByTime(FLUSH_MS * 10);
    expect(applied).toHaveLength(0);
    expect(feed.snapshot()).toMatchObject({ paused: true, holding: true, held: 2 });
    // The pointer leaving does not end a pause.
    feed.hold('pointer', true);
    feed.hold('pointer', false);
    expect(applied).toHaveLength(0);
    feed.hold('paused', false);
    expect(applied).toHaveLength(1);
    expect(feed.snapshot()).toMatchObject({ paused: false, holding: false, held: 0 });
  });

  it('while the pointer rests on a table, changes shown rows in place and holds only the new jobs', () => {
    feed.hold('pointer', true);
    feed.push('completed', job('shown', 2, 'completed'));
    feed.push('created', job('new', 3, 'pending'));
    vi.advanceTimersByTime(FLUSH_MS);
    // In place only: the shown row says completed now; the new job has no row yet.
    expect(applied).toHaveLength(1);
    expect(applied[0]?.jobs.get('shown')?.status).toBe('completed');
    expect(applied[0]?.created).toEqual([]);
    expect(feed.snapshot()).toMatchObject({ paused: false, holding: true, held: 1 });
    feed.push('completed', job('new', 4, 'completed'));
    vi.advanceTimersByTime(FLUSH_MS);
    // The pointer leaves: the new job comes in, in its newest state.
    feed.hold('pointer', false);
    const last = applied.at(-1);
    expect(last?.created.map((j) => j.id)).toEqual(['new']);
    expect(last?.jobs.get('new')?.status).toBe('completed');
    expect(feed.snapshot()).toMatchObject({ holding: false, held: 0 });
  });
});
