import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db, lifecycle, useLifecycleStore } from './store-fixture.ts';

// The worker asks its transitions for the states alone (`'state'`): the same decision and the
// same writes as with the row, an answer without it. Concurrent events share one statement,
// whichever answer each asked for, and each caller gets the answer it asked for.
useLifecycleStore();

async function pendingJob(maxAttempts = 1): Promise<string> {
  const created = await lifecycle.create({
    jobType: 'test_noop',
    payload: {},
    priority: 'LOW',
    maxAttempts,
    startedBy: null,
  });
  return created.record?.id as string;
}

const rowOf = async (id: string) => (await db.sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`)[0];
const attemptsOf = async (id: string) =>
  db.sql`SELECT number, reason, outcome, error FROM job_attempts WHERE job_id = ${id} ORDER BY number`;
const eventsOf = async (id: string) =>
  (await db.sql`SELECT kind FROM job_events WHERE job_id = ${id} ORDER BY id`).map((e) => e.kind as string);

describe("a transition asked for the states alone ('state')", () => {
  it('answers the states, the attempt and the error without the row, and writes all the row answer writes', async () => {
    const id = await pendingJob();
    const started = await lifecycle.start(id, 'w-1', 'state');
    expect(started).toEqual({
      allowed: true,
      from: 'pending',
      to: 'running',
      error: null,
      attempt: { number: 1, reason: 'first' },
    });
    expect(started).not.toHaveProperty('record');

    const completed = await lifecycle.complete(id, { success: true, itemsProcessed: 3 }, 'state');
    expect(completed).toEqual({ allowed: true, from: 'running', to: 'completed', error: null, attempt: undefined });
    expect(await rowOf(id)).toMatchObject({ status: 'completed', attempts: 1, worker_id: 'w-1', error: null });
    expect(await attemptsOf(id)).toEqual([{ number: 1, reason: 'first', outcome: 'completed', error: null }]);
    expect(await eventsOf(id)).toEqual(['created', 'started', 'completed']);
  });

  it("answers the row's error after the change: a job asked to stop before it ran says why", async () => {
    const id = await pendingJob();
    await lifecycle.requestCancel(id, 'not wanted any more');
    // Refused (the job is settled): the error comes from the row as it is.
    const start = await lifecycle.start(id, 'w-1', 'state');
    expect(start).toMatchObject({ allowed: false, from: 'cancelled', error: 'not wanted any more' });
    expect(start).not.toHaveProperty('record');
    expect((await lifecycle.start(id, 'w-1')).record?.error).toBe('not wanted any more');

    const running = await pendingJob();
    await lifecycle.start(running, 'w-1', 'state');
    await lifecycle.requestCancel(running);
    const stopped = await lifecycle.stop(running, 'stopped at a checkpoint', null, 'state');
    expect(stopped).toEqual({
      allowed: true,
      from: 'cancelling',
      to: 'cancelled',
      error: 'stopped at a checkpoint',
      attempt: undefined,
    });
  });

  it('answers a failed attempt put back to pending, with its error', async () => {
    const id = await pendingJob(2);
    await lifecycle.start(id, 'w-1', 'state');
    const failed = await lifecycle.attemptFailed(id, 'boom', 'state');
    expect(failed).toEqual({ allowed: true, from: 'running', to: 'pending', error: 'boom', attempt: undefined });
    const again = await lifecycle.start(id, 'w-2', 'state');
    expect(again).toMatchObject({ allowed: true, to: 'running', attempt: { number: 2, reason: 'retry' } });
  });

  it('answers a job with no row as absent', async () => {
    expect(await lifecycle.start(randomUUID(), 'w-1', 'state')).toEqual({
      allowed: false,
      from: 'absent',
      reason: expect.any(String),
      error: null,
    });
    expect(await lifecycle.start('not-a-job-id', 'w-1', 'state')).toMatchObject({ allowed: false, from: 'absent' });
  });

  it('gives each caller of a shared statement the answer it asked for', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => pendingJob()));
    // Called in one tick: one statement for all six (the store's batcher).
    const answers = await Promise.all(ids.map((id, i) => lifecycle.start(id, `w-${i}`, i % 2 ? 'state' : 'record')));
    answers.forEach((answer, i) => {
      expect(answer).toMatchObject({ allowed: true, from: 'pending', to: 'running', error: null });
      if (i % 2) expect(answer).not.toHaveProperty('record');
      else expect(answer).toHaveProperty('record.id', ids[i]);
      if (!(i % 2)) expect(answer).toHaveProperty('record.workerId', `w-${i}`);
    });
    // A statement whose every caller asked for the states alone answers them too.
    const completed = await Promise.all(ids.map((id) => lifecycle.complete(id, { success: true }, 'state')));
    expect(completed.map((c) => c.allowed && c.to)).toEqual(ids.map(() => 'completed'));
    for (const id of ids) expect(await rowOf(id)).toMatchObject({ status: 'completed' });
  });
});
