import { ApiError } from '../../api.ts';
import { inWords } from '../../components/field-messages.ts';
import { fieldErrors } from '../../components/SchemaForm.tsx';

/** The schedule form's fields the API can refuse, each shown with its own message. */
export type ScheduleField =
  | 'name'
  | 'jobType'
  | 'timing'
  | 'description'
  | 'priority'
  | 'missedPolicy'
  | 'catchUpMax'
  | 'catchUpWindowMs'
  | 'overlapPolicy'
  | 'graceMs';

/** Where a body or parameter path of the API's problems ("body.catchUpMax") is shown. */
const FIELD_OF_PATH: Record<string, ScheduleField> = {
  name: 'name',
  jobType: 'jobType',
  cron: 'timing',
  everyMs: 'timing',
  timezone: 'timing',
  description: 'description',
  priority: 'priority',
  missedPolicy: 'missedPolicy',
  catchUpMax: 'catchUpMax',
  catchUpWindowMs: 'catchUpWindowMs',
  overlapPolicy: 'overlapPolicy',
  graceMs: 'graceMs',
};
/** Refusals whose code says which field they are about. */
const FIELD_OF_CODE: Record<string, ScheduleField> = {
  invalid_schedule: 'timing',
  invalid_timing: 'timing',
  unknown_job_type: 'jobType',
};

export interface ScheduleProblems {
  fields: Partial<Record<ScheduleField, string>>;
  /** About the payload, by its field. */
  payload: Record<string, string>;
  /** What no field is about: shown above the buttons. */
  rest: unknown;
}

/**
 * A refusal of PUT /api/schedules/:name, each message beside the field it is about: the
 * request's validation ("body.catchUpMax: Too small…"), the timing's problems, the payload's
 * (as Trigger shows them). What no field is about stays a message for the whole form.
 */
export function scheduleProblems(error: unknown): ScheduleProblems {
  if (!(error instanceof ApiError) || error.status >= 500) return { fields: {}, payload: {}, rest: error };
  const body = error.body ?? {};
  const payload = fieldErrors(body);
  const fields: ScheduleProblems['fields'] = {};
  const problems = Array.isArray(body.problems) ? (body.problems as string[]) : [];
  const byCode = FIELD_OF_CODE[error.code];
  const named = typeof body.field === 'string' ? FIELD_OF_PATH[body.field] : undefined;
  if (byCode ?? named) {
    fields[(byCode ?? named) as ScheduleField] = problems.length ? problems.join('; ') : error.message;
  } else {
    for (const problem of problems.length ? problems : [error.message]) {
      const match = /^(?:body|params)\.(\w+)[^:]*:\s*(.*)$/.exec(problem);
      // A sentence of the schedule service that starts with the field ("catchUpMax must be…").
      const leading = /^(\w+)\b/.exec(problem)?.[1];
      const field = match?.[1] ? FIELD_OF_PATH[match[1]] : leading ? FIELD_OF_PATH[leading] : undefined;
      if (field && !fields[field]) fields[field] = match ? inWords(match[2] ?? problem) : problem;
    }
  }
  const placed = Object.keys(fields).length > 0 || Object.keys(payload).length > 0;
  return { fields, payload, rest: placed ? null : error };
}
