import { isDeepStrictEqual } from 'node:util';
import {
  DECLARED_FIELDS,
  type DeclaredField,
  type DeclaredSchedule,
  type ScheduleChange,
  type ScheduleRecord,
} from '@scheduler/db';
import { buildCatalogue, type Catalogue, declaredScheduleName } from '@scheduler/jobs';
import { policyProblems } from './policies.ts';
import { canonicalTimeZone, timingProblems } from './timing.ts';

/** One schedule the code declares: its name, type, whether it starts enabled, and its fields. */
export interface ScheduleDeclared {
  name: string;
  jobType: string;
  /** Used when the schedule is created; later only an admin turns it on or off. */
  enabled: boolean;
  declared: DeclaredSchedule;
}

/**
 * The schedules the catalogue's types declare, in catalogue order. A declaration whose timing or
 * policy could never work throws here, at start-up, naming the type (the catalogue has already
 * checked its payload against the type's schema).
 */
export function declaredSchedules(catalogue: Catalogue): ScheduleDeclared[] {
  return catalogue.all.flatMap((definition) => {
    const schedule = definition.schedule;
    if (!schedule) return [];
    const name = declaredScheduleName(definition);
    const timezone = schedule.timezone ?? 'UTC';
    const declared: DeclaredSchedule = {
      cron: schedule.cron ?? null,
      everyMs: schedule.everyMs ?? null,
      timezone: canonicalTimeZone(timezone) ?? timezone,
      payload: schedule.payload ?? {},
      priority: schedule.priority ?? null,
      description: schedule.description,
      missedPolicy: schedule.missedPolicy ?? 'run_once',
      catchUpMax: schedule.catchUpMax ?? null,
      catchUpWindowMs: schedule.catchUpWindowMs ?? null,
      overlapPolicy: schedule.overlapPolicy ?? 'skip',
    };
    const problems = [
      ...timingProblems(declared, { secondsInCron: definition.secondsInCron }),
      ...policyProblems({ ...declared, graceMs: null }),
    ];
    if (problems.length > 0) {
      throw new Error(`The schedule "${name}" of job type "${definition.name}" cannot run: ${problems.join('; ')}`);
    }
    return [{ name, jobType: definition.name, enabled: schedule.enabled ?? true, declared }];
  });
}

/**
 * The production catalogue's declared schedules: what a fresh installation starts with (times
 * UTC; the types that email people on their own start disabled).
 */
export const DEFAULT_SCHEDULES: readonly ScheduleDeclared[] = declaredSchedules(buildCatalogue());

/** The declared fields in which a schedule differs from what its code declares. */
export function differingFields(
  schedule: Pick<ScheduleRecord, DeclaredField>,
  declared: DeclaredSchedule,
): DeclaredField[] {
  return DECLARED_FIELDS.filter((field) => !isDeepStrictEqual(schedule[field], declared[field]));
}

/** The change that makes a schedule what its code declares. */
export const followDeclaration = (declared: DeclaredSchedule): ScheduleChange =>
  Object.fromEntries(DECLARED_FIELDS.map((field) => [field, declared[field]])) as ScheduleChange;
