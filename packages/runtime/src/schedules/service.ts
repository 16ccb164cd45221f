import type {
  DECLARED_FIELDS,
  MissedPolicy,
  NewSchedule,
  OverlapPolicy,
  Priority,
  ScheduleActor,
  ScheduleChange,
  ScheduleRecord,
  ScheduleStore,
  Sql,
} from '@scheduler/db';
import { tagsProblem } from '@scheduler/db';
import { type Catalogue, errorMessage } from '@scheduler/jobs';
import { checkRunnable, InvalidPayloadError, JobNotImplementedError, UnknownJobTypeError } from '../trigger.ts';
import { declaredSchedules, differingFields, followDeclaration, type ScheduleDeclared } from './declarations.ts';
import type { ScheduleMirror } from './mirror.ts';
import { policyProblems } from './policies.ts';
import { canonicalTimeZone, timingProblems } from './timing.ts';

/** The longest pause: a schedule paused for longer should be disabled instead. */
export const MAX_PAUSE_MS = 90 * 24 * 3600 * 1000;

/** Who the code acts as when it creates or changes a declared schedule. */
const SYSTEM: ScheduleActor = { startedBy: 'system', startedByClerkId: null };

/** A change refused: the status and code the API answers with, and a message for a person. */
export class ScheduleError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 501 | 503,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** What an admin may set on a schedule; absent fields stay as they are. */
export interface ScheduleEdit {
  /** Required to create a schedule; cannot change after. */
  jobType?: string;
  /** Setting one way of timing clears the other. */
  cron?: string | null;
  everyMs?: number | null;
  timezone?: string;
  enabled?: boolean;
  payload?: Record<string, unknown>;
  priority?: Priority | null;
  description?: string | null;
  /** Copied onto every run; replaces the schedule's tags. */
  tags?: string[];
  missedPolicy?: MissedPolicy;
  catchUpMax?: number | null;
  catchUpWindowMs?: number | null;
  overlapPolicy?: OverlapPolicy;
  graceMs?: number | null;
}

export interface ReconcileResult {
  /** Declarations that got their schedule now. */
  created: string[];
  /** Schedules changed to follow a changed declaration. */
  followed: string[];
  /** Overridden schedules whose declaration changed: only `declared` moved (the drift shows). */
  drifted: string[];
  /** Overridden schedules their type no longer declares: now an admin's own. */
  released: string[];
  /** Schedules their type no longer declares that nobody overrode: removed with the declaration. */
  retired: string[];
}

export interface ScheduleServiceDeps {
  store: ScheduleStore;
  mirror: ScheduleMirror;
  catalogue: Catalogue;
}

/**
 * Every rule about changing schedules, whoever asks (the API, a deploy's reconcile): merging a
 * change with the row, validation, overrides of declared schedules, and the mirror into BullMQ.
 * Each change is read, checked, written and mirrored in one transaction under the schedules lock,
 * so a refusal (or Redis refusing the mirror) writes nothing, and a replica converging meanwhile
 * cannot re-apply an old version.
 */
