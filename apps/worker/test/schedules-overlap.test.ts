import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRuntime } from '../src/index.ts';

/** A slot while the schedule's previous run is still going (overlap policy), and pause-until. */
let h: Harness;
let worker: WorkerRuntime;

beforeAll(async () => {
  h = await createHarness();
  worker = await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});

async function create(name: string, body: Record<string, unknown>, policies: Record<string, unknown>) {
  const res = await h.call('PUT', `/api/schedules/${name}`, body);
  expect(res.statusCode).toBe(201);
  await h.sql`UPDATE schedules SET ${h.sql(policies)} WHERE name = ${name}`;
}

const runsOf = (name: string) =>
  h.sql`
    SELECT id, status, schedule_slot, created_at, started_at, completed_at, error FROM scheduled_jobs
    WHERE schedule_name = ${name} ORDER BY created_at`;
const slotOf = (key: string) => Number(key.split(':').pop());
const disable = (name: string) => h.call('PUT', `/api/schedules/${name}`, { enabled: false });

/** No two runs were unfinished at the same time. */
function expectNoOverlap(runs: readonly Record<string, unknown>[]) {
  const ran = runs.filter((r) => r.started_at && r.completed_at) as { started_at: Date; completed_at: Date }[];
  for (let i = 1; i < ran.length; i++) {
    expect(ran[i]?.started_at.getTime()).toBeGreaterThanOrEqual(ran[i - 1]?.completed_at.getTime() as number);
  }
}

/** What the ticks of a schedule answered (BullMQ keeps each tick's return value). */
async function tickOutcomes(name: string) {
  const ticks = await h.queues().schedules.getCompleted(0, 1000);
  return ticks.filter((t) => t.data.scheduleName === name).map((t) => t.returnvalue as Record<string, unknown>);
}

describe('overlap policy', () => {
  it('skip: a slot while the run is still going is skipped, and the tick says so', async () => {
    await create(
      'overlap-skip',
      { jobType: 'test_script', everyMs: 1000, payload: { sleepMs: 2500 } },
      { overlap_policy: 'skip', grace_ms: 5000 },
    );
    await waitFor(
      'two runs to complete',
      async () => (await runsOf('overlap-skip')).filter((r) => r.status === 'completed').length >= 2,
      { timeoutMs: 20_000 },
    );
    await disable('overlap-skip');
    const runs = await runsOf('overlap-skip');
    expectNoOverlap(runs);
    const skipped = (await tickOutcomes('overlap-skip')).filter((o) => o.skipped === 'a run is still active');
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    const ids = runs.map((r) => r.id);
    expect(skipped.every((o) => ids.includes(o.activeJobId))).toBe(true);
    expect(await h.sql`SELECT 1 FROM schedule_misses WHERE schedule_name = 'overlap-skip'`).toHaveLength(0);
  });

  it('queue: the newest slot waits and runs as soon as the running one ends', async () => {
    await create(
      'overlap-queue',
      { jobType: 'test_script', everyMs: 1000, payload: { sleepMs: 2500 } },
      { overlap_policy: 'queue', grace_ms: 5000 },
    );
    // A slot while a run goes waits (the newest one, if several came): queued_slot_at says which.
    await waitFor(
      'a slot to be queued',
      async () => (await h.sql`SELECT queued_slot_at FROM schedules WHERE name = 'overlap-queue'`)[0]?.queued_slot_at,
      { timeoutMs: 10_000 },
    );
    await waitFor(
      'three runs to complete',
      async () => (await runsOf('overlap-queue')).filter((r) => r.status === 'completed').length >= 3,
      { timeoutMs: 20_000 },
    );
    await disable('overlap-queue');
    const runs = (await runsOf('overlap-queue')).filter((r) => r.status === 'completed');
    expectNoOverlap(runs);
    // After the first, each run is a slot that waited (queued) or came after the one before had
    // ended; either way it started once that one had ended, and slots ran in order.
    const queuedSlots = (await tickOutcomes('overlap-queue')).flatMap((o) =>
      typeof o.queued === 'string' ? [Date.parse(o.queued)] : [],
    );
    expect(queuedSlots.length).toBeGreaterThan(0);
    let waited = 0;
    for (const [i, run] of runs.entries()) {
      if (i === 0) continue;
      const before = runs[i - 1] as (typeof runs)[number];
      expect(slotOf(run.schedule_slot)).toBeGreaterThan(slotOf(before.schedule_slot));
      expect(run.created_at.getTime()).toBeGreaterThanOrEqual((before.completed_at as Date).getTime());
      if (queuedSlots.includes(slotOf(run.schedule_slot))) waited++;
      else expect(slotOf(run.schedule_slot)).toBeGreaterThanOrEqual((before.completed_at as Date).getTime() - 1000);
    }
    expect(waited).toBeGreaterThan(0);
  });

  it('cancel: the running one is cancelled (its log names the schedule and slot) and the new slot runs after it', async () => {
    await create(
      'overlap-cancel',
      { jobType: 'test_script', everyMs: 2000, payload: { sleepMs: 20_000 } },
      { overlap_policy: 'cancel', grace_ms: 5000 },
    );
    const [first] = await waitFor('a run', async () => {
      const runs = await runsOf('overlap-cancel');
      return runs.length > 0 ? runs : null;
    });
    const cancelled = await h.waitForStatus(first?.id as string, 'cancelled', 15_000);
    const second = await waitFor(
      'the next slot to run',
      async () => (await runsOf('overlap-cancel')).find((r) => r.id !== first?.id),
      { timeoutMs: 10_000 },
    );
    await disable('overlap-cancel');
    expect(slotOf(second.schedule_slot)).toBe(slotOf(first?.schedule_slot as string) + 2000);
    expect(second.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(cancelled.completedAt));
    const logs = await waitFor('the cancel in the run’s log', async () => {
      const lines = (await h.call('GET', `/api/jobs/${first?.id}/logs`)).json().logs as { message: string }[];
      return lines.find((l) => /cancelled by schedule "overlap-cancel"/.test(l.message));
    });
    expect(logs.message).toBe(
      `cancelled by schedule "overlap-cancel": its slot ${new Date(slotOf(second.schedule_slot)).toISOString()} is due and its overlap policy is cancel`,
    );
    // Stop the second one too (it sleeps 20 s).
    await h.call('POST', `/api/jobs/${second.id}/cancel`);
  });
});

