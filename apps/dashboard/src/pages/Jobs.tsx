import { useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { FilterBar, type JobFilters } from '../components/FilterBar.tsx';
import { LivePause } from '../components/LivePause.tsx';
import { Problem } from '../components/Problem.tsx';
import { QueueOfType, QueuePausesBanner } from '../components/queues/QueuePauses.tsx';
import { JobTable } from '../components/table/JobRows.tsx';
import { useJobPage, useJobTypeNames } from '../data/queries.ts';
import type { JobQuery, JobStatus } from '../data/types.ts';
import { useNow } from '../use-now.ts';

const PAGE = 25;
const FILTERS = ['type', 'status', 'from', 'to', 'startedBy', 'idPrefix'] as const;

/**
 * Job history: filters and the page's cursor in the URL (a view can be shared, a reload keeps
 * the page), rows kept current by the app's event stream (no read per event).
 */
export function Jobs() {
  const [params, setParams] = useSearchParams();
  const [, navigate] = useLocation();
  // The cursors of the pages before this one, to go back ('' is the first page). A reload keeps
  // the page but not the way back to it: Newer then goes to the newest page, and says so.
  const [trail, setTrail] = useState<string[]>([]);
  const now = useNow(5000);
  const filters: JobFilters = Object.fromEntries(
    FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name) as string]] : [])),
  );
  const after = params.get('after') ?? undefined;
  const query: JobQuery = { ...filters, status: filters.status as JobStatus | undefined, after, limit: PAGE };
  const page = useJobPage(query);
  const types = useJobTypeNames();

  const setFilters = (changes: Partial<JobFilters>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    next.delete('after');
    setTrail([]);
    setParams(next);
  };
  const goTo = (cursor: string | undefined) => {
    const next = new URLSearchParams(params);
    if (cursor) next.set('after', cursor);
    else next.delete('after');
    setParams(next);
  };
  const total = page.data
    ? `${page.data.totalIsExact ? '' : 'more than '}${page.data.total} ${page.data.total === 1 ? 'job' : 'jobs'}`
    : '';

  return (
    <div>
      <h1>Jobs</h1>
      <FilterBar
        filters={filters}
        types={types.data ?? []}
        onChange={setFilters}
        onOpenJob={(id) => navigate(`/jobs/${id}`)}
      />
      <Problem error={page.error ?? types.error} />
      {/* The queue of the type filtered by, or the paused queues of the types listed. */}
      {filters.type ? (
        <QueueOfType jobType={filters.type} />
      ) : (
        <QueuePausesBanner types={[...new Set((page.data?.jobs ?? []).map((job) => job.jobType))]} />
      )}
      <LivePause />
      <p className="muted">{total}</p>
      <JobTable jobs={page.data?.jobs ?? []} now={now} caption="Jobs, newest first" />
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={!after}
          onClick={() => {
            goTo(trail.at(-1));
            setTrail((t) => t.slice(0, -1));
          }}
        >
          {after && trail.length === 0 ? 'Newest' : 'Newer'}
        </button>
        <button
          type="button"
          disabled={!page.data?.nextAfter}
          onClick={() => {
            const nextAfter = page.data?.nextAfter;
            if (!nextAfter) return;
            setTrail((t) => [...t, after ?? '']);
            goTo(nextAfter);
          }}
        >
          Older
        </button>
      </nav>
    </div>
  );
}