export function createScheduleService({ store, mirror, catalogue }: ScheduleServiceDeps) {
  const declarations = declaredSchedules(catalogue);
  const declarationOf = (name: string) => declarations.find((d) => d.name === name);

  /** Runs `work` under the lock; a Redis that does not take the mirror undoes it all. */
  const mirrored = <T>(work: (tx: Sql, apply: (s: ScheduleRecord) => Promise<void>) => Promise<T>) =>
    store.locked((tx) => work(tx, (schedule) => redisOrRollBack(() => mirror.apply(schedule))));

  const existing = async (tx: Sql, name: string) => {
    const schedule = await store.get(name, tx);
    if (!schedule) throw new ScheduleError(404, 'not_found', `No schedule named "${name}"`);
    return schedule;
  };

  /**
   * An admin's change of a declared field overrides the declaration (who, when); one that makes
   * the schedule equal to its declaration again ends the override.
   */
  const overrideAfter = (
    before: ScheduleRecord | null,
    after: Pick<ScheduleRecord, (typeof DECLARED_FIELDS)[number]>,
    declared: ScheduleRecord['declared'],
    actor: ScheduleActor,
  ): Pick<ScheduleChange, 'overridden'> => {
    if (!declared) return {};
    const touched = !before || differingFields(after, before).length > 0;
    if (!touched) return {};
    return { overridden: differingFields(after, declared).length > 0 ? actor : null };
  };

  return {
    /** The schedules the catalogue declares. */
    declarations,

    /**
     * Changes a schedule, or creates it (with jobType and a timing). Answers the schedule and
     * whether it was created.
     */
    async put(
      name: string,
      edit: ScheduleEdit,
      actor: ScheduleActor,
    ): Promise<{ schedule: ScheduleRecord; created: boolean }> {
      return mirrored(async (tx, apply) => {
        const before = await store.get(name, tx);
        if (!before && !edit.jobType) {
          throw new ScheduleError(
            404,
            'not_found',
            `No schedule named "${name}"; give jobType and cron or everyMs to create it`,
          );
        }
        if (before && edit.jobType && edit.jobType !== before.jobType) {
          throw new ScheduleError(
            400,
            'validation_failed',
            `jobType of "${name}" is ${before.jobType} and cannot change`,
          );
        }
        const jobType = before?.jobType ?? (edit.jobType as string);
        const merged = merge(before, edit);
        checkSchedule(catalogue, jobType, merged);

        if (!before) {
          // Made again under a declared name (say, after its removal): it is that declaration's.
          const declaration = declarationOf(name);
          const declared = declaration?.jobType === jobType ? declaration.declared : null;
          const schedule: NewSchedule = {
            name,
            jobType,
            ...merged,
            enabled: edit.enabled ?? true,
            declared,
          };
          const created = await store.insert(tx, schedule, actor);
          if (!created) throw new ScheduleError(409, 'conflict', `Schedule "${name}" was created meanwhile; try again`);
          const overridden = overrideAfter(null, merged, declared, actor);
          const final = overridden.overridden ? await store.write(tx, name, overridden, null) : created;
          await apply(final as ScheduleRecord);
          return { schedule: final as ScheduleRecord, created: true };
        }
        const change: ScheduleChange = {
          ...merged,
          ...(edit.enabled !== undefined ? { enabled: edit.enabled } : {}),
          ...overrideAfter(before, merged, before.declared, actor),
        };
        const updated = (await store.write(tx, name, change, actor)) as ScheduleRecord;
        await apply(updated);
        return { schedule: updated, created: false };
      });
    },

    /**
     * Deletes a schedule and its timer; a declared one stays removed across deploys until it is
     * created again or restored. Answers the removed schedule.
     */
    async remove(name: string, actor: ScheduleActor): Promise<ScheduleRecord> {
      return store.locked(async (tx) => {
        const removed = await store.delete(tx, name, actor);
        if (!removed) throw new ScheduleError(404, 'not_found', `No schedule named "${name}"`);
        await redisOrRollBack(() => mirror.remove(removed));
        return removed;
      });
    },

    /**
     * Brings back the named declared schedules (all when no names) that do not exist, removed
     * ones included, as their code declares them; schedules that exist are left as they are.
     */
    async restoreDeclared(names?: readonly string[]): Promise<ScheduleRecord[]> {
      const unknown = (names ?? []).filter((n) => !declarationOf(n));
      if (unknown.length > 0) {
        throw new ScheduleError(400, 'validation_failed', `No job type declares ${unknown.join(', ')}`, {
          declared: declarations.map((d) => d.name),
        });
      }
      const wanted = declarations.filter((d) => !names || names.includes(d.name));
      return mirrored(async (tx, apply) => {
        const restored: ScheduleRecord[] = [];
        for (const declaration of wanted) {
          const created = await store.insert(tx, newFromDeclaration(declaration), SYSTEM);
          if (created) {
            await apply(created);
            restored.push(created);
          }
        }
        return restored;
      });
    },

    /** Pauses a schedule until a time: no slot up to then runs or counts as missed. */
    async pause(name: string, until: Date, actor: ScheduleActor, now = new Date()): Promise<ScheduleRecord> {
      const ahead = until.getTime() - now.getTime();
      if (!(ahead > 0) || ahead > MAX_PAUSE_MS) {
        throw new ScheduleError(400, 'validation_failed', 'until: must be in the future, at most 90 days ahead', {
          problems: ['until: must be in the future, at most 90 days ahead'],
        });
      }
      return store.locked(async (tx) => {
        await existing(tx, name);
        return (await store.write(tx, name, { pause: { until, by: actor } }, actor)) as ScheduleRecord;
      });
    },

    /** Ends a pause now: the slots it held stay neither run nor missed. */
    async resume(name: string, actor: ScheduleActor): Promise<ScheduleRecord> {
      return store.locked(async (tx) => {
        const schedule = await existing(tx, name);
        const until = schedule.pausedUntil;
        if (!until || until.getTime() <= Date.now()) {
          throw new ScheduleError(409, 'not_paused', `Schedule "${name}" is not paused`, {
            pausedUntil: until?.toISOString() ?? null,
          });
        }
        return (await store.write(tx, name, { pause: { until: 'now' } }, actor)) as ScheduleRecord;
      });
    },

    /** Makes a declared schedule what its code says again and ends its override. */
    async reset(name: string, actor: ScheduleActor): Promise<ScheduleRecord> {
      return mirrored(async (tx, apply) => {
        const schedule = await existing(tx, name);
        if (!schedule.declared) {
          throw new ScheduleError(
            409,
            'not_declared',
            `Schedule "${name}" is not declared by code: nothing to reset to`,
          );
        }
        const reset = (await store.write(
          tx,
          name,
          { ...followDeclaration(schedule.declared), overridden: null },
          actor,
        )) as ScheduleRecord;
        await apply(reset);
        return reset;
      });
    },

    /**
     * Brings the table in line with the code's declarations, under the schedules lock (one
     * replica at a time; running it again changes nothing): a new declaration gets its schedule
     * (unless an admin removed it); a changed one is followed unless overridden, when only
     * `declared` moves; a schedule its type no longer declares goes with its declaration, or, if
     * an admin overrode it, stays as theirs. Redis is not touched: the mirror's converge runs
     * after (and takes a retired schedule's timer away).
     */
    async reconcileDeclared(): Promise<ReconcileResult> {
      const result: ReconcileResult = { created: [], followed: [], drifted: [], released: [], retired: [] };
      return store.locked(async (tx) => {
        const rows = new Map((await store.list(tx)).map((s) => [s.name, s]));
        const removed = await store.removedNames(tx);
        for (const declaration of declarations) {
          const row = rows.get(declaration.name);
          if (!row) {
            if (removed.has(declaration.name)) continue;
            if (await store.insert(tx, newFromDeclaration(declaration), SYSTEM)) result.created.push(declaration.name);
            continue;
          }
          // A name an admin uses for another type's schedule: theirs, left alone.
          if (row.jobType !== declaration.jobType) continue;
          const outcome = await reconcileOne(tx, row, declaration);
          if (outcome) result[outcome].push(row.name);
        }
        for (const row of rows.values()) {
          // Only this replica's own types: another version of the code may still declare the rest.
          if (!row.declared || !catalogue.get(row.jobType) || declarationOf(row.name)) continue;
          if (row.overriddenAt) {
            // An admin made it theirs: it stays, as their own.
            await store.write(tx, row.name, { declared: null, overridden: null }, null);
            result.released.push(row.name);
          } else {
            // The code's alone: it goes with its declaration (a renamed declaration must not leave
            // its old name firing beside the new one). Not recorded as an admin's removal.
            await store.retire(tx, row.name);
            result.retired.push(row.name);
          }
        }
        return result;
      });
    },
  };

  async function reconcileOne(
    tx: Sql,
    row: ScheduleRecord,
    { declared }: ScheduleDeclared,
  ): Promise<'followed' | 'drifted' | null> {
    const differs = differingFields(row, declared).length > 0;
    if (!row.declared) {
      // A schedule made before its type declared it (a default of an older version, or an
      // admin's under the same name): adopted, and where it differs, that is its admin's override.
      await store.write(
        tx,
        row.name,
        { declared, ...(differs ? { overridden: { startedBy: row.updatedBy, at: row.updatedAt } } : {}) },
        null,
      );
      return differs ? 'drifted' : null;
    }
    if (differingFields(row.declared, declared).length === 0) return null;
    if (row.overriddenAt) {
      // The code caught up with the admin's values: the override has nothing left to keep.
      await store.write(tx, row.name, { declared, ...(differs ? {} : { overridden: null }) }, null);
      return 'drifted';
    }
    await store.write(tx, row.name, { ...followDeclaration(declared), declared }, SYSTEM);
    return 'followed';
  }
}

