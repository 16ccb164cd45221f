import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EVENTS,
  type LifecycleEvent,
  STATES,
  type State,
  stateOfRecord,
  TRANSITIONS,
  transitionTableMarkdown,
  UNFINISHED_STATUSES,
} from '../src/index.ts';
import { db, lifecycle, useLifecycleStore } from './store-fixture.ts';

useLifecycleStore();

/** A job standing in `state`, written directly, with the attempts such a job has on record. */
async function jobIn(state: State): Promise<string> {
  const id = randomUUID();
  if (state === 'absent') return id;
  const status = state === 'cancelling' ? 'running' : state;
  const attempts = state === 'pending' ? 0 : 1;
  await db.sql`
    INSERT INTO scheduled_jobs (id, job_type, status, attempts, max_attempts, worker_id, started_at, completed_at,
                                cancel_requested_at, error)
    VALUES (${id}, 'test_noop', ${status}, ${attempts}, 3, ${attempts ? 'w-1' : null},
            ${attempts ? new Date() : null}, ${['completed', 'failed', 'cancelled'].includes(state) ? new Date() : null},
            ${state === 'cancelling' ? new Date() : null}, ${state === 'failed' ? 'boom' : null})`;
  if (attempts) {
    const open = state === 'running' || state === 'cancelling';
    await db.sql`
      INSERT INTO job_attempts (job_id, number, reason, worker_id, ended_at, outcome)
      VALUES (${id}, 1, 'first', 'w-1', ${open ? null : new Date()}, ${open ? null : state})`;
  }
  return id;
}

