import { ApiError } from '@scheduler/client';
import {
  jobQueryParams,
  parseJobQuery,
  type JobQuery as SearchQuery,
  serializeJobQuery,
} from '@scheduler/client/job-query';
import { useEffect, useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { BulkActions } from '../components/BulkActions.tsx';
import { CursorPager, useCursorPages } from '../components/CursorPager.tsx';
import { LivePause } from '../components/LivePause.tsx';
import { Problem } from '../components/Problem.tsx';
import { QueueOfType, QueuePausesBanner } from '../components/queues/QueuePauses.tsx';
import { problemText, SearchBar } from '../components/SearchBar.tsx';
import { JobTable } from '../components/table/JobRows.tsx';
import { useJobPage } from '../data/queries.ts';
import type { JobQuery } from '../data/types.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { JobsTabs } from './jobs/JobsTabs.tsx';

const PAGE = 25;
/** The filters of links from before the search bar (?type=…&status=…), and the keys they become. */
const LEGACY = {
  type: 'type',
  status: 'status',
  from: 'from',
  to: 'to',
  startedBy: 'startedBy',
  idPrefix: 'id',
} as const;

/**
 * The search a URL asks for, as the bar's query text: `q`, with the filters of an older link
 * (type=, status=, …) added to it; and whether the URL holds such filters (then it is rewritten).
 */
function queryOfUrl(params: URLSearchParams): { q: string; legacy: boolean } {
  const q = params.get('q') ?? '';
  const legacy = Object.keys(LEGACY).filter((name) => params.get(name));
  if (legacy.length === 0) return { q, legacy: false };
  const parsed = parseJobQuery(q);
  const query: SearchQuery = parsed.ok ? { ...parsed.query } : {};
  for (const name of legacy) {
    const value = params.get(name) as string;
    const key = LEGACY[name as keyof typeof LEGACY];
    if (key === 'type' || key === 'status') query[key] = [value];
    else query[key] = value;
  }
  return { q: serializeJobQuery(query), legacy: true };
}

/**
 * Job history: one search in the query language, held in the URL as `q=` with the page's cursor
 * (a view can be shared, a reload keeps the page), rows kept current by the app's event stream
 * (no read per event).
 */
export function Jobs() {
  const [params, setParams] = useSearchParams();
  const [, navigate] = useLocation();
  const pages = useCursorPages(params, setParams);
  const now = useNow(5000);
  const { q, legacy } = queryOfUrl(params);
  // An older link's filters become the bar's query in the URL (a reload or a copy says q=).
  useEffect(() => {
    if (!legacy) return;
    const next = new URLSearchParams(params);
    for (const name of Object.keys(LEGACY)) next.delete(name);
    next.set('q', q);
    setParams(next, { replace: true });
  }, [legacy, q, params, setParams]);
  const parsed = parseJobQuery(q);
  const after = pages.after;
  // The API is asked with the typed filters the query stands for (the live updates match new
  // jobs against them); a query the bar cannot read asks nothing.
  const filters = parsed.ok ? (jobQueryParams(parsed.query) as JobQuery) : {};
  const page = useJobPage({ ...filters, after, limit: PAGE }, parsed.ok);
  const searchedTypes = parsed.ok ? (parsed.query.type ?? []) : [];
  const canWrite = useCanWrite();
  // Rows picked for a bulk action, or every job the search matches (the filters the listing is asked with).
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

  const search = (text: string) => {
    const next = new URLSearchParams(params);
    if (text) next.set('q', text);
    else next.delete('q');
    pages.restart(next);
    // Another search matches other jobs: what was selected under the old one is let go.
    clearSelection();
    setParams(next);
  };
  // The API's refusal of this search (a type it does not know, "narrow the search") is said
  // at the bar, as the bar's own are.
  const refused = page.error instanceof ApiError && page.error.status === 400 ? page.error.message : null;
  const problem = !parsed.ok ? problemText(parsed.problems) : refused;
  const total = page.data
    ? `${page.data.totalIsExact ? '' : 'more than '}${page.data.total} ${page.data.total === 1 ? 'job' : 'jobs'}`
    : '';

  return (
    <div>
      <h1>Jobs</h1>
      <JobsTabs />
      <SearchBar query={q} problem={problem} onSearch={search} onOpenJob={(id) => navigate(`/jobs/${id}`)} />
      <Problem error={refused ? null : page.error} />
      {/* The queue of the one type searched for, or the paused queues of the types listed. */}
      {searchedTypes.length === 1 ? (
        <QueueOfType jobType={searchedTypes[0] as string} />
      ) : (
        <QueuePausesBanner types={[...new Set((page.data?.jobs ?? []).map((job) => job.jobType))]} />
      )}
      <LivePause />
      <p className="muted">{total}</p>
      {canWrite && parsed.ok && page.data ? (
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
        jobs={parsed.ok ? (page.data?.jobs ?? []) : []}
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
      <CursorPager pages={pages} nextAfter={page.data?.nextAfter} />
    </div>
  );
}