export type ScheduleService = ReturnType<typeof createScheduleService>;

const newFromDeclaration = ({ name, jobType, enabled, declared }: ScheduleDeclared): NewSchedule => ({
  name,
  jobType,
  enabled,
  ...declared,
  declared,
});

/** The schedule's fields after an edit. Setting one way of timing clears the other. */
function merge(before: ScheduleRecord | null, edit: ScheduleEdit) {
  const timezone = edit.timezone ?? before?.timezone ?? 'UTC';
  const missedPolicy = edit.missedPolicy ?? before?.missedPolicy ?? 'run_once';
  // Leaving catch_up drops its bounds unless the edit names them (then they are refused).
  const keepBounds = missedPolicy === 'catch_up';
  return {
    cron: edit.cron !== undefined ? edit.cron : edit.everyMs != null ? null : (before?.cron ?? null),
    everyMs: edit.everyMs !== undefined ? edit.everyMs : edit.cron != null ? null : (before?.everyMs ?? null),
    timezone: canonicalTimeZone(timezone) ?? timezone,
    // Stored as given; the schema's defaults apply when a run is created.
    payload: edit.payload ?? before?.payload ?? {},
    priority: edit.priority !== undefined ? edit.priority : (before?.priority ?? null),
    description: edit.description !== undefined ? edit.description : (before?.description ?? null),
    tags: edit.tags ?? before?.tags ?? [],
    missedPolicy,
    catchUpMax: edit.catchUpMax !== undefined ? edit.catchUpMax : keepBounds ? (before?.catchUpMax ?? null) : null,
    catchUpWindowMs:
      edit.catchUpWindowMs !== undefined ? edit.catchUpWindowMs : keepBounds ? (before?.catchUpWindowMs ?? null) : null,
    overlapPolicy: edit.overlapPolicy ?? before?.overlapPolicy ?? 'skip',
    graceMs: edit.graceMs !== undefined ? edit.graceMs : (before?.graceMs ?? null),
  };
}

