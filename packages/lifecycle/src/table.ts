import { type JobStatus, TERMINAL_STATUSES } from '@scheduler/db';

/**
 * A job's life, as data. Every surface that changes a job (the API, the worker, the reconciler,
 * Bull Board, schedules) names one of these events; the table says what state it leads to, or
 * that it is refused. The store's SQL guards are generated from this table (see store.ts), so
 * the table is what runs, not a description of it.
 *
 * States are the stored statuses plus two that the status column alone cannot tell:
 * - `absent`: no row (a job that exists only in a queue, or an id nobody created);
 * - `cancelling`: `running` with a cancel requested (`cancel_requested_at`), waiting for its
 *   worker to stop it.
 */
export const STATES = ['absent', 'pending', 'running', 'cancelling', 'completed', 'failed', 'cancelled'] as const;
export type State = (typeof STATES)[number];

export const EVENTS = [
  'trigger',
  'start',
  'progress',
  'attemptFailed',
  'complete',
  'fail',
  'requestCancel',
  'stop',
  'retry',
  'requeue',
  'remove',
  'promote',
  'postpone',
] as const;
export type LifecycleEvent = (typeof EVENTS)[number];

/** What each event is, and who sends it. */
export const EVENT_MEANING: Record<LifecycleEvent, string> = {
  trigger: 'a new job is recorded (API trigger, schedule tick, Bull Board "add job", a retry\'s new run)',
  start: 'a worker takes the job: a new attempt (again while running: the last attempt stalled or was lost)',
  progress: 'the running handler reports progress',
  attemptFailed: 'an attempt failed and BullMQ will try again after its backoff',
  complete: "the handler succeeded (the worker, or the reconciler copying BullMQ's outcome)",
  fail: "the job failed for good (the worker, or the reconciler copying BullMQ's outcome)",
  requestCancel: 'someone asked the job to stop (API, dashboard)',
  stop: 'the worker stopped the job on request, keeping its partial result',
  retry: 'someone asked for a new run of a finished job (API, Bull Board retry); the original stays as it is',
  requeue: 'the reconciler found the job gone from Redis: queued again, a lost attempt does not count against it',
  remove:
    'Bull Board removes the job from its queue (remove, clean): a queued job is cancelled, a finished one keeps its record',
  promote: 'Bull Board, or "run now" in the API, moves a delayed job (one waiting out its backoff) to run now',
  postpone:
    'Postgres went away under the running handler: back to pending, and the attempt it could not finish is taken off the record (it does not count)',
};

const _ = null; // refused

// prettier-ignore
// biome-ignore format: the table is read as a grid
const GRID: Record<LifecycleEvent, readonly (State | null)[]> = {
  //               absent     pending      running      cancelling   completed    failed       cancelled
  trigger:       ['pending',  _,           _,           _,           _,           _,           _          ],
  start:         [_,          'running',   'running',   'cancelled', _,           _,           _          ],
  progress:      [_,          _,           'running',   'cancelling',_,           _,           _          ],
  attemptFailed: [_,          'pending',   'pending',   'cancelled', _,           _,           _          ],
  complete:      [_,          'completed', 'completed', 'completed', _,           _,           _          ],
  fail:          [_,          'failed',    'failed',    'failed',    _,           _,           _          ],
  requestCancel: [_,          'cancelled', 'cancelling','cancelling',_,           _,           _          ],
  stop:          [_,          'cancelled', 'cancelled', 'cancelled', _,           _,           _          ],
  retry:         [_,          _,           _,           _,           _,           'failed',    'cancelled'],
  requeue:       [_,          'pending',   'pending',   'cancelled', _,           _,           _          ],
  remove:        ['absent',   'cancelled', _,           _,           'completed', 'failed',    'cancelled'],
  promote:       [_,          'pending',   _,           _,           _,           _,           _          ],
  postpone:      [_,          _,           'pending',   'cancelled', _,           _,           _          ],
};

/** The table, keyed: TRANSITIONS[event][state] is the next state, or null when refused. */
export const TRANSITIONS = Object.fromEntries(
  EVENTS.map((event) => [event, Object.fromEntries(STATES.map((state, i) => [state, GRID[event][i] ?? null]))]),
) as Record<LifecycleEvent, Record<State, State | null>>;

export const TERMINAL: readonly State[] = TERMINAL_STATUSES;
export const isTerminal = (state: State) => TERMINAL.includes(state);

/** Stored statuses in which a job is still unfinished (the overlap guard, the reconciler's list). */
export { UNFINISHED_STATUSES } from '@scheduler/db';

/** The stored status of a lifecycle state (`cancelling` is stored as `running` plus the request). */
export function statusOf(state: Exclude<State, 'absent'>): JobStatus {
  return state === 'cancelling' ? 'running' : state;
}

/** How an attempt ended, recorded with it in job_attempts, for the events that end one. */
export const ATTEMPT_OUTCOME = {
  start: 'stalled', // taken again while an attempt was open: that one's worker stalled or died
  attemptFailed: 'failed',
  complete: 'completed',
  fail: 'failed',
  stop: 'cancelled',
  requeue: 'lost',
} as const satisfies Partial<Record<LifecycleEvent, string>>;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOME)[keyof typeof ATTEMPT_OUTCOME];

/** Why an attempt started: the first run, a retry after a failure, after a stall, or after Redis lost the job. */
export const ATTEMPT_REASONS = ['first', 'retry', 'stalled', 'requeued'] as const;
export type AttemptReason = (typeof ATTEMPT_REASONS)[number];

export type Verdict = { allowed: true; from: State; to: State } | { allowed: false; from: State; reason: string };

/** The table's answer for one event in one state, with a sentence for a refusal. */
export function decide(event: LifecycleEvent, from: State): Verdict {
  const to = TRANSITIONS[event][from];
  return to ? { allowed: true, from, to } : { allowed: false, from, reason: refusal(event, from) };
}

function refusal(event: LifecycleEvent, from: State): string {
  if (from === 'absent') return event === 'trigger' ? 'cannot be created' : 'no such job';
  if (event === 'trigger') return 'a job with this id already exists';
  if (event === 'retry') {
    return from === 'completed'
      ? 'it completed; only failed or cancelled jobs can be retried'
      : `it is still ${from}; only failed or cancelled jobs can be retried`;
  }
  if (event === 'remove' || event === 'promote') {
    return `it is ${from === 'cancelling' ? 'stopping' : from}; ${event === 'remove' ? 'cancel it instead' : 'only a queued job can be promoted'}`;
  }
  if (isTerminal(from)) return `it is already ${from}`;
  return `"${event}" does not apply to a ${from} job`;
}

/**
 * Events that only check the table when they leave the state as it is: a retry makes a new job
 * and leaves the original alone, a promote or a remove of a finished job only touch Redis.
 */
const CHECK_ONLY_WHEN_UNCHANGED: readonly LifecycleEvent[] = ['retry', 'promote', 'remove'];

/** Whether the event writes the row in this transition (progress and repeated starts write without a state change). */
export const writesRow = (event: LifecycleEvent, from: State, to: State) =>
  event !== 'trigger' && !(from === to && CHECK_ONLY_WHEN_UNCHANGED.includes(event));

/** The table as Markdown (docs/lifecycle.md carries it; a test keeps the two the same). */
export function transitionTableMarkdown(): string {
  const header = `| event | ${STATES.join(' | ')} |`;
  const rule = `| --- | ${STATES.map(() => '---').join(' | ')} |`;
  const rows = EVENTS.map(
    (event) => `| \`${event}\` | ${STATES.map((state) => TRANSITIONS[event][state] ?? '✗').join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
