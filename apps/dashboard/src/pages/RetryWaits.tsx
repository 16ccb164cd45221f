import type { Answer, paths } from '@scheduler/client';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { $api, api, unwrap } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Problem } from '../components/Problem.tsx';
import { shortId } from '../components/table/JobRows.tsx';
import { useJobTypeNames } from '../data/queries.ts';
import { dateTime, fromNow } from '../format.ts';
import { useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { JobsTabs } from './jobs/JobsTabs.tsx';

type RetryWait = Answer<'/api/retry-waits', 'get', 200>['jobs'][number];
type RetryWaitQuery = NonNullable<paths['/api/retry-waits']['get']['parameters']['query']>;

const PAGE_SIZE = 50;
const jobs = (n: number) => `${n} ${n === 1 ? 'job' : 'jobs'}`;

/**
 * Jobs waiting between attempts: when each runs again and the error that sent it there; admins
 * run one now, or every one the filter matches (asked first, with how many). The list is read
 * again when the event stream says a job failed an attempt or started (live/cache.ts).
 */
export default function RetryWaits() {
  const [params, setParams] = useSearchParams();
  const now = useNow(1000);
  const canWrite = useCanWrite();
  const sendOnce = useIntents();
  const queryClient = useQueryClient();
  const types = useJobTypeNames();
  const type = params.get('type') ?? '';
  const error = params.get('error') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [errorText, setErrorText] = useState(error);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const filter = { ...(type ? { type } : {}), ...(error ? { error } : {}) };
  const query: RetryWaitQuery = { ...filter, limit: PAGE_SIZE, page };
  const waits = $api.useQuery('get', '/api/retry-waits', { params: { query } }, { placeholderData: keepPreviousData });
  const rows = waits.data?.jobs ?? [];
  const total = waits.data?.total ?? 0;

  const setFilter = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    next.delete('page');
    setParams(next, { replace: true });
  };
  const goTo = (to: number) => {
    const next = new URLSearchParams(params);
    if (to > 1) next.set('page', String(to));
    else next.delete('page');
    setParams(next);
  };
  const reread = () => queryClient.invalidateQueries({ queryKey: ['get', '/api/retry-waits'] });

  const act = async <T,>(intent: string, work: (headers: { 'idempotency-key': string }) => Promise<T>) => {
    try {
      setProblem(null);
      const answer = await sendOnce(intent, work);
      await reread();
      return answer;
    } catch (caught) {
      setProblem(caught);
      await reread();
      return undefined;
    }
  };
  const runNow = async (job: RetryWait) => {
    const done = await act(`run-now:${job.id}`, (headers) =>
      unwrap(api.POST('/api/jobs/{jobId}/run-now', { params: { path: { jobId: job.id } }, headers })),
    );
    if (done) setOutcome(`${job.jobType} ${shortId(job.id)} runs now.`);
  };
  const runAll = async () => {
    const answer = await act(`run-all:${JSON.stringify(filter)}`, (headers) =>
      unwrap(api.POST('/api/retry-waits/run-now', { body: filter, headers })),
    );
    if (!answer) return;
    const refused = answer.notMoved.length
      ? `; ${answer.notMoved.length} could not: ${answer.notMoved[0]?.reason}`
      : '';
    setOutcome(
      `${jobs(answer.moved)} run now${refused}${answer.more ? '. More were waiting: run again for the rest.' : '.'}`,
    );
  };

  return (
    <div>
      <h1>Jobs</h1>
      <JobsTabs />
      <form
        className="filters"
        aria-label="Retry wait filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ error: errorText.trim() });
        }}
      >
        <label>
          type
          <select value={type} onChange={(e) => setFilter({ type: e.target.value })}>
            <option value="">all</option>
            {(types.data ?? []).map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          error contains
          <input
            value={errorText}
            onChange={(e) => setErrorText(e.target.value)}
            onBlur={() => setFilter({ error: errorText.trim() })}
            placeholder="ECONNRESET"
          />
        </label>
      </form>
      <Problem error={problem ?? waits.error ?? types.error} />
      <p className="outcome" role="status">
        {outcome}
      </p>
      <div className="views-head">
        <p className="muted" data-retry-wait-total={waits.data ? total : undefined}>
          {waits.data ? `${waits.data.totalIsExact ? '' : 'more than '}${jobs(total)} waiting to retry` : ''}
        </p>
        {canWrite ? (
          <button
            type="button"
            disabled={total === 0}
            onClick={() => {
              // The count is read again as the question is asked: jobs come and go.
              void waits.refetch();
              setConfirming(true);
            }}
          >
            Run all matching now
          </button>
        ) : null}
      </div>
      {waits.data && rows.length === 0 ? <p className="muted">No job is waiting to retry.</p> : null}
      {rows.length > 0 ? (
        <table className="jobs retry-waits">
          <caption className="visually-hidden">Jobs waiting to retry, those that failed longest ago first</caption>
          <thead>
            <tr>
              <th scope="col">type</th>
              <th scope="col">id</th>
              <th scope="col">failed</th>
              <th scope="col">error</th>
              <th scope="col">next try</th>
              {canWrite ? <th scope="col">action</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((job) => (
              <tr key={job.id} data-job-id={job.id}>
                <td>
                  <Link href={`/jobs/${job.id}`}>{job.jobType}</Link>
                </td>
                <td title={job.id}>
                  <code className="short-id">{shortId(job.id)}</code>
                </td>
                <td>
                  attempt {job.failedAttempt} of {job.maxAttempts}
                </td>
                <td>
                  <span className="attempt-error" title={job.attemptError ?? undefined}>
                    {job.attemptError ?? '–'}
                  </span>
                </td>
                <td>
                  <time
                    dateTime={job.nextTryAt}
                    title={`${dateTime(job.nextTryAt)}${job.nextTryFrom === 'backoff' ? ' (from the backoff: Redis did not say)' : ''}`}
                  >
                    {Date.parse(job.nextTryAt) <= now ? 'due now' : fromNow(job.nextTryAt, now)}
                  </time>
                </td>
                {canWrite ? (
                  <td>
                    <button type="button" onClick={() => void runNow(job)}>
                      Run now
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page <= 1} onClick={() => goTo(page - 1)}>
          Sooner
        </button>
        <button type="button" disabled={page * PAGE_SIZE >= total} onClick={() => goTo(page + 1)}>
          Later
        </button>
      </nav>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Run ${jobs(total)} now?`}
        confirmLabel={`Run ${jobs(total)} now`}
        onConfirm={() => void runAll()}
      >
        <p>
          {`Every job waiting to retry${type ? ` of ${type}` : ''}${error ? ` whose error contains "${error}"` : ''} ` +
            `starts as soon as a worker is free instead of after its backoff (${jobs(total)} now).`}
        </p>
      </ConfirmDialog>
    </div>
  );
}