/** Refuses a schedule that could not run as written: its timing, payload or policies. */
function checkSchedule(catalogue: Catalogue, jobType: string, merged: ReturnType<typeof merge>) {
  const problems = timingProblems(merged, { secondsInCron: catalogue.get(jobType)?.secondsInCron });
  if (problems.length > 0) throw new ScheduleError(400, 'invalid_schedule', problems.join('; '), { problems });
  try {
    checkRunnable(catalogue, jobType, merged.payload);
  } catch (error) {
    if (error instanceof UnknownJobTypeError) throw new ScheduleError(400, 'unknown_job_type', error.message);
    if (error instanceof InvalidPayloadError) {
      throw new ScheduleError(400, 'invalid_payload', error.message, { problems: error.problems });
    }
    if (error instanceof JobNotImplementedError) throw new ScheduleError(501, 'not_implemented', error.message);
    throw error;
  }
  const tagProblem = tagsProblem(merged.tags);
  if (tagProblem) throw new ScheduleError(400, 'invalid_tags', `tags: ${tagProblem}`, { problems: [tagProblem] });
  const policies = policyProblems(merged);
  if (policies.length > 0) {
    throw new ScheduleError(400, 'invalid_schedule', policies.join('; '), { problems: policies });
  }
}

/** Redis refusing the mirror undoes the change (the transaction it runs in rolls back). */
async function redisOrRollBack(change: () => Promise<void>): Promise<void> {
  try {
    await change();
  } catch (error) {
    throw new ScheduleError(
      503,
      'schedule_not_applied',
      `Redis did not take the change (${errorMessage(error)}), so nothing was changed; try again`,
    );
  }
}
