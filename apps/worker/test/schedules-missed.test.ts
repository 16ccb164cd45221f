import { setTimeout as sleep } from 'node:timers/promises';
import { createRedis, describeMiss, slotKey } from '@scheduler/runtime';
import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRuntime } from '../src/index.ts';

/**
 * Slots nobody ran: a worker fleet stopped across them, a tick delivered twice, Redis losing the
 * timers. Each schedule fires every second; its grace (how late a slot's run may start) is 2.5 s.
 */
let h: Harness;
let worker: WorkerRuntime;

beforeAll(async () => {
  h = await createHarness();
  worker = await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});

interface Policy {
  missedPolicy: 'skip' | 'run_once' | 'catch_up';
  catchUpMax?: number;
}

async function createEverySecond(name: string, policy: Policy) {
  const res = await h.call('PUT', `/api/schedules/${name}`, { jobType: 'test_noop', everyMs: 1000 });
  expect(res.statusCode).toBe(201);
  await h.sql`
    UPDATE schedules SET missed_policy = ${policy.missedPolicy}, catch_up_max = ${policy.catchUpMax ?? null},
      grace_ms = 2500
    WHERE name = ${name}`;
}

const runsOf = (name: string) =>
  h.sql`SELECT id, status, schedule_slot, created_at FROM scheduled_jobs WHERE schedule_name = ${name} ORDER BY created_at`;
const slotOf = (key: string) => Number(key.split(':').pop());
const missesOf = (name: string) => h.sql`SELECT * FROM schedule_misses WHERE schedule_name = ${name} ORDER BY id`;

async function completedRuns(name: string, atLeast: number) {
  return waitFor(
    `${atLeast} completed runs of ${name}`,
    async () => {
      const runs = await runsOf(name);
      return runs.filter((r) => r.status === 'completed').length >= atLeast ? runs : null;
    },
    { timeoutMs: 15_000 },
  );
}

