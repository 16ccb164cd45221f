import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { $api, api, type Schedule, unwrap } from '../../api.ts';
import { type KeyHeader, useIntents } from '../../intents.ts';

/** What a press did, said where the reader looks (a live region), with a link when it started a job. */
export type Outcome = { text: string; jobId?: string };

/** How long after a schedule's next run (or the end of its pause) to read it again: a tick has fired by then. */
const AFTER_TICK_MS = 2_000;

/**
 * When to read schedules again: just after the soonest next run or end of a pause, so none is
 * shown as it was before it fired or resumed by itself. False when nothing is due.
 */
export function untilNextChange(schedules: Array<{ nextRunAt: string | null; pause: { until: string } | null }>) {
  const soonest = Math.min(
    ...schedules.flatMap((s) => [
      s.nextRunAt ? Date.parse(s.nextRunAt) : Number.POSITIVE_INFINITY,
      s.pause ? Date.parse(s.pause.until) : Number.POSITIVE_INFINITY,
    ]),
  );
  if (!Number.isFinite(soonest)) return false;
  return Math.max(AFTER_TICK_MS, soonest - Date.now() + AFTER_TICK_MS);
}

export const schedulesKey = $api.queryOptions('get', '/api/schedules').queryKey;

/**
 * The commands on a schedule, for every page that shows one: each press sent once (one
 * Idempotency-Key per intent, so a double click acts once), what it did said in `outcome`, and
 * the schedules read again after it (the list, and the one schedule's page).
 */
export function useScheduleCommands() {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const sendOnce = useIntents();

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: schedulesKey }),
      queryClient.invalidateQueries({ queryKey: ['get', '/api/schedules/{name}'] }),
      queryClient.invalidateQueries({ queryKey: ['get', '/api/overview'] }),
    ]);
  /** Runs a command; a refusal is thrown back to `onRefused` when the caller shows it at a field. */
  const act = async <T>(
    intent: string,
    work: (headers: KeyHeader) => Promise<T>,
    said: (answer: T) => Outcome,
    onRefused?: (error: unknown) => void,
  ) => {
    try {
      setError(null);
      const answer = await sendOnce(intent, work);
      if (answer === undefined) return undefined;
      setOutcome(said(answer));
      await refresh();
      return answer;
    } catch (caught) {
      if (onRefused) onRefused(caught);
      else setError(caught);
      return undefined;
    }
  };
  const path = (name: string, headers: KeyHeader) => ({ params: { path: { name } }, headers });

  return {
    outcome,
    setOutcome,
    error,
    setError,
    refresh,
    setEnabled: (s: Schedule, enabled: boolean) =>
      act(
        `enable:${s.name}:${enabled}`,
        (headers) => unwrap(api.PUT('/api/schedules/{name}', { ...path(s.name, headers), body: { enabled } })),
        () => ({ text: `${s.name} ${enabled ? 'enabled' : 'disabled'}.` }),
      ),
    runNow: (s: Schedule) =>
      act(
        `run:${s.name}`,
        (headers) => unwrap(api.POST('/api/schedules/{name}/run', path(s.name, headers))),
        (job) => ({ text: `${s.name} started a run:`, jobId: job.id }),
      ),
    remove: (s: Schedule) =>
      act(
        `delete:${s.name}`,
        (headers) => unwrap(api.DELETE('/api/schedules/{name}', path(s.name, headers))),
        () => ({ text: `${s.name} removed; its past runs stay.` }),
      ),
    pause: (s: Schedule, until: Date, onRefused: (error: unknown) => void) =>
      act(
        `pause:${s.name}:${until.toISOString()}`,
        (headers) =>
          unwrap(
            api.POST('/api/schedules/{name}/pause', { ...path(s.name, headers), body: { until: until.toISOString() } }),
          ),
        () => ({ text: `${s.name} paused; it resumes by itself.` }),
        onRefused,
      ),
    resume: (name: string) =>
      act(
        `resume:${name}`,
        (headers) => unwrap(api.POST('/api/schedules/{name}/resume', path(name, headers))),
        () => ({ text: `${name} resumed: it runs on its timing again.` }),
      ),
    restoreDefaults: () =>
      act(
        'restore-defaults',
        (headers) => unwrap(api.POST('/api/schedules/defaults/restore', { body: {}, headers })),
        ({ restored }) => ({
          text: restored.length
            ? `Restored ${restored.map((r) => r.name).join(', ')}.`
            : 'Every built-in schedule is here already.',
        }),
      ),
    reset: (s: Schedule) =>
      act(
        `reset:${s.name}`,
        (headers) => unwrap(api.POST('/api/schedules/{name}/reset', path(s.name, headers))),
        (reset) => ({ text: `${s.name} is the code's again: it runs ${reset.when.replace(/^A/, 'a')}.` }),
      ),
  };
}
