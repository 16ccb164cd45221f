import type { DisplayState } from '@scheduler/client';

/**
 * What a job is now, as the API decides it (`display.state` of a job view or an event's job):
 * the dashboard shows it and derives nothing.
 */
export type { DisplayState };

// Keyed by the document's states: a state the API adds fails the typecheck until it has a look.
const LOOK: Record<DisplayState, { icon: string; word: string }> = {
  queued: { icon: '◷', word: 'queued' },
  waiting_to_retry: { icon: '↻', word: 'waiting to retry' },
  paused: { icon: '‖', word: 'queue paused' },
  running: { icon: '▶', word: 'running' },
  stopping: { icon: '■', word: 'stopping' },
  completed: { icon: '✓', word: 'completed' },
  failed: { icon: '✕', word: 'failed' },
  cancelled: { icon: '⊘', word: 'cancelled' },
};

/** A job's state as an icon and a word (never colour alone). */
export function Status({ state }: { state: DisplayState | string }) {
  const look = LOOK[state as DisplayState] ?? { icon: '•', word: state };
  return (
    <span className={`status status-${state}`} data-state={state}>
      <span aria-hidden="true">{look.icon}</span> {look.word}
    </span>
  );
}
