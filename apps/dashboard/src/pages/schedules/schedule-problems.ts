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
  | 'graceMs'
  | 'tags';

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
  tags: 'tags',
};
/** The timing's own problems name these; they are shown whole, at the timing. */
const TIMING_WORDS = new Set(['cron', 'everyMs', 'timezone']);
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
  const problems = Array.isArray(body.problems) ? (body.problems as string[]) : [error.message];
  const add = (field: ScheduleField, message: string) => {
    fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
  };
  let unplaced = false;
  for (const problem of problems) {
    // The request's validation: "body.catchUpMax: Too small: expected number to be >=1".
    const request = /^(?:body|params)\.(\w+)[^:]*:\s*(.*)$/.exec(problem);
    // The schedule service's: "catchUpMax: must be…", "missedPolicy catch_up needs…".
    const said = /^(\w+)\b:?\s*(.*)$/.exec(problem);
    const requestField = request?.[1] ? FIELD_OF_PATH[request[1]] : undefined;
    const saidField = said?.[1] && !TIMING_WORDS.has(said[1]) ? FIELD_OF_PATH[said[1]] : undefined;
    const codeField = FIELD_OF_CODE[error.code];
    if (requestField) add(requestField, inWords(request?.[2] ?? problem));
    else if (request?.[1] === 'payload' || /^payload\./.test(problem))
      continue; // placed by fieldErrors
    else if (saidField) add(saidField, problem.startsWith(`${said?.[1]}:`) ? (said?.[2] ?? problem) : problem);
    else if (codeField) add(codeField, problem);
    else unplaced = true;
  }
  const placed = Object.keys(fields).length > 0 || Object.keys(payload).length > 0;
  return { fields, payload, rest: placed && !unplaced ? null : error };
}
