import type { JobDeps } from '@scheduler/jobs';
import { createLifecycleStore, type Transition } from '@scheduler/lifecycle';
import { testScript, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';
import { createProcessor } from '../src/processor.ts';

// A cancel that reaches a job the moment it starts, two ways it was lost (a bulk cancel sweeping
// queued jobs while a worker starts them meets both; its running jobs then ran to their time limit).
//
// In the worker: the row says running once the start commits; the worker's cancel watch may
// then see the request and abort BullMQ's signal for the job before the processor, still waiting
// for the start's answer, listens to that signal. The watch signals a job once, so a processor
// that only listened for the abort event never heard it.
//
// In Postgres: a cancel whose statement waits for the row while the start commits is rechecked
// by Postgres against the transition it had matched (from pending), not the running one, and
// wrote nothing, while the caller was told the job was asked to stop.

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

  it('asks a job to stop whose start commits while the cancel waits for its row', async () => {
    const store = createLifecycleStore(h.sql);
    const made = await store.create({
      jobType: 'test_script',
      payload: {},
      priority: 'MEDIUM',
      maxAttempts: 1,
      startedBy: null,
    });
    const id = made.record?.id as string;
    let asked: Promise<Transition> | undefined;
    await h.sql.begin(async (tx) => {
      // The start's change of the row, held uncommitted while the cancel comes.
      await tx`UPDATE scheduled_jobs SET status = 'running', started_at = now(), attempts = 1, worker_id = 'w1'
               WHERE id = ${id}`;
      asked = store.requestCancel(id);
      await waitFor('the cancel to wait for the row', async () => {
        const [waiting] = await h.sql`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%requestCancel%'`;
        return (waiting?.n as number) > 0;
      });
    });
    expect(await asked).toMatchObject({ allowed: true, from: 'running', to: 'cancelling' });
    const [row] = await h.sql`SELECT status, cancel_requested_at FROM scheduled_jobs WHERE id = ${id}`;
    expect(row?.status).toBe('running');
    expect(row?.cancel_requested_at).not.toBeNull();
    const events = await h.sql`SELECT kind FROM job_events WHERE job_id = ${id} AND kind = 'cancel_requested'`;
    expect(events).toHaveLength(1);
  });
});
