import {
  type AuditLog,
  isDatabaseUnavailable,
  type JobRecord,
  type NewLogLine,
  type ScheduleMisses,
  type ScheduleRecord,
  type ScheduleStore,
  type Sql,
  UNFINISHED_STATUSES,
  type WorkerHeartbeats,
} from '@scheduler/db';
import { errorMessage, type JobLogger } from '@scheduler/jobs';
import type { Job } from 'bullmq';
import { cancelJob } from '../job-commands.ts';
import { isRedisUnavailable } from '../outage-log.ts';
import { JobAlreadyActiveError, type TriggerDeps, triggerJob } from '../trigger.ts';
import { withTimeout } from '../with-timeout.ts';
import { effectiveGraceMs } from './grace.ts';
import type { ScheduleMirror } from './mirror.ts';
import { isPaused, type OverdueReason, openAfter } from './overdue.ts';
import { slotsBetween } from './slots.ts';
import { nextFireTime } from './timing.ts';

/**
 * The id of a slot's run: the id BullMQ gives the slot's tick (`repeat:<scheduler>:<ms>`), so a
 * tick delivered twice, a tick that comes after the slot was settled without it, and a settling
 * done twice all name the same run, and Postgres's unique slot index keeps it one run.
 */
export const slotKey = (scheduleName: string, slotAt: Date) => `repeat:${scheduleName}:${slotAt.getTime()}`;

/**
 * The slot a BullMQ job-scheduler tick stands for. BullMQ names each tick `repeat:<id>:<ms>`
 * after the slot's time (job-scheduler.js getSchedulerNextJobId; updateJobScheduler.lua); the
 * options' prevMillis holds it too for crons, and the delay counts from when the tick was made
 * to it. Read in that order, so a change of any one of them in BullMQ still finds the slot.
 */
export function tickSlot(tick: Pick<Job, 'id' | 'opts' | 'timestamp'>): Date {
  const fromId = tick.id ? /^repeat:.+:(\d+)$/.exec(tick.id)?.[1] : undefined;
  if (fromId) return new Date(Number(fromId));
  const prevMillis = (tick.opts as { prevMillis?: unknown }).prevMillis;
  if (typeof prevMillis === 'number' && prevMillis > 0) return new Date(prevMillis);
  return new Date(tick.timestamp + (tick.opts.delay ?? 0));
}

export interface ScheduleFiringDeps {
  sql: Sql;
  schedules: ScheduleStore;
  misses: ScheduleMisses;
  heartbeats: WorkerHeartbeats;
  trigger: TriggerDeps;
  /** Re-creates a schedule's timer in Redis when it is found missing. */
  mirror: ScheduleMirror;
  /** Where the automatic end of a pause is recorded. */
  audit?: Pick<AuditLog, 'record'>;
  /** A cancel for the overlap policy is noted in the cancelled run's own log. */
  jobLogs?: { append(line: NewLogLine): void };
  log: JobLogger;
  /** A worker whose last heartbeat is older than this does not serve its queues. */
  liveWithinMs: number;
}

export type TickOutcome =
  | { runId: string }
  | { skipped: string; activeJobId?: string }
  | { queued: string; cancelled?: string }
  | { deferred: string }
  | { settled: SettledMiss };

interface SettledMiss {
  slots: number;
  action: 'skipped' | 'ran_once' | 'caught_up';
  runIds: string[];
}

// postgres.js sends an array of Dates as one timestamp: as text, Postgres reads each.
const isoTimes = (times: readonly Date[]) => times.map((t) => t.toISOString());

/** Catch-up slots still to run, oldest first, and the settling whose runs they become. */
interface CatchUp {
  slots: Date[];
  missId: string | null;
}

/** A run started for a slot, or what the overlap policy did instead. */
type Start =
  | { run: JobRecord }
  | { skipped: string; activeJobId?: string }
  | { queued: Date; cancelled?: string }
  | { failed: string };

// Redis calls made while a schedule row is locked: a Redis that does not answer must not hold it.
const REDIS_TIMEOUT_MS = 3000;

