import { type CutMode, type FaultProxy, startFaultProxy } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterEach, beforeEach, expect } from 'vitest';

export const POSTGRES = { host: '127.0.0.1', port: 5432 };
export const REDIS = { host: '127.0.0.1', port: 6379 };

/**
 * A fault test's world, fresh for each test: the harness (its own database and queue prefix)
 * and a fault proxy in front of Postgres or Redis, for the processes the test points at it.
 */
export function useFaultWorld(server: { host: string; port: number }, harnessEnv: Record<string, string> = {}) {
  const world = {} as { h: Harness; proxy: FaultProxy };
  beforeEach(async () => {
    world.h = await createHarness(harnessEnv);
    world.proxy = await startFaultProxy(server);
  });
  afterEach(async () => {
    await world.h?.close();
    await world.proxy?.close();
  });
  return world;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Five test_script jobs of `sleepMs` run while the link is cut for `cutMs`; answers their ids once
 * each has completed on its first attempt (the outage was not charged to them).
 */
export async function runFiveThroughCut(
  { h, proxy }: { h: Harness; proxy: FaultProxy },
  mode: CutMode,
  { sleepMs, cutMs }: { sleepMs: number; cutMs: number },
): Promise<string[]> {
  const ids = await Promise.all(Array.from({ length: 5 }, () => h.trigger('test_script', { sleepMs })));
  await Promise.all(ids.map((id) => h.waitForStatus(id, 'running')));

  proxy.cut(mode);
  await sleep(cutMs);
  proxy.heal();

  const done = await Promise.all(ids.map((id) => h.waitForStatus(id, ['completed', 'failed'], 20_000)));
  for (const job of done) {
    expect(job).toMatchObject({ status: 'completed', attempts: 1, error: null });
    expect(job.attemptHistory).toMatchObject([{ number: 1, outcome: 'completed' }]);
  }
  return ids;
}
