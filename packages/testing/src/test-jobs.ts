import { setTimeout as sleep } from 'node:timers/promises';
import {
  defineJob,
  type JobContext,
  type JobDefinition,
  type JobResult,
  type ScheduleDeclaration,
} from '@scheduler/jobs';
import { z } from 'zod';

/**
 * Job types for tests and benchmarks only. They are not in the production catalogue: the test
 * and benchmark entry points (the test/entries folder of each app) and the in-process harnesses
 * register them.
 */
export const testNoop = defineJob({
  name: 'test_noop',
  needs: [],
  description: 'Test only: does nothing and succeeds.',
  payload: z.strictObject({}),
  // Tests schedule it every second or few.
  secondsInCron: true,
  defaults: {
    attempts: 1,
    backoff: { type: 'fixed', delay: 100 },
    timeoutMs: 10_000,
    concurrency: 50,
    priority: 'MEDIUM',
  },
  handler: async () => ({ success: true, itemsProcessed: 0 }),
});

const scriptPayload = z.strictObject({
  sleepMs: z.int().min(0).max(600_000).default(0),
  /** Throw on the first N attempts. */
  failTimes: z.int().min(0).max(100).default(0),
  errorMessage: z.string().max(500).default('scripted failure'),
  /** Return `success: false` instead of a success. */
  reportFailure: z.boolean().default(false),
  /** Ignore the abort signal (a handler that never checks it). */
  ignoreSignal: z.boolean().default(false),
});

async function runScript(payload: z.output<typeof scriptPayload>, ctx: JobContext<never>): Promise<JobResult> {
  const steps = 10;
  // What a handler stopped at a checkpoint returns: what it did so far.
  const stoppedAfter = (done: number): JobResult => ({
    success: true,
    itemsProcessed: done,
    errors: [],
    details: { stoppedAfterStep: done },
  });
  for (let step = 1; step <= steps && payload.sleepMs > 0; step++) {
    if (!payload.ignoreSignal && ctx.signal.aborted) return stoppedAfter(step - 1);
    try {
      await sleep(payload.sleepMs / steps, undefined, payload.ignoreSignal ? {} : { signal: ctx.signal });
    } catch (error) {
      if (ctx.signal.aborted) return stoppedAfter(step - 1);
      throw error;
    }
    await ctx.progress({ percent: step * 10, done: step, total: steps });
    ctx.log.info({ step }, `step ${step} of ${steps} done`);
  }
  if (ctx.attempt <= payload.failTimes) throw new Error(`${payload.errorMessage} (attempt ${ctx.attempt})`);
  if (payload.reportFailure) {
    return { success: false, itemsProcessed: 0, errors: [payload.errorMessage], details: { scripted: true } };
  }
  return { success: true, itemsProcessed: 1, errors: [], details: { attempt: ctx.attempt } };
}

export const testScript = defineJob({
  name: 'test_script',
  needs: [],
  description: 'Test only: sleeps, fails or reports failure as its payload says.',
  payload: scriptPayload,
  defaults: {
    attempts: 3,
    backoff: { type: 'fixed', delay: 100 },
    timeoutMs: 30_000,
    concurrency: 5,
    priority: 'MEDIUM',
  },
  handler: runScript,
});

/** Same script, with a one-second maximum run time. */
export const testBounded = defineJob({
  ...testScript,
  name: 'test_bounded',
  description: 'Test only: test_script with a maximum run time of one second.',
  defaults: { ...testScript.defaults, timeoutMs: 1000 },
});

/** Declared without a handler, as a new type is while it is being built: triggering it answers 501. */
export const testUnimplemented = defineJob({
  name: 'test_unimplemented',
  needs: [],
  description: 'Test only: a declared type with no handler yet.',
  payload: testNoop.payload,
  defaults: testNoop.defaults,
});

export const testJobs = [testNoop, testScript, testBounded, testUnimplemented] as const;

/**
 * A test type that declares a schedule (or, without one, a version that stopped declaring it): one
 * version of the code, for tests of declarations that change between deploys (start a process
 * with one version, then with another). Not in testJobs.
 */
export const declaringTestJob = (name: string, schedule?: ScheduleDeclaration): JobDefinition =>
  defineJob({
    name,
    needs: [],
    description: schedule
      ? `Test only: declares a schedule (${schedule.cron ?? `every ${schedule.everyMs} ms`}).`
      : 'Test only: a version of a type that declares no schedule.',
    payload: z.strictObject({ region: z.string().default('eu') }),
    defaults: {
      attempts: 1,
      backoff: { type: 'fixed', delay: 100 },
      timeoutMs: 10_000,
      concurrency: 1,
      priority: 'MEDIUM',
    },
    ...(schedule ? { schedule } : {}),
    handler: async () => ({ success: true, itemsProcessed: 0 }),
  });
