import type { JobLogger } from '@scheduler/jobs';
import { type ScheduleFiring, type TickData, tickSlot } from '@scheduler/runtime';
import type { Job } from 'bullmq';

export interface TickDeps {
  firing: ScheduleFiring;
  log: JobLogger;
}

/**
 * Hands one tick of a schedule to the firing engine, which decides what its slot does (a run,
 * the missed-run or overlap policy, nothing while paused) holding the schedule's row. BullMQ
 * delivers each slot's tick once to one replica; a tick delivered again (its worker died midway)
 * finds its slot settled, or makes the same run (named by the tick's id), never a second one.
 */
export function createTickProcessor({ firing, log }: TickDeps) {
  return async (tick: Job<TickData>) => {
    const name = tick.data.scheduleName;
    const slotAt = tickSlot(tick);
    const outcome = await firing.onTick(name, slotAt, tick.id ?? null);
    const where = { schedule: name, slot: slotAt.toISOString(), tickId: tick.id };
    if ('runId' in outcome) log.info({ ...where, jobId: outcome.runId }, 'schedule fired');
    else if ('deferred' in outcome) {
      log.warn({ ...where, reason: outcome.deferred }, 'schedule slot waits: its queue is not served');
    } else if ('skipped' in outcome) log.info({ ...where, reason: outcome.skipped }, 'schedule slot not run');
    return outcome;
  };
}
