import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
let apis: string[];

beforeAll(async () => {
  h = await createHarness();
  const [, , a, b] = await Promise.all([h.spawnWorker(), h.spawnWorker(), h.spawnApi(), h.spawnApi()]);
  apis = [a.url, b.url];
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const call = async (api: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const slotMillis = (slot: string) => Number(slot.split(':').pop());

/** The slots of the schedule's completed runs, oldest first. */
const completedSlots = async () => {
  const rows = await h.sql`
    SELECT schedule_slot FROM scheduled_jobs WHERE schedule_name = 'every-2s' AND status = 'completed'`;
  return rows.map((r) => slotMillis(r.schedule_slot as string)).sort((x, y) => x - y);
};

describe('a schedule under two API and two worker processes', () => {
  it('runs each slot exactly once, and an edit through either API holds for both', async () => {
    const [a, b] = apis as [string, string];
    expect((await call(a, 'PUT', '/api/schedules/every-2s', { jobType: 'test_noop', everyMs: 2000 })).status).toBe(201);
    // Waits on runs, not on the clock: each bound is twice what the runs need.
    await waitFor('8 runs two seconds apart', async () => (await completedSlots()).length >= 8, {
      timeoutMs: 32_000,
      intervalMs: 250,
    });

    // Edited through the other API; the first one sees it at once.
    expect((await call(b, 'PUT', '/api/schedules/every-2s', { everyMs: 3000 })).status).toBe(200);
    const editedAt = Date.now();
    const seenByA = await call(a, 'GET', '/api/schedules/every-2s');
    expect(seenByA.body).toMatchObject({ everyMs: 3000, updatedBy: 'service' });
    await waitFor(
      '6 runs three seconds apart after the edit',
      async () => (await completedSlots()).filter((slot) => slot > editedAt).length >= 6,
      { timeoutMs: 36_000, intervalMs: 250 },
    );
    expect((await call(a, 'PUT', '/api/schedules/every-2s', { enabled: false })).status).toBe(200);
    // A tick already on its way when the schedule was disabled finishes before the runs are read.
    await waitFor(
      'every run to finish',
      async () =>
        (await h.sql`SELECT 1 FROM scheduled_jobs WHERE schedule_name = 'every-2s' AND status <> 'completed'`)
          .length === 0,
      { timeoutMs: 10_000, intervalMs: 100 },
    );

    const runs = await h.sql`
      SELECT schedule_slot, status, worker_id, started_by FROM scheduled_jobs
      WHERE schedule_name = 'every-2s' ORDER BY schedule_slot`;
    const slots = runs.map((r) => slotMillis(r.schedule_slot as string)).sort((x, y) => x - y);
    // Exactly once: one run per slot, none twice.
    expect(new Set(slots).size).toBe(slots.length);
    expect(runs.every((r) => r.started_by === 'scheduler' && r.status === 'completed')).toBe(true);
    // No slot skipped: consecutive slots are one interval apart, 2 s before the edit and 3 s after.
    const steps = slots.slice(1).map((t, i) => t - (slots[i] as number));
    const twos = steps.filter((s) => s === 2000).length;
    const threes = steps.filter((s) => s === 3000).length;
    expect(twos).toBeGreaterThanOrEqual(7);
    expect(threes).toBeGreaterThanOrEqual(5);
    expect(steps.length - twos - threes).toBeLessThanOrEqual(1); // the step across the edit
    expect(steps.indexOf(3000)).toBeGreaterThan(steps.lastIndexOf(2000));
    // Both worker processes took slots (each slot goes to whichever is free first).
    expect(new Set(runs.map((r) => r.worker_id)).size).toBe(2);
  }, 90_000);
});
