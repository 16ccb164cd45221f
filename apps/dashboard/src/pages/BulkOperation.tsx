import { useState } from 'react';
import { Link } from 'wouter';
import { $api, api, unwrap } from '../api.ts';
import { count } from '../components/BulkActions.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Problem } from '../components/Problem.tsx';
import { shortId } from '../components/table/JobRows.tsx';
import { dateTime, fromNow } from '../format.ts';
import { useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { ACTION_WORDS, type Operation, PROGRESS_READ_MS, selectionText } from './bulk/words.ts';

const useOperation = (id: string) =>
  $api.useQuery(
    'get',
    '/api/bulk-operations/{id}',
    { params: { path: { id } } },
    { refetchInterval: (query) => (query.state.data?.state === 'running' ? PROGRESS_READ_MS : false) },
  );

/** The counters as a bar and in words; the parts add up to `matched`. */
function Counts({ op }: { op: Operation }) {
  const handled = op.done + op.refused + op.failed;
  const percent = op.matched === 0 ? 100 : Math.floor((handled / op.matched) * 100);
  return (
    <div className="bulk-counts">
      <div className="progress">
        <progress max={100} value={percent} aria-label={`handled ${percent}%`} />
        <span className="progress-text">
          {count(handled)} of {count(op.matched)} handled
        </span>
      </div>
      <dl className="facts">
        <dt>matched</dt>
        <dd data-count="matched">{count(op.matched)}</dd>
        <dt>done</dt>
        <dd data-count="done">{count(op.done)}</dd>
        <dt>refused</dt>
        <dd data-count="refused">{count(op.refused)}</dd>
        <dt>failed</dt>
        <dd data-count="failed">{count(op.failed)}</dd>
        <dt>untouched</dt>
        <dd data-count="untouched">{count(op.untouched)}</dd>
      </dl>
    </div>
  );
}

/** One bulk operation: progress while it runs (read once a second), counts, refusals and why, and Abort. */
export default function BulkOperation({ id }: { id: string }) {
  const operation = useOperation(id);
  const canWrite = useCanWrite();
  const sendOnce = useIntents();
  const now = useNow(5000);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const op = operation.data;
  if (!op) return <Problem error={operation.error} />;
  const abort = async () => {
    setAsking(false);
    try {
      await sendOnce(`bulk-abort:${id}`, (headers) =>
        unwrap(api.POST('/api/bulk-operations/{id}/abort', { params: { path: { id } }, headers })),
      );
      await operation.refetch();
    } catch (caught) {
      setError(caught);
    }
  };
  const reasons = Object.entries(op.refusedReasons);
  return (
    <div>
      <p>
        <Link href="/bulk">Bulk operations</Link>
      </p>
      <h1>
        {ACTION_WORDS[op.action]} · {selectionText(op)}
      </h1>
      <p>
        <span className="badge" data-bulk-state={op.state}>
          {op.state}
        </span>{' '}
        started <time dateTime={op.createdAt}>{fromNow(op.createdAt, now)}</time> by{' '}
        {op.createdBy.kind === 'service' ? 'the service key' : (op.createdBy.clerkUserId ?? op.createdBy.userId)}
        {op.finishedAt ? (
          <>
            , ended <time dateTime={op.finishedAt}>{dateTime(op.finishedAt)}</time>
          </>
        ) : null}
        {op.abortedBy ? ` (aborted by ${op.abortedBy})` : ''}
      </p>
      {op.payloadPatch ? (
        <p>
          Payload patch: <code>{JSON.stringify(op.payloadPatch)}</code>
        </p>
      ) : null}
      <Counts op={op} />
      {op.error ? <p className="problem">{op.error}</p> : null}
      {canWrite && op.state === 'running' ? (
        <div className="actions">
          <button type="button" onClick={() => setAsking(true)}>
            Abort
          </button>
        </div>
      ) : null}
      <Problem error={error} />
      <h2>Left alone</h2>
      {reasons.length === 0 ? (
        <p className="muted">No job refused so far.</p>
      ) : (
        <table className="bulk-reasons">
          <caption className="visually-hidden">Refusals by reason</caption>
          <thead>
            <tr>
              <th scope="col">reason</th>
              <th scope="col" data-num>
                jobs
              </th>
            </tr>
          </thead>
          <tbody>
            {reasons.map(([reason, n]) => (
              <tr key={reason}>
                <td>{reason}</td>
                <td data-num>{count(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {op.problems.length > 0 ? (
        <>
          <h2>First jobs refused or failed</h2>
          <ul className="bulk-problems">
            {op.problems.map((p) => (
              <li key={p.jobId}>
                <Link href={`/jobs/${p.jobId}`}>
                  <code className="short-id">{shortId(p.jobId)}</code>
                </Link>{' '}
                {p.outcome}: {p.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ConfirmDialog
        open={asking}
        onOpenChange={setAsking}
        title="Abort this operation?"
        confirmLabel="Abort"
        onConfirm={() => void abort()}
      >
        <p>
          No further job is acted on; the {count(op.done)} done stay done and the {count(op.untouched)} not reached yet
          are left as they are.
        </p>
      </ConfirmDialog>
    </div>
  );
}
