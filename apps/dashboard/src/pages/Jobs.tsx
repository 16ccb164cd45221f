import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api, JOB_STATUSES, type JobRow, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { Status } from '../components/Status.tsx';
import { useJobEvents } from '../events.ts';
import { dateTime, duration, fromNow } from '../format.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 25;

/**
 * Job history: filters in the URL (so a view can be shared), cursor paging, and rows that
 * follow the event stream: a job that starts, moves or ends updates its row in place, and new
 * jobs appear on the first page, without a reload.
 */
export function Jobs() {
  const [params, setParams] = useSearchParams();
  const [, navigate] = useLocation();
  const [jobs, setJobs] = useState<JobRow[]>([]);
  const [cursors, setCursors] = useState<string[]>([]);
  const [nextAfter, setNextAfter] = useState<string | null>(null);
  const [total, setTotal] = useState<{ total: number; exact: boolean } | null>(null);
  const [types, setTypes] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const filters = {
    type: params.get('type') ?? undefined,
    status: (params.get('status') ?? undefined) as (typeof JOB_STATUSES)[number] | undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    startedBy: params.get('startedBy') ?? undefined,
  };
  const after = cursors.at(-1);
  const key = JSON.stringify(filters);

  const load = useCallback(async () => {
    try {
      const query = Object.fromEntries(Object.entries(JSON.parse(key)).filter(([, v]) => v));
      const page = await unwrap(
        api.GET('/api/jobs', { params: { query: { ...query, limit: PAGE, ...(after ? { after } : {}) } } }),
      );
      setJobs(page.jobs);
      setNextAfter(page.nextAfter);
      setTotal({ total: page.total, exact: page.totalIsExact });
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [key, after]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void unwrap(api.GET('/api/job-types')).then((t) => setTypes(t.jobTypes.map((j) => j.name)), setError);
  }, []);

  useJobEvents(
    '/api/events',
    (kind, event) => {
      if (kind === 'log') return;
      if (kind === 'created' && !after) {
        void load();
        return;
      }
      if (!jobs.some((job) => job.id === event.jobId)) return;
      void unwrap(api.GET('/api/jobs/{jobId}', { params: { path: { jobId: event.jobId } } })).then((fresh) =>
        setJobs((current) => current.map((job) => (job.id === fresh.id ? fresh : job))),
      );
    },
    load,
  );

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setCursors([]);
    setParams(next);
  };
  const find = (event: React.FormEvent) => {
    event.preventDefault();
    const id = search.trim();
    if (UUID.test(id)) navigate(`/jobs/${id}`);
    else setError(new Error('A job id looks like 0b9f3c1e-5d2a-4c6e-9a7b-1f2e3d4c5b6a'));
  };

  return (
    <div>
      <h1>Jobs</h1>
      <form className="filters" onSubmit={find} aria-label="Filters">
        <label>
          type
          <select value={filters.type ?? ''} onChange={(e) => setFilter('type', e.target.value)}>
            <option value="">all</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          status
          <select value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">all</option>
            {JOB_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          from
          <input type="date" value={filters.from ?? ''} onChange={(e) => setFilter('from', e.target.value)} />
        </label>
        <label>
          to
          <input type="date" value={filters.to ?? ''} onChange={(e) => setFilter('to', e.target.value)} />
        </label>
        <label>
          started by
          <input
            type="text"
            placeholder="service, scheduler or a user id"
            defaultValue={filters.startedBy ?? ''}
            onBlur={(e) => setFilter('startedBy', e.target.value.trim())}
          />
        </label>
        <label>
          job id
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="paste an id" />
        </label>
        <button type="submit">Find</button>
      </form>
      <Problem error={error} />
      <p className="muted" aria-live="polite">
        {total ? `${total.exact ? '' : 'more than '}${total.total} jobs` : ''}
      </p>
      <table className="jobs">
        <thead>
          <tr>
            <th scope="col">status</th>
            <th scope="col">type</th>
            <th scope="col">created</th>
            <th scope="col">took</th>
            <th scope="col">started by</th>
            <th scope="col">progress</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} data-job-id={job.id} data-status={job.status}>
              <td>
                <Status state={job.cancelRequestedAt && job.status === 'running' ? 'stopping' : job.status} />
              </td>
              <td>
                <Link href={`/jobs/${job.id}`}>{job.jobType}</Link>
              </td>
              <td title={dateTime(job.createdAt)}>{fromNow(job.createdAt)}</td>
              <td>
                {job.startedAt && job.completedAt
                  ? duration(Date.parse(job.completedAt) - Date.parse(job.startedAt))
                  : '–'}
              </td>
              <td>{job.startedBy ?? '–'}</td>
              <td>{job.progress ? `${job.progress.percent}%` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer
        </button>
        <button type="button" disabled={!nextAfter} onClick={() => nextAfter && setCursors((c) => [...c, nextAfter])}>
          Older
        </button>
      </nav>
    </div>
  );
}
