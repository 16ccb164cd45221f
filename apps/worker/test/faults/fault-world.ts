import type { CutMode } from '@scheduler/testing';
import type { FaultWorld } from '@scheduler/testing/harness';
import { expect } from 'vitest';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Five test_script jobs of `sleepMs` run while the link is cut for `cutMs`; answers their ids once
 * each has completed on its first attempt (the outage was not charged to them).
 */
export async function runFiveThroughCut(
  { h, proxy }: FaultWorld,
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
