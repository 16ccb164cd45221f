import { defineJob, JobCancelledError, JobTimeoutError, PermanentJobError } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, runJob, type TestDatabase, testScript } from '../src/index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const rowOf = async (id: string) =>
  (
    await db.sql`SELECT job_type, status, attempts, max_attempts, payload, result, error FROM scheduled_jobs WHERE id = ${id}`
  )[0];

describe('runJob', () => {
  it('runs the handler with the parsed payload, records its log and progress, and its job row', async () => {
    const run = await runJob(testScript, { sleepMs: 20 }, {}, { sql: db.sql });
    expect(run.result).toEqual({ success: true, itemsProcessed: 1, errors: [], details: { attempt: 1 } });
    expect(run.progress).toHaveLength(10);
    expect(run.progress[9]).toEqual({ percent: 100, done: 10, total: 10 });
    expect(run.logs[0]).toEqual({ level: 'info', message: 'step 1 of 10 done', data: { step: 1 } });
    expect(run.status).toBe('completed');
    // The payload as the schema made it, defaults filled in, as the worker hands it over.
    expect(await rowOf(run.jobId)).toMatchObject({
      job_type: 'test_script',
      status: 'completed',
      attempts: 1,
      max_attempts: 3,
      payload: { sleepMs: 20, failTimes: 0, reportFailure: false, ignoreSignal: false },
      result: run.result,
    });
  });

  it('gives the handler its needs and nothing else, and says which need is missing', async () => {
    let seen: string[] = [];
    const peek = defineJob({
      name: 'test_peek',
      needs: ['retention', 'trending'],
      description: 'Test only: says what it was given.',
      payload: z.strictObject({}),
      defaults: testScript.defaults,
      handler: async (_payload, ctx) => {
        seen = Object.keys(ctx.deps).sort();
        return { success: true, itemsProcessed: 0 };
      },
    });
    const stub = {} as never;
    await runJob(peek, {}, { retention: stub, trending: stub, sql: db.sql } as never);
    expect(seen).toEqual(['retention', 'trending']);
    await expect(runJob(peek, {}, { retention: stub } as never)).rejects.toThrow(
      'runJob: test_peek needs retention, trending; deps lacks trending',
    );
  });

  it('a type whose queries name its job (ledger, crawl claims) needs its row: without sql it says so', async () => {
    const claims = defineJob({ ...testScript, name: 'test_claims', needs: ['ledger'] });
    await expect(runJob(claims, {}, { ledger: {} as never })).rejects.toThrow(
      /needs a scheduled_jobs row.*pass \{ sql \}/,
    );
  });

  it('a cancel aborts the signal; the handler returns what it did and the row is cancelled', async () => {
    const cancel = new AbortController();
    const running = runJob(testScript, { sleepMs: 2000 }, {}, { sql: db.sql, signal: cancel.signal });
    setTimeout(() => cancel.abort(), 300);
    const run = await running;
    expect(run.status).toBe('cancelled');
    expect(run.result.details).toMatchObject({ stoppedAfterStep: expect.any(Number) });
    expect((run.result.details as { stoppedAfterStep: number }).stoppedAfterStep).toBeLessThan(10);
    expect(await rowOf(run.jobId)).toMatchObject({ status: 'cancelled', error: 'cancelled on request' });

    const withReason = new AbortController();
    withReason.abort('no longer wanted');
    const stopped = await runJob(testScript, { sleepMs: 100 }, {}, { sql: db.sql, signal: withReason.signal });
    expect(await rowOf(stopped.jobId)).toMatchObject({ status: 'cancelled', error: 'no longer wanted' });
  });

  it('past its maximum run time the run fails with JobTimeoutError, even if the handler ignores its signal', async () => {
    const started = Date.now();
    await expect(
      runJob(testScript, { sleepMs: 5000, ignoreSignal: true }, {}, { sql: db.sql, timeoutMs: 200 }),
    ).rejects.toThrow(JobTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    const [row] =
      await db.sql`SELECT status, error FROM scheduled_jobs WHERE job_type = 'test_script' AND status = 'failed'`;
    expect(row?.error).toMatch(/exceeded its maximum run time of 200ms/);
  });

  it('a failed attempt with attempts left leaves the job pending; its next attempt runs with jobId', async () => {
    const first = runJob(testScript, { failTimes: 1 }, {}, { sql: db.sql });
    await expect(first).rejects.toThrow('scripted failure (attempt 1)');
    const [row] = await db.sql`
      SELECT id, status, attempts FROM scheduled_jobs WHERE error = 'scripted failure (attempt 1)'`;
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    const retry = await runJob(testScript, { failTimes: 1 }, {}, { sql: db.sql, jobId: row?.id as string });
    expect(retry).toMatchObject({ attempt: 2, status: 'completed', result: { details: { attempt: 2 } } });
    const attempts = await createLifecycleStore(db.sql).attempts(row?.id as string);
    expect(attempts.map((a) => [a.number, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'completed'],
    ]);
  });

  it('runs a later attempt on request, the row showing the earlier ones failed; the last one that fails fails the job', async () => {
    const last = await runJob(testScript, { reportFailure: true }, {}, { sql: db.sql, attempt: 3 });
    expect(last).toMatchObject({ attempt: 3, status: 'failed', result: { success: false } });
    expect(await rowOf(last.jobId)).toMatchObject({ status: 'failed', attempts: 3, error: 'scripted failure' });
  });

  it('a permanent error fails the job at once, attempts left or not', async () => {
    const refusing = defineJob({
      ...testScript,
      name: 'test_refusing',
      needs: [],
      handler: async () => {
        throw new PermanentJobError('cannot work');
      },
    });
    await expect(runJob(refusing, {}, {}, { sql: db.sql })).rejects.toThrow(PermanentJobError);
    const [row] = await db.sql`SELECT status, attempts FROM scheduled_jobs WHERE job_type = 'test_refusing'`;
    expect(row).toEqual({ status: 'failed', attempts: 1 });
  });

  it('without sql the run has a job id but no row', async () => {
    const run = await runJob(testScript, {}, {});
    expect(run).toMatchObject({ status: null, attempt: 1, result: { success: true } });
    expect(await rowOf(run.jobId)).toBeUndefined();
  });

  it('a handler that throws once cancelled leaves the row cancelled and runJob throws the cancel', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const throwing = defineJob({
      ...testScript,
      name: 'test_throwing',
      needs: [],
      handler: async (_p, ctx) => {
        throw ctx.signal.reason;
      },
    });
    await expect(runJob(throwing, {}, {}, { sql: db.sql, signal: cancel.signal })).rejects.toThrow(JobCancelledError);
    const [row] = await db.sql`SELECT status FROM scheduled_jobs WHERE job_type = 'test_throwing'`;
    expect(row?.status).toBe('cancelled');
  });
});
