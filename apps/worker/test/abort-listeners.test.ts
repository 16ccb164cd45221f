import { getEventListeners } from 'node:events';
import type { JobDeps } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { testNoop, testScript } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';
import { createProcessor } from '../src/processor.ts';
import { raceAbort } from '../src/race-abort.ts';

// Issue 21, finding 13: every write of a job's outcome raced the worker's process-long give-up
// signal and left an abort listener on it, so the worker grew by about 2 KB a job and slowed
// down as the list grew (bench/soak measures both). Each race must take its listener back.

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('abort listeners', () => {
  it('raceAbort leaves no listener behind, whichever side of the race wins', async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 20; i++) await raceAbort(Promise.resolve(i), signal);
    for (let i = 0; i < 20; i++) await raceAbort(Promise.reject(new Error(`${i}`)), signal).catch(() => {});
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);

    const stopping = new AbortController();
    const raced = raceAbort(new Promise<never>(() => {}), stopping.signal);
    stopping.abort(new Error('leaving'));
    await expect(raced).rejects.toThrow('leaving');
    await expect(raceAbort(Promise.resolve(1), stopping.signal)).rejects.toThrow('leaving');
  });

  it('a job that completes, fails or is retried leaves nothing on the process-long signal', async () => {
    const giveUp = new AbortController();
    const deps = {
      lifecycle: createLifecycleStore(h.sql),
      jobDeps: {} as JobDeps,
      workerId: 'listener-test',
      log: createLogger('silent', 'listener-test'),
      giveUp: giveUp.signal,
    };
    const runs = [
      { definition: testNoop, payload: {}, times: 20 },
      // Fails its first attempt (attemptFailed), then on its second one fails for good.
      { definition: testScript, payload: { failTimes: 5 }, times: 5 },
    ];
    for (const { definition, payload, times } of runs) {
      const processor = createProcessor(definition, deps);
      const queue = h.queues().get(definition.name);
      for (let i = 0; i < times; i++) {
        const job = await queue?.getJob(await h.trigger(definition.name, payload));
        if (!job) throw new Error('the job is not queued');
        const cancel = new AbortController();
        await processor(job, undefined, cancel.signal).catch(() => {});
        expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
      }
    }
    expect(getEventListeners(giveUp.signal, 'abort')).toHaveLength(0);
  });
});