describe('missed slots', () => {
  it('a fleet stopped across 3+ slots: one settling per schedule when it returns, as its policy says; then on time again', async () => {
    await createEverySecond('missed-skip', { missedPolicy: 'skip' });
    await createEverySecond('missed-once', { missedPolicy: 'run_once' });
    await createEverySecond('missed-catch-up', { missedPolicy: 'catch_up', catchUpMax: 2 });
    const names = ['missed-skip', 'missed-once', 'missed-catch-up'];
    for (const name of names) await completedRuns(name, 1);

    // The whole fleet goes (cleanly: its heartbeat says it stopped), for 4 seconds.
    await worker.close(1000);
    const [beat] = await h.sql`SELECT stopped_at, queues FROM worker_heartbeats`;
    expect(beat?.stopped_at).not.toBeNull();
    expect(beat?.queues).toEqual(expect.arrayContaining(['test_noop', 'schedules']));
    const settledBefore = new Map<string, number>();
    for (const name of names) {
      const [row] = await h.sql`SELECT last_slot_at FROM schedules WHERE name = ${name}`;
      settledBefore.set(name, (row?.last_slot_at as Date | undefined)?.getTime() as number);
    }
    await sleep(4000);
    expect(await h.sql`SELECT 1 FROM schedule_misses`).toHaveLength(0); // nobody to settle them
    worker = await h.startWorker();

    const misses = new Map<string, Record<string, unknown>>();
    for (const name of names) {
      const [miss] = await waitFor(`${name} to settle its missed slots`, async () => {
        const rows = await missesOf(name);
        return rows.length > 0 ? rows : null;
      });
      misses.set(name, miss as Record<string, unknown>);
    }
    // On time again: each schedule runs a few slots after the settling, with no further miss.
    const settledAt = Date.now();
    await sleep(3500);

    for (const name of names) {
      // As it stands now (a catch-up adds its runs as they start).
      const [miss] = (await missesOf(name)) as unknown as Record<string, unknown>[];
      if (!miss) throw new Error(`no miss of ${name}`);
      const first = (miss.first_slot_at as Date).getTime();
      const last = (miss.last_slot_at as Date).getTime();
      // The slots from the one after the last settled, every second, to the last missed.
      expect(first).toBe((settledBefore.get(name) as number) + 1000);
      expect(miss.slots).toBe((last - first) / 1000 + 1);
      expect(miss.slots as number).toBeGreaterThanOrEqual(3);
      expect(await missesOf(name)).toHaveLength(1);

      const runs = await runsOf(name);
      const inMissed = runs.filter((r) => slotOf(r.schedule_slot) >= first && slotOf(r.schedule_slot) <= last);
      const after = runs.filter((r) => slotOf(r.schedule_slot) > last);
      expect(new Set(runs.map((r) => r.schedule_slot)).size).toBe(runs.length);
      expect(after.length).toBeGreaterThanOrEqual(2);
      expect(after.every((r) => r.created_at.getTime() >= settledAt - 2000)).toBe(true);
      expect(miss.run_ids).toEqual(inMissed.map((r) => r.id));
      if (name === 'missed-skip') {
        expect(miss).toMatchObject({ policy: 'skip', action: 'skipped' });
        expect(inMissed).toHaveLength(0);
      } else if (name === 'missed-once') {
        expect(miss).toMatchObject({ policy: 'run_once', action: 'ran_once' });
        // One run, for the newest missed slot.
        expect(inMissed.map((r) => r.schedule_slot)).toEqual([slotKey(name, new Date(last))]);
      } else {
        expect(miss).toMatchObject({ policy: 'catch_up', action: 'caught_up' });
        expect(inMissed.map((r) => r.schedule_slot)).toEqual([
          slotKey(name, new Date(last - 1000)),
          slotKey(name, new Date(last)),
        ]);
        // One after another, not at once (a type that runs one at a time could not take them together).
        const [older, newer] = (await h.sql`
          SELECT created_at, completed_at FROM scheduled_jobs WHERE id IN ${h.sql(inMissed.map((r) => r.id))}
          ORDER BY created_at`) as unknown as { created_at: Date; completed_at: Date }[];
        expect(newer?.created_at.getTime()).toBeGreaterThanOrEqual(older?.completed_at.getTime() as number);
      }
    }

    // What the misses route and the summary say.
    const res = await h.call('GET', '/api/schedules/missed-once/misses?limit=5');
    expect(res.statusCode).toBe(200);
    const [listed] = res.json().misses;
    const miss = misses.get('missed-once') as Record<string, unknown>;
    expect(listed).toMatchObject({ scheduleName: 'missed-once', policy: 'run_once', action: 'ran_once' });
    expect(listed.summary).toBe(
      describeMiss(
        {
          firstSlotAt: miss.first_slot_at as Date,
          lastSlotAt: miss.last_slot_at as Date,
          slots: miss.slots as number,
          action: 'ran_once',
          runIds: miss.run_ids as string[],
          settledAt: miss.settled_at as Date,
        },
        'UTC',
      ),
    );
    expect(listed.summary).toMatch(/^missed \d\d:\d\d:\d\d–\d\d:\d\d:\d\d \(\d+ slots\): ran once at \d\d:\d\d:\d\d$/);
    for (const name of names) await h.call('PUT', `/api/schedules/${name}`, { enabled: false });
  });

  it('a paused queue: its slots wait (not run into the paused queue), and settle once by policy when it resumes', async () => {
    await createEverySecond('queue-paused', { missedPolicy: 'run_once' });
    await completedRuns('queue-paused', 1);
    expect((await h.call('POST', '/api/queues/test_noop/pause')).statusCode).toBe(200);
    const [row] = await h.sql`SELECT last_slot_at FROM schedules WHERE name = 'queue-paused'`;
    const settledBefore = (row?.last_slot_at as Date | undefined)?.getTime() as number;
    await sleep(4000);
    expect(await missesOf('queue-paused')).toHaveLength(0);
    expect((await runsOf('queue-paused')).filter((r) => slotOf(r.schedule_slot) > settledBefore)).toEqual([]);
    const ticks = await h.queues().schedules.getCompleted(0, 1000);
    expect(
      ticks.some((t) => t.data.scheduleName === 'queue-paused' && t.returnvalue?.deferred === 'queue_paused'),
    ).toBe(true);

    expect((await h.call('POST', '/api/queues/test_noop/resume')).statusCode).toBe(200);
    const [miss] = await waitFor('the waiting slots to settle', async () => {
      const rows = await missesOf('queue-paused');
      return rows.length > 0 ? rows : null;
    });
    expect(miss).toMatchObject({ policy: 'run_once', action: 'ran_once' });
    expect(miss?.slots as number).toBeGreaterThanOrEqual(3);
    expect((miss?.first_slot_at as Date | undefined)?.getTime()).toBe(settledBefore + 1000);
    expect(miss?.run_ids).toHaveLength(1);
    await h.call('PUT', '/api/schedules/queue-paused', { enabled: false });
  });

  it('a tick delivered twice makes one run: the second finds its slot settled', async () => {
    await createEverySecond('twice', { missedPolicy: 'run_once' });
    const [run] = await completedRuns('twice', 1);
    const key = run?.schedule_slot as string;
    const queue = h.queues().schedules;
    // BullMQ delivers a tick again when its worker died midway: the same job id, for the same slot.
    await queue.remove(key);
    const again = await queue.add('test_noop', { scheduleName: 'twice' }, { jobId: key });
    const outcome = await waitFor('the tick to be taken again', async () => {
      const job = await queue.getJob(again.id as string);
      return job?.finishedOn ? job.returnvalue : null;
    });
    expect(outcome).toEqual({ skipped: 'slot already settled' });
    expect((await runsOf('twice')).filter((r) => r.schedule_slot === key)).toHaveLength(1);
    expect(await missesOf('twice')).toHaveLength(0);
    await h.call('PUT', '/api/schedules/twice', { enabled: false });
  });

  it('a tick at an instant its timing does not name (a second 02:30 from an old timer) is refused', async () => {
    const res = await h.call('PUT', '/api/schedules/every-second-cron', { jobType: 'test_noop', cron: '* * * * * *' });
    expect(res.statusCode).toBe(201);
    await completedRuns('every-second-cron', 1);
    const offGrid = Math.floor(Date.now() / 1000) * 1000 + 2500; // half a second past a slot, soon
    const queue = h.queues().schedules;
    const tick = await queue.add(
      'test_noop',
      { scheduleName: 'every-second-cron' },
      { jobId: `repeat:every-second-cron:${offGrid}`, delay: Math.max(0, offGrid - Date.now()) },
    );
    const outcome = await waitFor(
      'the tick to be refused',
      async () => {
        const job = await queue.getJob(tick.id as string);
        return job?.finishedOn ? job.returnvalue : null;
      },
      { timeoutMs: 10_000 },
    );
    expect(outcome).toEqual({ skipped: 'not a slot of this timing' });
    expect((await runsOf('every-second-cron')).filter((r) => slotOf(r.schedule_slot) === offGrid)).toEqual([]);
    await h.call('PUT', '/api/schedules/every-second-cron', { enabled: false });
  });

  it('Redis losing the timers is noticed: they are put back, and the slots lost meanwhile settle by policy', async () => {
    // A settling pass every 4 s here: the timers stay lost across a few slots before it notices.
    await worker.close(1000);
    worker = await h.startWorker({ SCHEDULE_SETTLE_MS: '4000' });
    await createEverySecond('redis-lost', { missedPolicy: 'run_once' });
    await completedRuns('redis-lost', 1);
    // Everything of the schedule queue in Redis goes (the timers and their next ticks), not Redis itself.
    const redis = createRedis(h.env().REDIS_URL as string, 'worker');
    const keys = await redis.keys(`${h.queuePrefix}:schedules:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    expect(await h.queues().schedules.getJobScheduler('redis-lost')).toBeUndefined();

    await waitFor('the timer to be back', async () => h.queues().schedules.getJobScheduler('redis-lost'));
    const [miss] = await waitFor('the lost slots to be settled', async () => {
      const rows = await missesOf('redis-lost');
      return rows.length > 0 ? rows : null;
    });
    expect(miss).toMatchObject({ policy: 'run_once', action: 'ran_once' });
    expect(miss?.run_ids).toHaveLength(1);
    // And it fires again on time.
    const last = (miss?.last_slot_at as Date | undefined)?.getTime() as number;
    await waitFor('a run after the lost slots', async () =>
      (await runsOf('redis-lost')).some((r) => slotOf(r.schedule_slot) > last && r.status === 'completed'),
    );
    const runs = await runsOf('redis-lost');
    expect(new Set(runs.map((r) => r.schedule_slot)).size).toBe(runs.length);
    await h.call('PUT', '/api/schedules/redis-lost', { enabled: false });
  });
});
