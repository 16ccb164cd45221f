import { setTimeout as sleep } from 'node:timers/promises';
import type { JobProgress } from '@scheduler/db';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../src/progress-reporter.ts';

describe('progress reporter', () => {
  it('writes a figure held back by the interval when the interval ends, without waiting for another report', async () => {
    const written: JobProgress[] = [];
    const reporter = createProgressReporter(async (p) => {
      written.push(p);
    }, 100);
    reporter.report({ percent: 1 });
    reporter.report({ percent: 2 }); // within the interval: held
    reporter.report({ percent: 3 }); // replaces it
    expect(written.map((p) => p.percent)).toEqual([1]);
    await sleep(200);
    expect(written.map((p) => p.percent)).toEqual([1, 3]);
    await reporter.flush();
    expect(written.map((p) => p.percent)).toEqual([1, 3]);
  });

  it('writes nothing after the handler ended and its last figure was flushed', async () => {
    const written: number[] = [];
    let fail = true;
    const reporter = createProgressReporter(async (p) => {
      if (fail) throw new Error('database away');
      written.push(p.percent);
    }, 50);
    reporter.report({ percent: 10 });
    reporter.report({ percent: 20 });
    await sleep(10);
    fail = false;
    await reporter.flush();
    expect(written).toEqual([20]);
    await sleep(150);
    expect(written).toEqual([20]);
  });
});
