import type { AlertKind, AlertSubjectKind, RuleSubject } from '@scheduler/db';
import { z } from 'zod';

const ms = (min: number) => z.int().min(min).max(31_622_400_000);

/**
 * Each kind's parameters, as a rule stores them and the API validates them. Defaults are filled
 * in, so a rule's params always say what it does.
 */
export const RULE_PARAMS = {
  /** The final attempt of a job failed; resolves when a later job of the type completes. */
  final_failure: z.strictObject({}),
  /** A schedule's slot was not run within its grace (the schedule's own, see effectiveGraceMs). */
  missed_slot: z.strictObject({}),
  /** A run is longer than maxMs, or (without it) than factor × the type's p90, at least minMs. */
  long_run: z.strictObject({
    maxMs: ms(1000).nullable().default(null).describe('A fixed bound; null: factor × p90'),
    factor: z.number().min(1).max(1000).default(3),
    minMs: ms(1000).default(300_000).describe('The least bound worked out from the p90'),
  }),
  /** No successful run within windowMs (null, for a schedule: two of its periods plus its grace). */
  no_success: z.strictObject({ windowMs: ms(1000).nullable().default(null) }),
  /** The oldest job waiting in a type's queue has waited longer than maxAgeMs. */
  backlog_age: z.strictObject({ maxAgeMs: ms(1000).default(900_000) }),
  /** No live worker has served a queue for afterMs. */
  no_worker: z.strictObject({ afterMs: ms(1000).default(120_000) }),
} satisfies Record<AlertKind, z.ZodType>;

export type RuleParams<K extends AlertKind> = z.output<(typeof RULE_PARAMS)[K]>;

/** What each kind's alerts are about. */
export const SUBJECT_OF_KIND: Record<AlertKind, AlertSubjectKind> = {
  final_failure: 'job_type',
  missed_slot: 'schedule',
  long_run: 'job_type',
  no_success: 'schedule',
  backlog_age: 'job_type',
  no_worker: 'queue',
};

/** The subjects a rule of each kind may name besides `any` (every subject of the kind). */
export const RULE_SUBJECTS: Record<AlertKind, readonly AlertSubjectKind[]> = {
  final_failure: ['job_type'],
  missed_slot: ['schedule'],
  long_run: ['job_type'],
  no_success: ['schedule', 'job_type'],
  backlog_age: ['job_type'],
  no_worker: ['queue'],
};

/** A rule's params with its kind's defaults filled in; problems say which field is wrong. */
export function parseRuleParams(
  kind: AlertKind,
  params: unknown,
): { params: Record<string, unknown> } | { problems: string[] } {
  const parsed = RULE_PARAMS[kind].safeParse(params ?? {});
  if (parsed.success) return { params: parsed.data };
  return {
    problems: parsed.error.issues.map((i) => `params${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`),
  };
}

/** Why a subject does not fit a rule's kind, or null when it does. */
export function subjectProblem(kind: AlertKind, subject: RuleSubject, params: Record<string, unknown>): string | null {
  if (subject.kind === 'any') return null;
  if (!RULE_SUBJECTS[kind].includes(subject.kind)) {
    return `a ${kind} rule watches ${RULE_SUBJECTS[kind].join(' or ')} subjects (or any), not ${subject.kind}`;
  }
  if (kind === 'no_success' && subject.kind === 'job_type' && params.windowMs == null) {
    return 'a no_success rule on a job type needs params.windowMs (only a schedule has a period to go by)';
  }
  return null;
}
