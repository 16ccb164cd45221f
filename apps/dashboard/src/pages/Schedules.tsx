import type { Answer } from '@scheduler/client';
import { useQueryClient } from '@tanstack/react-query';
import { DropdownMenu } from 'radix-ui';
import { useState } from 'react';
import { Link } from 'wouter';
import { $api, api, type Schedule, unwrap } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Problem } from '../components/Problem.tsx';
import { fromNow } from '../format.ts';
import { type KeyHeader, useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { LastRun } from './schedules/LastRun.tsx';
import { TimingEditor } from './schedules/TimingEditor.tsx';
import './schedules/schedules.css';

type Audience = Answer<'/api/job-types/{name}/audience', 'get', 200>;
/** What a press did, said where the reader looks (a live region), with a link when it started a job. */
type Outcome = { text: string; jobId?: string };
/** A question asked before a command: enabling a schedule that emails people, or removing one. */
type Question = { kind: 'enable'; schedule: Schedule; audience: Audience } | { kind: 'delete'; schedule: Schedule };

/** How long after the soonest next run to read the list again (a tick has fired by then). */
const AFTER_TICK_MS = 2_000;
function untilNextRun(query: { state: { data?: { schedules: Array<{ nextRunAt: string | null }> } } }) {
  const soonest = Math.min(
    ...(query.state.data?.schedules ?? []).map((s) =>
      s.nextRunAt ? Date.parse(s.nextRunAt) : Number.POSITIVE_INFINITY,
    ),
  );
  if (!Number.isFinite(soonest)) return false;
  return Math.max(AFTER_TICK_MS, soonest - Date.now() + AFTER_TICK_MS);
}
const schedulesKey = $api.queryOptions('get', '/api/schedules').queryKey;

/** Every schedule: when it runs next, how its last run went, and its controls. */
export default function Schedules() {
  const now = useNow(5000);
  // A schedule whose next run has come has run (or is about to): read the list again just after,
  // so its next and last runs are not shown as they were before it fired.
  const list = $api.useQuery('get', '/api/schedules', {}, { refetchInterval: untilNextRun });
  const catalogue = $api.useQuery('get', '/api/job-types');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [question, setQuestion] = useState<Question | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const canWrite = useCanWrite();
  const schedules = list.data?.schedules ?? [];

  // Each press is sent once (one Idempotency-Key per intent): a double click on Run now runs once.
  const sendOnce = useIntents();
  const act = async <T,>(intent: string, work: (headers: KeyHeader) => Promise<T>, said: (answer: T) => Outcome) => {
    try {
      setError(null);
      const answer = await sendOnce(intent, work);
      if (answer === undefined) return;
      setOutcome(said(answer));
      await queryClient.invalidateQueries({ queryKey: schedulesKey });
    } catch (caught) {
      setError(caught);
    }
  };
  const path = (name: string, headers: KeyHeader) => ({ params: { path: { name } }, headers });

  const setEnabled = (s: Schedule, enabled: boolean) =>
    act(
      `enable:${s.name}:${enabled}`,
      (headers) => unwrap(api.PUT('/api/schedules/{name}', { ...path(s.name, headers), body: { enabled } })),
      () => ({ text: `${s.name} ${enabled ? 'enabled' : 'disabled'}.` }),
    );
  const askToEnable = async (s: Schedule) => {
    try {
      setError(null);
      // Whether its runs email people is the API's to say (and how many, read now).
      const audience = await queryClient.fetchQuery({
        ...$api.queryOptions('get', '/api/job-types/{name}/audience', { params: { path: { name: s.jobType } } }),
        staleTime: 0,
      });
      if (audience.sendsEmail) setQuestion({ kind: 'enable', schedule: s, audience });
      else await setEnabled(s, true);
    } catch (caught) {
      setError(caught);
    }
  };
  const runNow = (s: Schedule) =>
    act(
      `run:${s.name}`,
      (headers) => unwrap(api.POST('/api/schedules/{name}/run', path(s.name, headers))),
      (job) => ({ text: `${s.name} started a run:`, jobId: job.id }),
    );
  const remove = (s: Schedule) =>
    act(
      `delete:${s.name}`,
      (headers) => unwrap(api.DELETE('/api/schedules/{name}', path(s.name, headers))),
      () => ({ text: `${s.name} removed; its past runs stay.` }),
    );
  const restoreDefaults = () =>
    act(
      'restore-defaults',
      (headers) => unwrap(api.POST('/api/schedules/defaults/restore', { body: {}, headers })),
      ({ restored }) => ({
        text: restored.length
          ? `Restored ${restored.map((r) => r.name).join(', ')}.`
          : 'Every built-in schedule is here already.',
      }),
    );

  const editingSchedule = schedules.find((s) => s.name === editing);
  return (
    <div className="schedules-page">
      <div className="page-head">
        <h1>Schedules</h1>
        {canWrite ? (
          <button type="button" onClick={restoreDefaults}>
            Restore defaults
          </button>
        ) : null}
      </div>
      <Problem error={error ?? list.error} />
      <p className="outcome" role="status">
        {outcome ? (
          <>
            {outcome.text}{' '}
            {outcome.jobId ? <Link href={`/jobs/${outcome.jobId}`}>job {outcome.jobId.slice(0, 8)}</Link> : null}
          </>
        ) : null}
      </p>
      <table className="schedules">
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">when</th>
            <th scope="col">next</th>
            <th scope="col">last run</th>
            <th scope="col">enabled</th>
            {canWrite ? <th scope="col">actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {schedules.map((s) => (
            <tr key={s.name} data-schedule={s.name}>
              <td>
                <strong>{s.name}</strong>
                <div className="muted">
                  {s.jobType}
                  {s.description ? ` · ${s.description}` : ''}
                </div>
              </td>
              <td>{s.when}</td>
              <td>
                {/* Between its time and the next read the run is under way: "now", not "1 second ago". */}
                {s.nextRunAt ? fromNow(new Date(Math.max(Date.parse(s.nextRunAt), now)).toISOString(), now) : '–'}
              </td>
              <td>{s.lastRun ? <LastRun run={s.lastRun} /> : '–'}</td>
              <td>{s.enabled ? 'yes' : 'no'}</td>
              {canWrite ? (
                <td>
                  <div className="actions schedule-actions">
                    <button
                      type="button"
                      className="toggle"
                      onClick={() => (s.enabled ? setEnabled(s, false) : askToEnable(s))}
                    >
                      {s.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button type="button" onClick={() => runNow(s)}>
                      Run now
                    </button>
                    <button type="button" onClick={() => setEditing(s.name)}>
                      Edit timing
                    </button>
                    <DropdownMenu.Root>
                      <DropdownMenu.Trigger asChild>
                        <button type="button" aria-label={`More for ${s.name}`}>
                          More ▾
                        </button>
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Portal>
                        <DropdownMenu.Content className="menu" align="end">
                          <DropdownMenu.Item
                            className="menu-item danger"
                            onSelect={() => setQuestion({ kind: 'delete', schedule: s })}
                          >
                            Delete…
                          </DropdownMenu.Item>
                        </DropdownMenu.Content>
                      </DropdownMenu.Portal>
                    </DropdownMenu.Root>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>

      <Dialog
        open={editingSchedule !== undefined}
        onOpenChange={(open) => (open ? null : setEditing(null))}
        title={`Timing of ${editing ?? ''}`}
      >
        {editingSchedule ? (
          <TimingEditor
            key={editingSchedule.name}
            schedule={editingSchedule}
            typeP90={catalogue.data?.jobTypes.find((t) => t.name === editingSchedule.jobType)?.duration?.p90 ?? null}
            onSaved={(saved) => {
              setEditing(null);
              setOutcome({ text: `${saved.name} now runs ${saved.when}.` });
              void queryClient.invalidateQueries({ queryKey: schedulesKey });
            }}
          />
        ) : null}
      </Dialog>

      <ConfirmDialog
        open={question?.kind === 'enable'}
        onOpenChange={(open) => (open ? null : setQuestion(null))}
        title={`Enable ${question?.schedule.name ?? ''}?`}
        confirmLabel="Enable and send on schedule"
        onConfirm={() => question && void setEnabled(question.schedule, true)}
      >
        {question?.kind === 'enable' ? (
          <p>
            Each run of {question.schedule.name} ({question.schedule.jobType}) emails{' '}
            {question.audience.recipients === null
              ? 'the users it concerns'
              : `${question.audience.recipients} ${question.audience.recipients === 1 ? 'user' : 'users'} (as of now)`}
            , {question.schedule.when.replace(/^A/, 'a')}.
          </p>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={question?.kind === 'delete'}
        onOpenChange={(open) => (open ? null : setQuestion(null))}
        title={`Delete ${question?.schedule.name ?? ''}?`}
        confirmLabel="Delete the schedule"
        onConfirm={() => question && void remove(question.schedule)}
      >
        <p>Its past runs stay. A built-in schedule can be brought back with Restore defaults.</p>
      </ConfirmDialog>
    </div>
  );
}
