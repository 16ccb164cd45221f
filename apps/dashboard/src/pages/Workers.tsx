import type { Answer } from '@scheduler/client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { $api, api, messageOf, unwrap } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Problem } from '../components/Problem.tsx';
import { bytes, dateTime, duration } from '../format.ts';
import { useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';

type Worker = Answer<'/api/workers', 'get', 200>['workers'][number];

/**
 * Heartbeats come every few seconds and no job event tells of them: the page reads the list
 * again this often, one request for every worker.
 */
export const WORKERS_REREAD_MS = 5000;

// Each state as an icon and a word on a status colour (never colour alone).
const LOOK: Record<Worker['state'], { icon: string; word: string; colour: string }> = {
  running: { icon: '▶', word: 'running', colour: 'running' },
  draining: { icon: '‖', word: 'draining', colour: 'paused' },
  stale: { icon: '!', word: 'not seen', colour: 'failed' },
  stopped: { icon: '■', word: 'stopped', colour: 'cancelled' },
};

/** "just now", "12 s ago", "4 min 10 s ago". */
const ago = (ms: number) =>
  !Number.isFinite(ms)
    ? '–'
    : ms < 1000
      ? 'just now'
      : `${ms < 60_000 ? `${Math.round(ms / 1000)} s` : duration(ms)} ago`;

function State({ worker }: { worker: Worker }) {
  const look = LOOK[worker.state];
  return (
    <span className={`status status-${look.colour}`} data-state={worker.state}>
      <span aria-hidden="true">{look.icon}</span> {look.word}
    </span>
  );
}

/**
 * The worker processes as their heartbeats tell: what each serves and runs, what it did since it
 * started, its memory, and whether it drains; admins drain one (it finishes its running jobs
 * and takes no new ones) or resume it.
 */
export default function Workers() {
  const canWrite = useCanWrite();
  const queryClient = useQueryClient();
  const list = $api.useQuery('get', '/api/workers', {}, { refetchInterval: WORKERS_REREAD_MS });
  // Ages from the server's clock at the read, moved on by the time since: a skewed browser clock
  // shows the same ages.
  const now = useNow(1000);
  const age = (iso: string) =>
    list.data ? Date.parse(list.data.now) - Date.parse(iso) + (now - list.dataUpdatedAt) : Number.NaN;
  const [asking, setAsking] = useState<Worker | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const sendOnce = useIntents();

  const command = async (worker: Worker, what: 'drain' | 'resume') => {
    setError(null);
    try {
      const path = what === 'drain' ? '/api/workers/{workerId}/drain' : '/api/workers/{workerId}/resume';
      // One Idempotency-Key per intent: a double click drains once.
      const answer = await sendOnce(`${what}:${worker.workerId}`, (headers) =>
        unwrap(api.POST(path, { params: { path: { workerId: worker.workerId } }, headers })),
      );
      if (answer === undefined) return;
      const done = what === 'drain' ? 'drains: no new jobs, its running ones finish' : 'takes jobs again';
      setSaid(
        answer.acknowledged
          ? `${worker.workerId} ${done}.`
          : `${worker.workerId} did not answer in time; it reads the request at its next heartbeat.`,
      );
      await queryClient.invalidateQueries({ queryKey: ['get', '/api/workers'] });
    } catch (caught) {
      setError(caught);
    }
  };

  const workers = list.data?.workers ?? [];
  const staleAfter = list.data ? `${Math.round(list.data.staleAfterMs / 1000)} s` : '';
  return (
    <div>
      <h1>Workers</h1>
      <p className="muted">
        Worker processes seen in the last hour, from their heartbeats. One not heard from for {staleAfter || '…'} is
        flagged “not seen”.
      </p>
      <Problem error={list.error ?? error} />
      <p className="outcome" role="status">
        {said ?? (error ? messageOf(error) : null)}
      </p>
      <div className="workers-table">
        <table className="workers">
          <thead>
            <tr>
              <th scope="col">worker</th>
              <th scope="col">state</th>
              <th scope="col">last heartbeat</th>
              <th scope="col" className="num">
                busy
              </th>
              <th scope="col">queues (concurrency)</th>
              <th scope="col" className="num">
                done
              </th>
              <th scope="col" className="num">
                memory
              </th>
              <th scope="col">version</th>
              <th scope="col">started</th>
              {canWrite ? <th scope="col">actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.workerId} data-worker-id={w.workerId} data-state={w.state}>
                <th scope="row">
                  {w.host} <span className="muted">pid {w.pid}</span>
                </th>
                <td>
                  <State worker={w} />
                </td>
                <td title={dateTime(w.seenAt)}>
                  {ago(Math.max(0, age(w.seenAt)))}
                  {w.stale ? <span className="muted"> (over {staleAfter})</span> : null}
                </td>
                <td className="num">
                  {w.busy} <span className="muted">of {w.capacity}</span>
                </td>
                <td>
                  <ul className="queues">
                    {w.queues.map((q) => (
                      <li key={q.name}>
                        {q.name} <span className="muted">({q.concurrency ?? '–'})</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="num">
                  {w.jobsCompleted} <span className="muted">completed</span>
                  {w.jobsFailed > 0 ? (
                    <>
                      {' '}
                      · {w.jobsFailed} <span className="muted">failed</span>
                    </>
                  ) : null}
                </td>
                <td className="num">
                  {bytes(w.rssBytes)} <span className="muted">RSS</span>
                  <br />
                  {bytes(w.heapUsedBytes)} <span className="muted">heap</span>
                </td>
                <td>{w.version ?? '–'}</td>
                <td title={dateTime(w.startedAt)}>{ago(Math.max(0, age(w.startedAt)))}</td>
                {canWrite ? (
                  <td className="actions">
                    {w.state === 'running' ? (
                      <button type="button" onClick={() => setAsking(w)} aria-label={`Drain ${w.workerId}`}>
                        Drain
                      </button>
                    ) : w.state === 'draining' ? (
                      <button
                        type="button"
                        onClick={() => void command(w, 'resume')}
                        aria-label={`Resume ${w.workerId}`}
                      >
                        Resume
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.isSuccess && workers.length === 0 ? <p>No worker has been seen in the last hour.</p> : null}
      <ConfirmDialog
        open={asking !== null}
        onOpenChange={(open) => (open ? null : setAsking(null))}
        title={`Drain ${asking?.workerId ?? ''}?`}
        confirmLabel="Drain the worker"
        onConfirm={() => {
          if (asking) void command(asking, 'drain');
          setAsking(null);
        }}
      >
        <p>
          It finishes the {asking?.busy ?? 0} {asking?.busy === 1 ? 'job' : 'jobs'} it runs and takes no new ones; the
          other workers take its queues' jobs. The process stays up, idle, until it is stopped or resumed.
        </p>
      </ConfirmDialog>
    </div>
  );
}