const rowOf = async (id: string) => (await db.sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`)[0] ?? null;
const attemptsOf = (id: string) => db.sql`SELECT * FROM job_attempts WHERE job_id = ${id} ORDER BY number`;

const DETAILS = {
  workerId: 'w-2',
  error: 'it went wrong',
  result: { success: true, itemsProcessed: 3 },
  progress: { percent: 40 },
};

describe('the transition table, walked pair by pair against Postgres', () => {
  for (const event of EVENTS) {
    for (const state of STATES) {
      const expected = TRANSITIONS[event][state];
      it(`${event} on a ${state} job → ${expected ?? 'refused'}`, async () => {
        const id = await jobIn(state);
        const before = await rowOf(id);

        if (event === 'trigger') {
          // A new job is always new: create() makes its own id; an existing id cannot be created again.
          if (state === 'absent') {
            const created = await lifecycle.create({
              jobType: 'test_noop',
              payload: {},
              priority: 'LOW',
              maxAttempts: 1,
              startedBy: null,
            });
            expect(created.created).toBe(true);
            expect(created.record && stateOfRecord(created.record)).toBe(expected);
          } else {
            const again =
              await db.sql`INSERT INTO scheduled_jobs (id, job_type) VALUES (${id}, 'test_noop') ON CONFLICT DO NOTHING RETURNING id`;
            expect(again).toHaveLength(0);
          }
          return;
        }

        const transition = await lifecycle.apply(id, event as Exclude<LifecycleEvent, 'trigger'>, DETAILS);
        const after = await rowOf(id);
        if (expected === null) {
          expect(transition.allowed).toBe(false);
          expect(transition.allowed ? '' : transition.reason).not.toBe('');
          // A refusal changes nothing at all.
          expect(after).toEqual(before);
          return;
        }
        expect(transition).toMatchObject({ allowed: true, from: state, to: expected });
        expect(stateOfRecord(after && (await lifecycle.get(id)))).toBe(expected);
        if (expected === 'absent') return;
        // The job's attempt count is its attempts on record, whatever happened.
        const attempts = await attemptsOf(id);
        expect(after?.attempts).toBe(attempts.length);
        if (['completed', 'failed', 'cancelled'].includes(expected)) {
          expect(attempts.every((a) => a.ended_at !== null)).toBe(true);
          if (expected !== state) expect(after?.completed_at).not.toBeNull();
        }
      });
    }
  }
});

describe("a cancelled job's result", () => {
  it('keeps what the handler did and says it was cancelled, never a success', async () => {
    const id = await jobIn('cancelling');
    const partial = { success: true, itemsProcessed: 3, details: { stoppedBecause: 'stopped' } };
    const stopped = await lifecycle.stop(id, 'cancelled on request', partial);
    const expected = { success: false, cancelled: true, itemsProcessed: 3, details: { stoppedBecause: 'stopped' } };
    expect(stopped.allowed && stopped.record?.result).toEqual(expected);
    expect((await rowOf(id))?.result).toEqual(expected);
    expect((await rowOf(id))?.error).toBe('cancelled on request');
  });

  it('is empty for a job cancelled before it did anything; a completed job keeps its own', async () => {
    const queued = await jobIn('pending');
    expect((await lifecycle.requestCancel(queued)).record?.result).toBeNull();
    const running = await jobIn('running');
    const done = await lifecycle.complete(running, { success: true, itemsProcessed: 2 });
    expect(done.record?.result).toEqual({ success: true, itemsProcessed: 2 });
  });
});

describe('attempts on record', () => {
  it('a first start opens attempt 1 for "first"; a start while running closes it as stalled and opens 2', async () => {
    const id = await jobIn('pending');
    const first = await lifecycle.start(id, 'w-a');
    expect(first.allowed && first.attempt).toEqual({ number: 1, reason: 'first' });
    const again = await lifecycle.start(id, 'w-b');
    expect(again.allowed && again.attempt).toEqual({ number: 2, reason: 'stalled' });
    const [one, two] = await attemptsOf(id);
    expect(one).toMatchObject({ number: 1, worker_id: 'w-a', outcome: 'stalled' });
    expect(one?.ended_at).not.toBeNull();
    expect(two).toMatchObject({ number: 2, worker_id: 'w-b', outcome: null, reason: 'stalled' });
    expect((await rowOf(id))?.attempts).toBe(2);
  });

  it('after a failed attempt the next one is a retry; after Redis lost it, requeued', async () => {
    const id = await jobIn('pending');
    await lifecycle.start(id, 'w-a');
    expect((await lifecycle.attemptFailed(id, 'boom')).allowed).toBe(true);
    const retry = await lifecycle.start(id, 'w-a');
    expect(retry.allowed && retry.attempt).toEqual({ number: 2, reason: 'retry' });
    expect((await lifecycle.requeue(id, 'Redis lost it')).allowed).toBe(true);
    const requeued = await lifecycle.start(id, 'w-b');
    expect(requeued.allowed && requeued.attempt).toEqual({ number: 3, reason: 'requeued' });
    expect((await lifecycle.complete(id, { success: true })).allowed).toBe(true);

    const attempts = await lifecycle.attempts(id);
    expect(attempts.map((a) => [a.number, a.reason, a.outcome, a.error])).toEqual([
      [1, 'first', 'failed', 'boom'],
      [2, 'retry', 'lost', 'Redis lost it'],
      [3, 'requeued', 'completed', null],
    ]);
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'completed', attempts: 3, error: null });
  });

  it('a postponed attempt is taken off the record: the next start is the same attempt again', async () => {
    const id = await jobIn('pending');
    await lifecycle.start(id, 'w-a');
    const postponed = await lifecycle.postpone(id, 'Postgres went away: write CONNECT_TIMEOUT');
    expect(postponed).toMatchObject({ allowed: true, from: 'running', to: 'pending' });
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await attemptsOf(id)).toHaveLength(0);
    const again = await lifecycle.start(id, 'w-b');
    expect(again.allowed && again.attempt).toEqual({ number: 1, reason: 'first' });

    // A retry postponed stays a retry, and the failure before it stays on record.
    await lifecycle.attemptFailed(id, 'boom');
    await lifecycle.start(id, 'w-b');
    await lifecycle.postpone(id, 'Postgres went away');
    const retry = await lifecycle.start(id, 'w-b');
    expect(retry.allowed && retry.attempt).toEqual({ number: 2, reason: 'retry' });
    await lifecycle.complete(id, { success: true });
    expect((await lifecycle.attempts(id)).map((a) => [a.number, a.reason, a.outcome])).toEqual([
      [1, 'first', 'failed'],
      [2, 'retry', 'completed'],
    ]);
    const kinds = await db.sql`SELECT kind FROM job_events WHERE job_id = ${id} ORDER BY id`;
    expect(kinds.map((e) => e.kind)).toEqual([
      'started',
      'retried',
      'started',
      'retried',
      'started',
      'retried',
      'started',
      'completed',
    ]);
  });

  it('a job asked to stop while Postgres was away ends cancelled when postponed', async () => {
    const id = await jobIn('cancelling');
    const postponed = await lifecycle.postpone(id, 'Postgres went away');
    expect(postponed).toMatchObject({ allowed: true, from: 'cancelling', to: 'cancelled' });
    expect(await rowOf(id)).toMatchObject({ status: 'cancelled', attempts: 0 });
  });

  it('each change writes its event in the same statement, as the live streams name them', async () => {
    const { record } = await lifecycle.create({
      jobType: 'test_noop',
      payload: {},
      priority: 'LOW',
      maxAttempts: 2,
      startedBy: null,
    });
    const id = record?.id as string;
    await lifecycle.start(id, 'w-a');
    await lifecycle.attemptFailed(id, 'boom');
    await lifecycle.start(id, 'w-a');
    await lifecycle.progress(id, { percent: 50 });
    await lifecycle.requestCancel(id);
    await lifecycle.progress(id, { percent: 60 });
    await lifecycle.stop(id, 'cancelled on request', { success: true, itemsProcessed: 1 });
    await lifecycle.complete(id, { success: true }); // refused: already cancelled, so no event
    const events = await db.sql`SELECT kind, data FROM job_events WHERE job_id = ${id} ORDER BY id`;
    expect(events.map((e) => e.kind)).toEqual([
      'created',
      'started',
      'retried',
      'started',
      'progress',
      'cancel_requested',
      'progress',
      'cancelled',
    ]);
    expect(events[1]?.data).toEqual({ attempt: 1, reason: 'first', workerId: 'w-a' });
    expect(events[2]?.data).toMatchObject({ attempt: 1, error: 'boom' });
    expect(events[3]?.data).toMatchObject({ attempt: 2, reason: 'retry' });
    expect(events[4]?.data).toEqual({ percent: 50 });
    expect(events[7]?.data).toMatchObject({ error: 'cancelled on request' });
  });

  it('a queue job whose id is not a job id is refused without asking Postgres to parse it', async () => {
    const transition = await lifecycle.start('6', 'w-a');
    expect(transition).toMatchObject({ allowed: false, from: 'absent' });
  });

  it('many events at once share statements and each gets its own verdict', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => jobIn('pending')));
    const started = await Promise.all(ids.map((id) => lifecycle.start(id, 'w-a')));
    expect(started.every((t) => t.allowed && t.to === 'running')).toBe(true);
    const mixed = await Promise.all(
      ids.map((id, i) => (i % 2 ? lifecycle.complete(id, { success: true }) : lifecycle.start(id, 'w-b'))),
    );
    expect(mixed.filter((t) => t.allowed && t.to === 'completed')).toHaveLength(20);
    expect(mixed.filter((t) => t.allowed && t.attempt?.reason === 'stalled')).toHaveLength(20);
  });
});

describe('the stored schema agrees with the lifecycle', () => {
  it('the status CHECK constraint and the overlap index name exactly the lifecycle statuses', async () => {
    const [check] = await db.sql`
      SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'scheduled_jobs_status_check'`;
    const stored = [...String(check?.def).matchAll(/'(\w+)'/g)].map((m) => m[1]);
    expect(new Set(stored)).toEqual(new Set(STATES.filter((s) => s !== 'absent' && s !== 'cancelling')));
    const [index] = await db.sql`SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_scheduled_jobs_one_active'`;
    const unfinished = [...String(index?.indexdef).matchAll(/'(\w+)'::text/g)].map((m) => m[1]);
    expect(unfinished.sort()).toEqual([...UNFINISHED_STATUSES].sort());
  });
});

describe('docs/lifecycle.md', () => {
  it('carries the table exactly as the code has it', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../docs/lifecycle.md', import.meta.url), 'utf8');
    // Cells compared trimmed: the formatter pads the Markdown table.
    const cells = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('|') && !line.includes('---'))
        .map((line) =>
          line
            .split('|')
            .map((cell) => cell.trim())
            .join('|'),
        );
    const table = cells(transitionTableMarkdown());
    const inDoc = cells(doc);
    const at = inDoc.indexOf(table[0] as string);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(inDoc.slice(at, at + table.length)).toEqual(table);
  });
});
