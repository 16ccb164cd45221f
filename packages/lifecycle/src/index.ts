export {
  CANCELLED_REASON_PREFIX,
  eventAfterFailure,
  formatDuration,
  JobCancelledError,
  JobTimeoutError,
  PermanentJobError,
} from './outcomes.ts';
export {
  type AttemptRecord,
  createLifecycleStore,
  type EventDetails,
  type LifecycleStore,
  stateOfRecord,
  type Transition,
} from './store.ts';
export {
  ATTEMPT_OUTCOME,
  ATTEMPT_REASONS,
  type AttemptOutcome,
  type AttemptReason,
  decide,
  EVENT_MEANING,
  EVENTS,
  isTerminal,
  type LifecycleEvent,
  STATES,
  type State,
  statusOf,
  TERMINAL,
  TRANSITIONS,
  UNFINISHED_STATUSES,
  type Verdict,
} from './table.ts';
