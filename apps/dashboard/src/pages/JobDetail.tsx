import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api, type Job, type LogLine, messageOf, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { Elapsed, Progress } from '../components/Progress.tsx';
import { Status } from '../components/Status.tsx';
import { useJobEvents } from '../events.ts';
import { dateTime, duration } from '../format.ts';
import { useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';

/**
 * One job: what it was asked, what it did, every attempt, its log as it is written, and the
 * controls: cancel (requested → the worker stopping it → stopped with what it did), retry, and
 * retry with an edited payload.
 */
export default function JobDetail({ id }: { id: string }) {
  const [job, setJob] = useState<Job | null>(null);
  const [logs, setLogs] = useState<LogLine[]>([]);
  const [follow, setFollow] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [cancelAsked, setCancelAsked] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const canWrite = useCanWrite();
  const now = useNow(1000);
  const logEnd = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setJob(await unwrap(api.GET('/api/jobs/{jobId}', { params: { path: { jobId: id } } })));
    } catch (caught) {
      setError(caught);
    }
  }, [id]);
  const loadLogs = useCallback(async () => {
    const lines: LogLine[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await unwrap(
        api.GET('/api/jobs/{jobId}/logs', {
          params: { path: { jobId: id }, query: { limit: 1000, ...(after ? { after } : {}) } },
        }),
      );
      lines.push(...page.logs);
      if (!page.nextAfter) break;
      after = page.nextAfter;
    }
    setLogs(lines);
  }, [id]);
  useEffect(() => {
    setCancelAsked(false);
    void load();
    void loadLogs().catch(setError);
  }, [load, loadLogs]);
  useJobEvents(
    `/api/jobs/${id}/events`,
    (kind, event) => {
      if (kind === 'log') {
        const line = event as unknown as {
          logId: string;
          level: LogLine['level'];
          message: string;
          data?: LogLine['data'];
        };
        // A line may come both in the first page and as an event: its id says so.
        setLogs((current) =>
          current.some((l) => l.id === line.logId)
            ? current
            : [
                ...current,
                { id: line.logId, at: event.at, level: line.level, message: line.message, data: line.data ?? null },
              ],
        );
        return;
      }
      void load();
    },
    () => {
      void load();
      void loadLogs().catch(setError);
    },
  );
  // A safety net under the stream while the job is not finished: a slow re-read.
  const unfinished = job !== null && (job.status === 'pending' || job.status === 'running');
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [unfinished, load]);
  useEffect(() => {
    if (follow && logs.length > 0) logEnd.current?.scrollIntoView({ block: 'end' });
  }, [logs, follow]);

  // Each press is sent once (one Idempotency-Key per intent): a double click cancels or retries once.
  const sendOnce = useIntents();
  const cancel = async () => {
    try {
      setCancelAsked(true);
      const asked = await sendOnce(`cancel:${id}`, (headers) =>
        unwrap(api.POST('/api/jobs/{jobId}/cancel', { params: { path: { jobId: id } }, headers })),
      );
      if (asked) await load();
    } catch (caught) {
      setError(caught);
    }
  };
  const retry = async (payload?: Record<string, unknown>) => {
    try {
      // The intent is this retry with this payload: another payload is another intent.
      const fresh = await sendOnce(`retry:${id}:${payload ? JSON.stringify(payload) : ''}`, (headers) =>
        unwrap(
          api.POST('/api/jobs/{jobId}/retry', {
            params: { path: { jobId: id } },
            body: payload ? { payload } : {},
            headers,
          }),
        ),
      );
      if (!fresh) return;
      setEditing(null);
      navigate(`/jobs/${fresh.id}`);
    } catch (caught) {
      setError(caught);
    }
  };
  const retryEdited = () => {
    try {
      void retry(JSON.parse(editing ?? '{}') as Record<string, unknown>);
    } catch (caught) {
      setError(new Error(`The payload is not JSON: ${messageOf(caught)}`));
    }
  };

  if (!job) return error ? <Problem error={error} /> : <p className="loading">Loading…</p>;
  const stopping = job.status === 'running' && !!job.cancelRequestedAt;
  // The worker running it writes this line when its cancel watch hands it the request.
  const acknowledged = logs.find((line) => line.data?.cancel === 'acknowledged');
  const finished = ['completed', 'failed', 'cancelled'].includes(job.status);
  return (
    <div className="job-detail">
      <h1>
        {job.jobType} <Status state={stopping ? 'stopping' : job.status} />
      </h1>
      <p className="muted">
        <code>{job.id}</code> · created {dateTime(job.createdAt)} by {job.startedBy ?? '–'}
        {job.scheduleName ? ` · schedule ${job.scheduleName}` : ''} · priority {job.priority}
        {job.retryOf ? (
          <>
            {' '}
            · retry of <Link href={`/jobs/${job.retryOf}`}>{job.retryOf.slice(0, 8)}</Link>
          </>
        ) : null}{' '}
        · <a href={`/admin/queues/queue/${job.jobType}/${job.id}`}>in Bull Board</a>
      </p>
      <Problem error={error} />

      {job.status === 'running' || job.status === 'pending' ? (
        <section aria-labelledby="now">
          <h2 id="now">Now</h2>
          <p>
            Running for <Elapsed startedAt={job.startedAt} completedAt={null} now={now} />
          </p>
          <Progress progress={job.progress} eta={job.eta} />
        </section>
      ) : null}

      {cancelAsked || job.cancelRequestedAt ? (
        <ol className="cancel-steps" aria-label="Cancellation">
          <li className="done">Stop requested</li>
          {job.startedAt ? (
            <li className={acknowledged ? 'done' : ''}>
              {acknowledged
                ? `Acknowledged by its worker (${String(acknowledged.data?.workerId ?? '')})`
                : 'Waiting for its worker'}
            </li>
          ) : (
            <li className={job.status === 'cancelled' ? 'done' : ''}>Taken off the queue</li>
          )}
          <li className={job.status === 'cancelled' ? 'done' : ''}>
            {job.status === 'cancelled'
              ? `Stopped: ${job.error ?? ''}${job.result ? ', with what it had done' : ''}`
              : 'Stopped'}
          </li>
        </ol>
      ) : null}

      {canWrite ? (
        <div className="actions">
          {!finished && !stopping ? (
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          ) : null}
          {job.status === 'failed' || job.status === 'cancelled' ? (
            <>
              <button type="button" onClick={() => retry()}>
                Retry
              </button>
              <button type="button" onClick={() => setEditing(JSON.stringify(job.payload, null, 2))}>
                Edit payload and retry
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {editing !== null ? (
        <section aria-labelledby="edit-payload">
          <h2 id="edit-payload">Retry with this payload</h2>
          <p className="muted">The original keeps its own payload; the retry runs with this one.</p>
          <label htmlFor="payload-editor">payload (JSON)</label>
          <textarea id="payload-editor" rows={8} value={editing} onChange={(e) => setEditing(e.target.value)} />
          <div className="actions">
            <button type="button" onClick={retryEdited}>
              Retry with this payload
            </button>
            <button type="button" className="link" onClick={() => setEditing(null)}>
              Discard
            </button>
          </div>
        </section>
      ) : null}

      <div className="columns">
        <section aria-labelledby="payload">
          <h2 id="payload">Payload</h2>
          <pre>{JSON.stringify(job.payload, null, 2)}</pre>
        </section>
        <section aria-labelledby="result">
          <h2 id="result">Result</h2>
          {job.error ? <p className="error-text">{job.error}</p> : null}
          <pre>{job.result ? JSON.stringify(job.result, null, 2) : '–'}</pre>
        </section>
      </div>

      <section aria-labelledby="attempts">
        <h2 id="attempts">Attempts</h2>
        <ol className="timeline">
          {job.attemptHistory.map((a) => (
            <li key={a.number}>
              <strong>#{a.number}</strong> {a.reason} on {a.workerId ?? '–'} at {dateTime(a.startedAt)}
              {a.endedAt
                ? ` · ${a.outcome ?? ''} after ${duration(Date.parse(a.endedAt) - Date.parse(a.startedAt))}`
                : ' · running'}
              {a.error ? <span className="error-text"> · {a.error}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="log">
        <h2 id="log">Log</h2>
        <label className="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow new lines
        </label>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe: scrollable-region-focusable) */}
        <div className="log" role="log" aria-live="polite" tabIndex={0}>
          {logs.length === 0 ? <p className="muted">Nothing logged yet.</p> : null}
          {logs.map((line) => (
            <div key={line.id} className={`log-line log-${line.level}`}>
              <time>{new Date(line.at).toLocaleTimeString()}</time> <span className="level">{line.level}</span>{' '}
              {line.message}
              {line.data ? <span className="muted"> {JSON.stringify(line.data)}</span> : null}
            </div>
          ))}
          <div ref={logEnd} />
        </div>
      </section>
    </div>
  );
}
