import type { ScheduleRecord, ScheduleStore } from '@scheduler/db';
import { errorMessage } from '@scheduler/jobs';
import type { Queue } from 'bullmq';
import { withTimeout } from '../with-timeout.ts';
import { repeatOptionsOf } from './timing.ts';

// Mirroring runs inside the schedules lock: a Redis that does not answer must not hold it.
const REDIS_TIMEOUT_MS = 3000;
const redis = <T>(work: Promise<T>) => withTimeout(work, REDIS_TIMEOUT_MS, 'Redis');

/** The queue of schedule ticks: each slot of each schedule is one job here, exactly once. */
export const SCHEDULE_QUEUE = 'schedules';

export interface TickData {
  scheduleName: string;
}

/**
 * Mirrors the `schedules` table into BullMQ job schedulers on the schedule queue: enabled
 * schedules are upserted (idempotent: the next slot keeps its job id), disabled and unknown
 * ones removed. A tick only names its schedule; the worker reads the row when it fires, so the
 * table stays the truth even between a change and its mirroring.
 */
export function createScheduleMirror(store: ScheduleStore, queue: Queue) {
  const apply = async (schedule: ScheduleRecord) => {
    if (!schedule.enabled) {
      await redis(queue.removeJobScheduler(schedule.name));
      return;
    }
    await redis(
      queue.upsertJobScheduler(schedule.name, repeatOptionsOf(schedule), {
        name: schedule.jobType,
        data: { scheduleName: schedule.name } satisfies TickData,
        opts: { removeOnComplete: { age: 24 * 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } },
      }),
    );
  };

  return {
    apply,

    /** Takes a removed schedule out of Redis: no slot of it fires again. */
    async remove(schedule: Pick<ScheduleRecord, 'name'>): Promise<void> {
      await redis(queue.removeJobScheduler(schedule.name));
    },

    /**
     * Makes Redis match the table, under the schedules lock. Every replica runs it at start-up
     * (after the declarations are reconciled); running it twice changes nothing.
     */
    async converge(): Promise<{ enabled: number; removed: string[] }> {
      return store.locked(async (tx) => {
        const schedules = await store.list(tx);
        for (const schedule of schedules) await apply(schedule);
        const known = new Set(schedules.filter((s) => s.enabled).map((s) => s.name));
        const removed: string[] = [];
        for (const mirrored of await redis(queue.getJobSchedulers(0, -1))) {
          const id = mirrored.key;
          if (!known.has(id)) {
            await redis(queue.removeJobScheduler(id));
            removed.push(id);
          }
        }
        return { enabled: known.size, removed };
      });
    },
  };
}

export type ScheduleMirror = ReturnType<typeof createScheduleMirror>;

/**
 * Reconciles the declared schedules (when `reconcile` is given) and converges Redis on the table
 * now and, while Postgres or Redis is away, again every few seconds until it works: a replica
 * starting during an outage must start anyway. Answers a handle to stop trying.
 */
export function keepConverging(
  mirror: ScheduleMirror,
  options: { reconcile?: () => Promise<object> },
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
  retryEveryMs = 5000,
) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;
  const attempt = () => {
    const converge = async () => ({ ...(await options.reconcile?.()), ...(await mirror.converge()) });
    converge().then(
      (converged) => log.info({ ...converged, failures }, 'schedules mirrored into BullMQ'),
      (error: unknown) => {
        // Said once, however long the outage: the line that ends it counts the tries.
        if (failures++ === 0) {
          const reason = errorMessage(error);
          log.warn(
            { reason },
            `could not mirror the schedules yet (${reason}); trying again every ${retryEveryMs / 1000} s`,
          );
        }
        if (!stopped) timer = setTimeout(attempt, retryEveryMs);
      },
    );
  };
  attempt();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