describe('pause until', () => {
  it('holds (no runs, no misses), survives a worker restart, and resumes by itself, audited once', async () => {
    await create('paused', { jobType: 'test_noop', everyMs: 1000 }, { grace_ms: 1500 });
    await waitFor('a run', async () => (await runsOf('paused')).some((r) => r.status === 'completed'));
    const [paused] = await h.sql`
      UPDATE schedules SET paused_until = now() + interval '4 seconds', paused_at = now(), paused_by = 'an admin'
      WHERE name = 'paused' RETURNING paused_at, paused_until`;
    const pausedAt = (paused?.paused_at as Date | undefined)?.getTime() as number;
    const pausedUntil = (paused?.paused_until as Date | undefined)?.getTime() as number;

    // A restart during the pause: it is in Postgres, so the new worker holds it too.
    await sleep(1000);
    await worker.close(1000);
    await sleep(500);
    worker = await h.startWorker();

    await waitFor(
      'runs after the pause',
      async () =>
        (await runsOf('paused')).filter((r) => slotOf(r.schedule_slot) > pausedUntil && r.status === 'completed')
          .length >= 2 || null,
      { timeoutMs: 15_000 },
    );
    const runs = await runsOf('paused');
    expect(runs.filter((r) => slotOf(r.schedule_slot) > pausedAt && slotOf(r.schedule_slot) <= pausedUntil)).toEqual(
      [],
    );
    expect(await h.sql`SELECT 1 FROM schedule_misses WHERE schedule_name = 'paused'`).toHaveLength(0);
    expect((await tickOutcomes('paused')).some((o) => String(o.skipped).startsWith('paused until'))).toBe(true);

    const audit = await waitFor('the automatic resume to be audited', async () => {
      const rows = await h.sql`
        SELECT actor_kind, actor_role, details FROM scheduler_audit_log
        WHERE action = 'schedule.resume' AND target = 'paused'`;
      return rows.length > 0 ? rows : null;
    });
    await sleep(1500); // further passes do not audit it again
    expect(await h.sql`SELECT 1 FROM scheduler_audit_log WHERE action = 'schedule.resume'`).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_kind: 'service',
      actor_role: 'system',
      details: { automatic: true, pausedBy: 'an admin', pausedUntil: new Date(pausedUntil).toISOString() },
    });
    await disable('paused');
  });
});
