import type { JobDeps } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { testScript } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';
import { createProcessor } from '../src/processor.ts';

// A cancel that reaches a job the moment it starts. The row says running once the start
// commits; the worker's cancel watch may then see the request and abort BullMQ's signal for the
// job before the processor, still waiting for the start's answer, listens to that signal. The
// watch signals a job once, so a processor that only listens for the abort event never hears
// it: the job ran to its end (or its time limit), and a bulk cancel of running jobs waited on it.

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a cancel arriving while the start is on its way back', () => {
  it('stops the job at once, cancelled on request', async () => {
    const store = createLifecycleStore(h.sql);
    const cancel = new AbortController();
    const deps = {
      // The real store; its start answers only once the cancel has been asked on record and
      // signalled, as the API and the cancel watch do inside that window.
      lifecycle: {
        ...store,
        async start(id: string, workerId: string) {
          const started = await store.start(id, workerId);
          await store.requestCancel(id);
          cancel.abort('cancelled on request');
          return started;
        },
      },
      jobDeps: {} as JobDeps,
      workerId: 'cancel-at-start',
      log: createLogger('silent', 'cancel-at-start'),
      giveUp: new AbortController().signal,
    };
    const id = await h.trigger('test_script', { sleepMs: 60_000 });
    const job = await h.queues().get('test_script')?.getJob(id);
    if (!job) throw new Error('the job is not queued');

    const startedAt = Date.now();
    const outcome = await Promise.race([
      createProcessor(testScript, deps)(job, undefined, cancel.signal).then(
        () => 'completed',
        (error: Error) => error.message,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000)),
    ]);
    expect(outcome).toBe('cancelled: cancelled on request');
    expect(Date.now() - startedAt).toBeLessThan(5000);
    expect(await h.job(id)).toMatchObject({ status: 'cancelled', error: 'cancelled on request' });
  }, 20_000);
});
