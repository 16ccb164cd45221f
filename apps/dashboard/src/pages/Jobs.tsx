import { useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { BulkActions } from '../components/BulkActions.tsx';
import { FilterBar, type JobFilters } from '../components/FilterBar.tsx';
import { LivePause } from '../components/LivePause.tsx';
import { Problem } from '../components/Problem.tsx';
import { JobTable } from '../components/table/JobRows.tsx';
import { useJobPage, useJobTypeNames } from '../data/queries.ts';
import type { JobQuery, JobStatus } from '../data/types.ts';
import { useCanWrite } from '../session.tsx';
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
  const canWrite = useCanWrite();
  // Rows picked for a bulk action, or every job the filter matches (what the listing matches).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  const select = (ids: string[], on: boolean) => {
    setAllMatching(false);
    setSelected((was) => {
      const next = new Set(was);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  };

  const setFilters = (changes: Partial<JobFilters>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    next.delete('after');
    setTrail([]);
    // Another filter matches other jobs: what was selected under the old one is let go.
    clearSelection();
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
      <LivePause />
      <p className="muted">{total}</p>
      {canWrite && page.data ? (
        <BulkActions
          selected={selected}
          allMatching={allMatching}
          filters={filters}
          total={page.data.total}
          totalIsExact={page.data.totalIsExact}
          onSelectAllMatching={() => setAllMatching(true)}
          onClear={clearSelection}
        />
      ) : null}
      <JobTable
        jobs={page.data?.jobs ?? []}
        now={now}
        caption="Jobs, newest first"
        selection={
          canWrite
            ? {
                selected: allMatching ? new Set((page.data?.jobs ?? []).map((job) => job.id)) : selected,
                toggle: (id, on) => select([id], on),
                togglePage: select,
              }
            : undefined
        }
      />
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
