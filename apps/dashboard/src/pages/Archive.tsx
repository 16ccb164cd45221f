import { type Answer, ApiError, type paths } from '@scheduler/client';
import { parseJobQuery } from '@scheduler/client/job-query';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'wouter';
import { $api, type JobType } from '../api.ts';
import { CursorPager, useCursorPages } from '../components/CursorPager.tsx';
import { Problem } from '../components/Problem.tsx';
import { problemText, SearchBar } from '../components/SearchBar.tsx';
import { Status } from '../components/Status.tsx';
import { shortId } from '../components/table/JobRows.tsx';
import { dateTime, fromNow } from '../format.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { JobsTabs } from './jobs/JobsTabs.tsx';
import { RetentionDialog } from './jobs/RetentionDialog.tsx';
import { retentionWords, SOURCE_WORDS } from './jobs/retention-words.ts';

type ArchivePage = Answer<'/api/archive', 'get', 200>;
type ArchiveQuery = NonNullable<paths['/api/archive']['get']['parameters']['query']>;
type ArchiveCount = ArchivePage['counts'][number];

const PAGE = 25;
const jobs = (n: number) => `${n} ${n === 1 ? 'job' : 'jobs'}`;

/**
 * The archive: finished jobs the nightly cleanup moved out of the job list once past their
 * type's retention. Each type's retention and how many of its jobs the archive holds (matching
 * the filter); admins change a retention here. Then the archived jobs, with the job list's
 * filters and cursor in the URL.
 */
export default function Archive() {
  const [params, setParams] = useSearchParams();
  const tick = useNow(60_000);
  // A row read between the clock's ticks is never "in 2 seconds".
  const now = Math.max(tick, Date.now());
  const canWrite = useCanWrite();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<JobType | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  // The job list's search, in its query language, held in the URL as `q=`.
  const q = params.get('q') ?? '';
  const parsed = parseJobQuery(q);
  const pages = useCursorPages(params, setParams);
  const after = pages.after;
  const query = { ...(q ? { q } : {}), ...(after ? { after } : {}), limit: PAGE } as ArchiveQuery;
  const archive = $api.useQuery('get', '/api/archive', { params: { query } }, { placeholderData: keepPreviousData });
  const catalogue = $api.useQuery('get', '/api/job-types');
  const types = catalogue.data?.jobTypes ?? [];
  const counts = new Map((archive.data?.counts ?? []).map((c) => [c.jobType, c]));
  // Types the code no longer has may still have archived jobs.
  const retired = [...counts.keys()].filter((name) => !types.some((t) => t.name === name));

  const search = (text: string) => {
    const next = new URLSearchParams(params);
    if (text) next.set('q', text);
    else next.delete('q');
    pages.restart(next);
    setParams(next);
  };
  // The API's refusal of the search (a term it cannot read, "narrow the search") is said at the bar.
  const refused = archive.error instanceof ApiError && archive.error.status === 400 ? archive.error.message : null;
  const problem = !parsed.ok ? problemText(parsed.problems) : refused;
  const total = archive.data
    ? `${archive.data.totalIsExact ? '' : 'more than '}${jobs(archive.data.total)} archived`
    : '';

  return (
    <div>
      <h1>Jobs</h1>
      <JobsTabs />
      <Problem error={(refused ? null : archive.error) ?? catalogue.error} />
      <p className="outcome" role="status">
        {outcome}
      </p>
      <section aria-labelledby="retention-title">
        <h2 id="retention-title">Retention per type</h2>
        <p className="muted">
          Finished jobs stay in the job list this long; the nightly cleanup (cleanup_old_data) then moves them here.
          Archived counts follow the filter below, but its type.
        </p>
        <table className="retention-table">
          <thead>
            <tr>
              <th scope="col">type</th>
              <th scope="col">kept</th>
              <th scope="col">from</th>
              <th scope="col" data-num>
                archived
              </th>
              <th scope="col">of which</th>
              {canWrite ? <th scope="col">action</th> : null}
            </tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <tr key={type.name} data-type={type.name}>
                <td>
                  <button type="button" className="link" onClick={() => search(`type:${type.name}`)}>
                    {type.name}
                  </button>
                </td>
                <td data-retention>{retentionWords(type.retention)}</td>
                <td className="muted">
                  {SOURCE_WORDS[type.retention.source]}
                  {type.retention.override
                    ? ` (${type.retention.override.updatedBy ?? 'someone'}, ${fromNow(type.retention.override.updatedAt, now)})`
                    : ''}
                </td>
                <ArchivedCells count={counts.get(type.name)} read={archive.data !== undefined} />
                {canWrite ? (
                  <td>
                    <button type="button" onClick={() => setEditing(type)}>
                      Change…
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
            {retired.map((name) => (
              <tr key={name} data-type={name}>
                <td>{name}</td>
                <td colSpan={2} className="muted">
                  no longer in the code
                </td>
                <ArchivedCells count={counts.get(name)} read={archive.data !== undefined} />
                {canWrite ? <td /> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="archived-title">
        <h2 id="archived-title">Archived jobs</h2>
        <SearchBar
          query={q}
          problem={problem}
          onSearch={search}
          onOpenJob={(id) => search(`id:${id.replaceAll('-', '')}`)}
        />
        <p className="muted" data-archive-total={archive.data?.total}>
          {total}
        </p>
        <table className="jobs archived">
          <caption className="visually-hidden">Archived jobs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">status</th>
              <th scope="col">type</th>
              <th scope="col">id</th>
              <th scope="col">created</th>
              <th scope="col">archived</th>
              <th scope="col">error</th>
            </tr>
          </thead>
          <tbody>
            {(archive.data?.jobs ?? []).map((job) => (
              <tr key={job.id} data-job-id={job.id} data-status={job.status}>
                <td>
                  <Status state={job.status} />
                </td>
                <td>{job.jobType}</td>
                <td title={job.id}>
                  <code className="short-id">{shortId(job.id)}</code>
                </td>
                <td title={dateTime(job.createdAt)}>{fromNow(job.createdAt, now)}</td>
                <td title={dateTime(job.archivedAt)}>{fromNow(job.archivedAt, now)}</td>
                <td>
                  <span className="attempt-error" title={job.error ?? undefined}>
                    {job.error ?? '–'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <CursorPager pages={pages} nextAfter={archive.data?.nextAfter} />
      </section>
      <RetentionDialog
        type={editing}
        onOpenChange={(open) => (open ? null : setEditing(null))}
        onSaved={(message) => {
          setEditing(null);
          setOutcome(message);
          void queryClient.invalidateQueries({ queryKey: ['get', '/api/job-types'] });
        }}
      />
    </div>
  );
}

/**
 * How many archived jobs of a type match, and how they ended. Until the archive is `read` (the
 * types come from another, often quicker, read) the count is not known, and not shown as 0.
 */
function ArchivedCells({ count, read }: { count: ArchiveCount | undefined; read: boolean }) {
  const byStatus = Object.entries(count?.byStatus ?? {});
  if (!read) {
    return (
      <>
        <td data-num aria-busy="true">
          …
        </td>
        <td className="muted">…</td>
      </>
    );
  }
  return (
    <>
      <td data-num data-archived={count?.total ?? 0}>
        {count?.total ?? 0}
      </td>
      <td className="muted">{byStatus.length ? byStatus.map(([status, n]) => `${n} ${status}`).join(', ') : '–'}</td>
    </>
  );
}
