import { defineJob, type JobDeps } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { testScript } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';
import { createProcessor } from '../src/processor.ts';

// Issue 21, finding 9: a handler that loses Postgres is postponed without spending an attempt
// (apps/worker/test/faults/postgres-outage-handler.test.ts). An error that only looks like an
// outage (a socket error of some other service) while Postgres answers is the job's own: it
// spends its attempt as any failure does, or such a job would be put back for ever.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('postponement', () => {
  it('is not given to a job whose connection error is not Postgres’s', async () => {
    const refusedElsewhere = defineJob({
      ...testScript,
      handler: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
      },
    });
    const lifecycle = createLifecycleStore(h.sql);
    const processor = createProcessor(refusedElsewhere, {
      lifecycle,
      jobDeps: {} as JobDeps,
      workerId: 'postponement-test',
      log: createLogger('silent', 'postponement-test'),
      postgresAnswers: () => h.sql`SELECT 1`,
    });
    const id = await h.trigger('test_script', {});
    const job = await h.queues().get('test_script')?.getJob(id);
    if (!job) throw new Error('the job is not queued');

    await expect(processor(job)).rejects.toThrow('ECONNREFUSED');
    expect(await lifecycle.get(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await lifecycle.attempts(id)).map((a) => [a.number, a.outcome])).toEqual([[1, 'failed']]);
  });
});
