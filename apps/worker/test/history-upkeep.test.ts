import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The history rollups through a real worker: the jobs it ends are counted, and its reconciler
// pass keeps the tables small (past minutes merged, minutes older than 48 h folded into hours).
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const figures = async (table: 'job_history_minutes' | 'job_history_hours') =>
  (
    await h.sql.unsafe(`SELECT count(*)::int AS rows, coalesce(sum(completed), 0)::int AS completed,
                               coalesce(sum(failed), 0)::int AS failed FROM ${table} WHERE job_type = 'test_script'`)
  )[0];

describe('the history kept by a worker', () => {
  it('counts the jobs it ends, and its reconciler merges and folds the minutes', async () => {
    await h.startWorker({ RECONCILE_INTERVAL_MS: '300' });
    const ids = await Promise.all([
      ...Array.from({ length: 5 }, () => h.trigger('test_script', { sleepMs: 20 })),
      h.trigger('test_script', { failTimes: 5 }),
    ]);
    await Promise.all(ids.map((id, i) => h.waitForStatus(id, i < 5 ? 'completed' : 'failed', 20_000)));
    expect(await figures('job_history_minutes')).toMatchObject({ completed: 5, failed: 1 });

    // As if they had ended 50 hours ago: the next passes fold them into their hour.
    await h.sql`UPDATE job_history_minutes SET minute = minute - interval '50 hours'`;
    await waitFor('the minutes to be folded', async () => (await figures('job_history_minutes'))?.rows === 0, {
      timeoutMs: 10_000,
    });
    expect(await figures('job_history_hours')).toEqual({ rows: 1, completed: 5, failed: 1 });
  });
});
