import type { ScheduleStore } from '@scheduler/db';
import type { JobLogger } from '@scheduler/jobs';
import { JobAlreadyActiveError, type TickData, type TriggerDeps, triggerJob } from '@scheduler/runtime';
import type { Job } from 'bullmq';

export interface TickDeps {
  schedules: ScheduleStore;
  trigger: TriggerDeps;
  log: JobLogger;
}

/**
 * Turns one tick of a schedule into a run of its job type, started by `scheduler`. BullMQ
 * delivers each slot's tick once to one replica; if a tick is delivered again (its worker died
 * mid-way) the slot's run is found by its slot id and queued again, never created twice.
 */
export function createTickProcessor({ schedules, trigger, log }: TickDeps) {
  return async (tick: Job<TickData>) => {
    const name = tick.data.scheduleName;
    // The table is the truth: a tick that raced an edit or a disable obeys the row.
    const schedule = await schedules.get(name);
    if (!schedule?.enabled) {
      log.info({ schedule: name, slot: tick.id }, 'tick of a missing or disabled schedule; nothing run');
      return { skipped: schedule ? 'disabled' : 'unknown schedule' };
    }
    let run: Awaited<ReturnType<typeof triggerJob>>;
    try {
      run = await triggerJob(trigger, {
        jobType: schedule.jobType,
        payload: schedule.payload,
        priority: schedule.priority ?? undefined,
        startedBy: 'scheduler',
        scheduleName: schedule.name,
        scheduleSlot: tick.id ?? null,
      });
    } catch (error) {
      if (!(error instanceof JobAlreadyActiveError)) throw error;
      // The previous run (or a manual one) is still going: this slot is skipped, not queued up.
      log.warn(
        { schedule: name, slot: tick.id, activeJobId: error.active.id },
        'schedule slot skipped: a run is still active',
      );
      return { skipped: 'a run of this type is still active', activeJobId: error.active.id };
    }
    log.info({ schedule: name, slot: tick.id, jobId: run.id, jobType: run.jobType }, 'schedule fired');
    return { runId: run.id };
  };
}