/**
 * The firing engine: what a slot of a schedule does, decided in one place for the tick that
 * BullMQ delivers and for the settling pass every worker runs. Each decision is made holding the
 * schedule's row lock and ends by advancing last_slot_at, so however many replicas, ticks and
 * passes race, each slot is settled once: run on time, or counted with the slots missed around
 * it and handled by the missed-run policy, or skipped, queued or cancelled-into by the overlap
 * policy.
 */
export function createScheduleFiring(deps: ScheduleFiringDeps) {
  const { sql, log } = deps;

  /** Whether a job type's queue is served now: a live worker takes it and it is not paused. */
  async function servedNow(jobType: string): Promise<true | Exclude<OverdueReason, 'not_fired'>> {
    const live = await deps.heartbeats.liveQueues(deps.liveWithinMs);
    if (!live.has(jobType)) return 'no_worker';
    const queue = deps.trigger.queues.get(jobType);
    if (queue && (await withTimeout(queue.isPaused(), REDIS_TIMEOUT_MS, 'Redis'))) return 'queue_paused';
    return true;
  }

  /**
   * The schedule and its catch-up still to run, its row locked until the transaction ends; null
   * when missing (or, skipping, locked by another replica).
   */
  async function lockSchedule(
    tx: Sql,
    name: string,
    { skipLocked }: { skipLocked: boolean },
  ): Promise<{ schedule: ScheduleRecord; catchUp: CatchUp } | null> {
    const [row] = skipLocked
      ? await tx`SELECT catch_up_slots, catch_up_miss_id FROM schedules WHERE name = ${name} FOR UPDATE SKIP LOCKED`
      : await tx`SELECT catch_up_slots, catch_up_miss_id FROM schedules WHERE name = ${name} FOR UPDATE`;
    if (!row) return null;
    // Read after the lock: no one can change the row until this transaction ends.
    const schedule = await deps.schedules.get(name);
    if (!schedule) return null;
    const slots = ((row.catch_up_slots as Date[] | null) ?? []).map((t) => new Date(t));
    return {
      schedule,
      catchUp: { slots, missId: row.catch_up_miss_id === null ? null : String(row.catch_up_miss_id) },
    };
  }

  /**
   * Starts the next catch-up slot's run once nothing of the schedule is unfinished: catch-up runs
   * go one after another. Its run joins its settling's runs.
   */
  async function continueCatchUp(tx: Sql, schedule: ScheduleRecord, catchUp: CatchUp): Promise<Start | null> {
    const [next, ...rest] = catchUp.slots;
    if (!next) return null;
    const key = slotKey(schedule.name, next);
    if (await runInTheWay(schedule, key)) return null;
    const started = await trigger(schedule, next, key);
    if ('skipped' in started) return null; // a run of its exclusive type got in first: next pass
    await tx`
      UPDATE schedules SET catch_up_slots = ${isoTimes(rest)}::text[]::timestamptz[],
        catch_up_miss_id = ${rest.length > 0 ? catchUp.missId : null}
      WHERE name = ${schedule.name}`;
    if ('run' in started && catchUp.missId) {
      await tx`
        UPDATE schedule_misses SET run_ids = array_append(run_ids, ${started.run.id}::uuid)
        WHERE id = ${catchUp.missId} AND last_slot_at >= ${next} AND NOT (${started.run.id}::uuid = ANY(run_ids))`;
    }
    catchUp.slots = rest;
    return started;
  }

  /** An unfinished run that a new one of this schedule would overlap: its own, or its exclusive type's. */
  async function runInTheWay(schedule: ScheduleRecord, exceptSlot: string | null): Promise<JobRecord | null> {
    const exclusive = deps.trigger.catalogue.get(schedule.jobType)?.exclusive ?? false;
    const [row] = await sql`
      SELECT id FROM scheduled_jobs
      WHERE status IN ${sql(UNFINISHED_STATUSES as unknown as string[])}
        AND (schedule_name = ${schedule.name} ${exclusive ? sql`OR overlap_key = ${schedule.jobType}` : sql``})
        AND schedule_slot IS DISTINCT FROM ${exceptSlot}
      ORDER BY created_at LIMIT 1`;
    return row ? deps.trigger.lifecycle.get(row.id as string) : null;
  }

  async function trigger(schedule: ScheduleRecord, slotAt: Date, key: string): Promise<Start> {
    try {
      const run = await triggerJob(deps.trigger, {
        jobType: schedule.jobType,
        payload: schedule.payload,
        priority: schedule.priority ?? undefined,
        tags: schedule.tags,
        startedBy: 'scheduler',
        scheduleName: schedule.name,
        scheduleSlot: key,
      });
      return { run };
    } catch (error) {
      if (error instanceof JobAlreadyActiveError) {
        return { skipped: 'a run of this type is still active', activeJobId: error.active.id };
      }
      // A payload the type no longer accepts, a type without a handler: the slot cannot run. It
      // is settled all the same (a failing slot must not be retried every second); the log says why.
      const reason = errorMessage(error);
      log.error({ schedule: schedule.name, slot: slotAt.toISOString(), reason }, 'schedule slot could not start a run');
      return { failed: reason };
    }
  }

  /**
   * Starts the run of a slot, or applies the overlap policy when a run of the schedule is
   * unfinished or catch-up runs are still to come (they go first; `cancel` drops them).
   */
  async function start(
    tx: Sql,
    schedule: ScheduleRecord,
    catchUp: CatchUp,
    slotAt: Date,
    key = slotKey(schedule.name, slotAt),
  ): Promise<Start> {
    if (catchUp.slots.length > 0 && schedule.overlapPolicy === 'cancel') {
      await tx`UPDATE schedules SET catch_up_slots = '{}', catch_up_miss_id = NULL WHERE name = ${schedule.name}`;
      log.info({ schedule: schedule.name, dropped: catchUp.slots.length }, 'catch-up runs dropped for a new slot');
      catchUp.slots = [];
    }
    const inTheWay = await runInTheWay(schedule, key);
    if (!inTheWay && catchUp.slots.length === 0) {
      const waiting = schedule.queuedSlotAt;
      if (waiting && waiting < slotAt) {
        // A slot still waits (the run it waited for has ended; no pass has started it yet). With
        // `queue` it goes first and this one waits behind it, so slots run in order, one at a
        // time; with `cancel` this newer slot supersedes it.
        if (schedule.overlapPolicy === 'queue') {
          const first = await trigger(schedule, waiting, slotKey(schedule.name, waiting));
          if ('run' in first) {
            await tx`UPDATE schedules SET queued_slot_at = ${slotAt} WHERE name = ${schedule.name}`;
            log.info(
              { schedule: schedule.name, slot: slotAt.toISOString(), jobId: first.run.id },
              'queued slot started; this slot waits behind it',
            );
            return { queued: slotAt } satisfies Start;
          }
        }
        await tx`UPDATE schedules SET queued_slot_at = NULL WHERE name = ${schedule.name}`;
      }
      return trigger(schedule, slotAt, key);
    }
    const slot = slotAt.toISOString();
    if (schedule.overlapPolicy === 'skip') {
      const why = inTheWay ? 'a run is still active' : 'catch-up runs go first';
      log.warn({ schedule: schedule.name, slot, activeJobId: inTheWay?.id }, `schedule slot skipped: ${why}`);
      return inTheWay ? { skipped: why, activeJobId: inTheWay.id } : { skipped: why };
    }
    // queue and cancel: this slot's run starts once the one in the way has ended (at most one waits).
    await tx`UPDATE schedules SET queued_slot_at = ${slotAt} WHERE name = ${schedule.name}`;
    if (schedule.overlapPolicy === 'queue' || !inTheWay) {
      log.info(
        { schedule: schedule.name, slot, activeJobId: inTheWay?.id },
        'schedule slot queued behind the active run',
      );
      return { queued: slotAt } satisfies Start;
    }
    const reason = `cancelled by schedule "${schedule.name}": its slot ${slot} is due and its overlap policy is cancel`;
    try {
      await cancelJob(deps.trigger, inTheWay.id, reason);
      deps.jobLogs?.append({
        jobId: inTheWay.id,
        level: 'warn',
        message: reason,
        data: { schedule: schedule.name, slot },
      });
      log.info(
        { schedule: schedule.name, slot, cancelled: inTheWay.id },
        'schedule cancelled the active run for its slot',
      );
    } catch (error) {
      // Ended meanwhile (the table refused the cancel): the queued run starts at the next pass.
      log.info(
        { schedule: schedule.name, jobId: inTheWay.id, err: error },
        'the run in the way could not be cancelled',
      );
    }
    return { queued: slotAt, cancelled: inTheWay.id } satisfies Start;
  }

  const outcomeOf = (started: Start): TickOutcome => {
    if ('run' in started) return { runId: started.run.id };
    if ('queued' in started) {
      return started.cancelled
        ? { queued: started.queued.toISOString(), cancelled: started.cancelled }
        : { queued: started.queued.toISOString() };
    }
    if ('failed' in started) return { skipped: started.failed };
    return started;
  };

  async function advance(tx: Sql, schedule: ScheduleRecord, slotAt: Date) {
    await tx`
      UPDATE schedules SET last_slot_at = GREATEST(coalesce(last_slot_at, ${slotAt}), ${slotAt})
      WHERE name = ${schedule.name}`;
  }

  /**
   * Settles every open slot up to `until` in one go: the missed ones by the missed-run policy (one
   * schedule_misses row), `onTime` (a slot whose tick came in time) as an ordinary run.
   */
  async function settleMissed(
    tx: Sql,
    schedule: ScheduleRecord,
    catchUp: CatchUp,
    now: Date,
    until: Date,
    onTime: Date | null,
  ): Promise<TickOutcome> {
    const from = openAfter(schedule);
    const max = schedule.catchUpMax ?? 1;
    const missed = slotsBetween(schedule, from, onTime ? new Date(onTime.getTime() - 1) : until, Math.max(max, 1));
    if (!missed) {
      if (!onTime) return { skipped: 'no open slot' };
      const started = await start(tx, schedule, catchUp, onTime);
      await advance(tx, schedule, onTime);
      return outcomeOf(started);
    }
    const runIds: string[] = [];
    let action: SettledMiss['action'] = 'skipped';
    const note = (started: Start) => {
      if ('run' in started) runIds.push(started.run.id);
    };
    if (schedule.missedPolicy === 'run_once') {
      // One run for all of them: the on-time slot's own run when there is one, else the newest slot's.
      note(await start(tx, schedule, catchUp, onTime ?? missed.last));
      action = 'ran_once';
    }
    // Catch-up: the newest slots within the window, run one after another (the first now if the
    // way is free, the others by the passes as each run ends).
    const windowStart = schedule.catchUpWindowMs === null ? -Infinity : now.getTime() - schedule.catchUpWindowMs;
    const toCatchUp =
      schedule.missedPolicy === 'catch_up'
        ? missed.newest.filter((slot) => slot.getTime() > windowStart).slice(-max)
        : [];
    // An on-time slot comes after them, in order.
    if (schedule.missedPolicy === 'catch_up' && onTime) toCatchUp.push(onTime);
    if (toCatchUp.length > 0) action = 'caught_up';
    if (action === 'ran_once' && runIds.length === 0) action = 'skipped';
    const miss = await deps.misses.record(
      {
        scheduleName: schedule.name,
        firstSlotAt: missed.first,
        lastSlotAt: missed.last,
        slots: missed.count,
        policy: schedule.missedPolicy,
        action,
        runIds,
      },
      tx,
    );
    if (toCatchUp.length > 0) {
      await tx`
        UPDATE schedules SET catch_up_slots = ${isoTimes(toCatchUp)}::text[]::timestamptz[], catch_up_miss_id = ${miss.id}
        WHERE name = ${schedule.name}`;
      catchUp.slots = toCatchUp;
      catchUp.missId = miss.id;
      const first = await continueCatchUp(tx, schedule, catchUp);
      if (first) note(first);
    }
    if (onTime && schedule.missedPolicy === 'skip') await start(tx, schedule, catchUp, onTime);
    const newest = onTime && onTime > missed.last ? onTime : missed.last;
    await advance(tx, schedule, newest);
    log.warn(
      {
        schedule: schedule.name,
        firstSlot: missed.first.toISOString(),
        lastSlot: missed.last.toISOString(),
        slots: missed.count,
        policy: schedule.missedPolicy,
        action,
        runIds,
      },
      `schedule missed ${missed.count} slot(s); ${action.replace('_', ' ')}`,
    );
    return { settled: { slots: missed.count, action, runIds } };
  }

  /** Starts the queued slot's run once nothing of the schedule is running (or catching up) any more. */
  async function startQueued(tx: Sql, schedule: ScheduleRecord, catchUp: CatchUp) {
    if (!schedule.queuedSlotAt || catchUp.slots.length > 0) return;
    const key = slotKey(schedule.name, schedule.queuedSlotAt);
    if (await runInTheWay(schedule, key)) return;
    const started = await trigger(schedule, schedule.queuedSlotAt, key);
    await tx`UPDATE schedules SET queued_slot_at = NULL WHERE name = ${schedule.name}`;
    if ('run' in started) {
      log.info(
        { schedule: schedule.name, slot: schedule.queuedSlotAt, jobId: started.run.id },
        'queued schedule run started',
      );
    }
  }

  /** The end of a pause that ran out by itself: logged and audited once (paused_at is cleared then). */
  async function notePauseEnded(tx: Sql, schedule: ScheduleRecord, now: Date) {
    const { pausedUntil, pausedAt } = schedule;
    if (!pausedUntil || !pausedAt || pausedUntil > now) return;
    await tx`UPDATE schedules SET paused_at = NULL WHERE name = ${schedule.name}`;
    // A resume by hand sets paused_until in the same statement as updated_at, and is audited by its route.
    if (pausedUntil.getTime() === schedule.updatedAt.getTime()) return;
    log.info({ schedule: schedule.name, pausedUntil, pausedBy: schedule.pausedBy }, 'schedule pause ended; resumed');
    await deps.audit?.record({
      actorKind: 'service',
      actorUserId: null,
      actorClerkId: null,
      actorRole: 'system',
      action: 'schedule.resume',
      target: schedule.name,
      details: { automatic: true, pausedUntil: pausedUntil.toISOString(), pausedBy: schedule.pausedBy },
      statusCode: 200,
      clientIp: null,
      requestId: null,
    });
  }

  /** Schedules enabled in the table whose timer is missing from Redis get it back. */
  async function restoreLostTimers(): Promise<string[]> {
    const queue = deps.trigger.queues.schedules;
    const mirrored = new Set(
      (await withTimeout(queue.getJobSchedulers(0, -1), REDIS_TIMEOUT_MS, 'Redis')).map((s) => s.key),
    );
    const rows = await sql`SELECT name FROM schedules WHERE enabled`;
    const lost = rows.map((r) => r.name as string).filter((name) => !mirrored.has(name));
    const restored: string[] = [];
    for (const name of lost) {
      // Under the schedules lock, reading the row again: an edit, a disable or a delete made
      // meanwhile is not undone.
      await deps.schedules.locked(async () => {
        const schedule = await deps.schedules.get(name);
        // A timing with no next fire has no timer to restore (BullMQ keeps none for it).
        if (!schedule?.enabled || nextFireTime(schedule) === null) return;
        if (await withTimeout(queue.getJobScheduler(name), REDIS_TIMEOUT_MS, 'Redis')) return;
        await deps.mirror.apply(schedule);
        restored.push(name);
      });
    }
    if (restored.length > 0) {
      log.warn(
        { schedules: restored },
        'schedule timers were missing from Redis; restored (missed slots are settled by policy)',
      );
    }
    return restored;
  }

  return {
    /**
     * A tick delivered by BullMQ for `slotAt`. On time, with no open slot before it and the queue
     * served: the slot's run (overlap policy permitting). Late, or after slots that never ticked:
     * every open slot settles by the missed-run policy. Not served: nothing now (the slot stays
     * open and settles, by policy, once the queue is served again).
     */
    async onTick(name: string, slotAt: Date, tickId: string | null): Promise<TickOutcome> {
      return sql.begin(async (tx) => {
        const locked = await lockSchedule(tx as unknown as Sql, name, { skipLocked: false });
        if (!locked?.schedule.enabled) return { skipped: locked ? 'disabled' : 'unknown schedule' };
        const { schedule, catchUp } = locked;
        const now = new Date();
        if (schedule.pausedUntil && slotAt <= schedule.pausedUntil) {
          return { skipped: `paused until ${schedule.pausedUntil.toISOString()}` };
        }
        // Settled already: a tick delivered again, or one whose slot a settling pass took.
        if (slotAt <= openAfter(schedule)) return { skipped: 'slot already settled' };
        // A cron fires only at the instants its next-time function names: a tick at any other
        // (a timer made before the daylight-saving rules, firing a repeated local time twice) is
        // refused, and the slot it stood for settles like any other.
        if (schedule.cron !== null) {
          const expected = nextFireTime(schedule, new Date(slotAt.getTime() - 1));
          if (expected && expected.getTime() !== slotAt.getTime()) {
            log.warn({ schedule: name, slot: slotAt.toISOString(), expected }, 'tick at an instant that is not a slot');
            return { skipped: 'not a slot of this timing' };
          }
        }
        const served = await servedNow(schedule.jobType);
        if (served !== true) return { deferred: served };
        const late = now.getTime() > slotAt.getTime() + effectiveGraceMs(schedule, now);
        const gap = slotsBetween(schedule, openAfter(schedule), new Date(slotAt.getTime() - 1));
        if (!late && !gap) {
          const started = await start(tx as unknown as Sql, schedule, catchUp, slotAt, tickId ?? slotKey(name, slotAt));
          await advance(tx as unknown as Sql, schedule, slotAt);
          return outcomeOf(started);
        }
        const until = new Date(Math.max(now.getTime(), slotAt.getTime()));
        return settleMissed(tx as unknown as Sql, schedule, catchUp, now, until, late ? null : slotAt);
      }) as Promise<TickOutcome>;
    },

    /**
     * One settling pass (every replica runs it, every few seconds): pauses that ended are noted,
     * queued runs start when the way is free, slots nobody ran within their grace are settled
     * by policy while their queue is served, and timers lost from Redis are put back. A schedule
     * another replica is settling is skipped (SKIP LOCKED), not waited for.
     */
    async settle(now = new Date()): Promise<{ settled: string[]; restored: string[] }> {
      const settled: string[] = [];
      const names = (await sql`SELECT name FROM schedules WHERE enabled ORDER BY name`).map((r) => r.name as string);
      const served = new Map<string, Awaited<ReturnType<typeof servedNow>>>();
      for (const name of names) {
        await settleOne(name).catch((error: unknown) => {
          // Postgres or Redis away ends the pass (the next one tries again); anything else is
          // this schedule's alone, and the others are still settled.
          if (isDatabaseUnavailable(error) || isRedisUnavailable(error)) throw error;
          log.error({ err: error, schedule: name }, 'could not settle the slots of a schedule');
        });
      }
      const restored = await restoreLostTimers();
      return { settled, restored };

      async function settleOne(name: string) {
        await sql.begin(async (begun) => {
          const tx = begun as unknown as Sql;
          const locked = await lockSchedule(tx, name, { skipLocked: true });
          if (!locked?.schedule.enabled) return;
          const { schedule, catchUp } = locked;
          await notePauseEnded(tx, schedule, now);
          if (isPaused(schedule, now)) return;
          await continueCatchUp(tx, schedule, catchUp);
          await startQueued(tx, schedule, catchUp);
          const graceMs = effectiveGraceMs(schedule, now);
          const overdue = slotsBetween(schedule, openAfter(schedule), new Date(now.getTime() - graceMs));
          if (!overdue) return;
          if (!served.has(schedule.jobType)) served.set(schedule.jobType, await servedNow(schedule.jobType));
          if (served.get(schedule.jobType) !== true) return;
          const outcome = await settleMissed(tx, schedule, catchUp, now, now, null);
          if ('settled' in outcome) settled.push(name);
        });
      }
    },
  };
}

export type ScheduleFiring = ReturnType<typeof createScheduleFiring>;

/**
 * Runs `firing.settle` every `everyMs` until stopped; one pass at a time, a failing pass logged
 * (Postgres or Redis away) and tried again at the next.
 */
export function keepSettling(
  firing: ScheduleFiring,
  everyMs: number,
  onError: (error: unknown) => void,
  onSettled: (result: { settled: string[]; restored: string[] }) => void = () => {},
) {
  let running: Promise<void> | null = null;
  const pass = () => {
    if (running) return;
    running = firing
      .settle()
      .then(onSettled, onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(pass, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
