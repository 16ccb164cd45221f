import { Link } from 'wouter';
import type { JobRow, JobSummary } from '../../data/types.ts';
import { dateTime, duration, fromNow } from '../../format.ts';
import { useHoldWhilePointing } from '../../live/LiveUpdates.tsx';
import { pauseWords } from '../queues/pause-words.ts';
import { Status } from '../Status.tsx';
import '../live.css';

/** The 8 characters of a job id the dashboard shows (and the job list searches by). */
export const shortId = (id: string) => id.slice(0, 8);

/** A dry run, marked wherever a job is listed. */
export function DryRunMark({ job }: { job: Pick<JobSummary, 'dryRun'> }) {
  return job.dryRun ? (
    <span className="badge dry-run" title="Dry run: nothing was changed">
      dry run
    </span>
  ) : null;
}

/** A job's tags, each a link to the jobs that carry it. */
export function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="tags">
      {tags.map((tag) => (
        <Link
          key={tag}
          className="badge tag"
          href={`/jobs?q=${encodeURIComponent(`tag:${tag}`)}`}
          title={`Jobs tagged ${tag}`}
        >
          {tag}
        </Link>
      ))}
    </span>
  );
}

/** Why a job waits: "attempt 2 of 3 failed · next try in 20 s". */
export function WaitingNote({ job, now }: { job: JobSummary; now: number }) {
  const { display } = job;
  if (display.state === 'waiting_to_retry') {
    return (
      <span className="waiting-note">
        attempt {display.failedAttempt ?? job.attempts} of {job.maxAttempts} failed · next try{' '}
        <time dateTime={display.retryAt ?? undefined} title={dateTime(display.retryAt)}>
          {display.retryAt ? fromNow(display.retryAt, now) : 'soon'}
        </time>
      </span>
    );
  }
  // Its status says "queue paused"; this says since when, by whom and until when.
  if (display.state === 'paused' && display.queuePause) {
    return <span className="waiting-note">{pauseWords(display.queuePause)}</span>;
  }
  return null;
}

/** Rows picked for a bulk action: a checkbox per row and one for the page. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  toggle(id: string, on: boolean): void;
  togglePage(ids: string[], on: boolean): void;
}

/**
 * The job list's table: rows show the state the API decided, follow the event stream, and hold
 * still while the pointer rests on them. With `selection`, each row has a checkbox (bulk actions).
 */
export function JobTable({
  jobs,
  now: tick,
  caption,
  selection,
}: {
  jobs: JobRow[];
  now: number;
  caption: string;
  selection?: RowSelection;
}) {
  const hold = useHoldWhilePointing();
  const pageIds = jobs.map((job) => job.id);
  const pageSelected = selection ? pageIds.filter((id) => selection.selected.has(id)).length : 0;
  // Rows re-render when events land, between the clock's ticks: a new row is never "in 2 s".
  const now = Math.max(tick, Date.now());
  return (
    <table className="jobs" {...hold}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {selection ? (
            <th scope="col" className="select">
              <input
                type="checkbox"
                aria-label="Select every job of this page"
                checked={pageIds.length > 0 && pageSelected === pageIds.length}
                ref={(box) => {
                  if (box) box.indeterminate = pageSelected > 0 && pageSelected < pageIds.length;
                }}
                onChange={(event) => selection.togglePage(pageIds, event.currentTarget.checked)}
              />
            </th>
          ) : null}
          <th scope="col">status</th>
          <th scope="col">type</th>
          <th scope="col">id</th>
          <th scope="col">created</th>
          <th scope="col" data-num>
            took
          </th>
          <th scope="col">started by</th>
          <th scope="col" data-num>
            progress
          </th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} data-job-id={job.id} data-status={job.status} data-state={job.display.state}>
            {selection ? (
              <td className="select">
                <input
                  type="checkbox"
                  aria-label={`Select job ${shortId(job.id)}`}
                  checked={selection.selected.has(job.id)}
                  onChange={(event) => selection.toggle(job.id, event.currentTarget.checked)}
                />
              </td>
            ) : null}
            <td>
              <Status state={job.display.state} /> <WaitingNote job={job} now={now} />
            </td>
            <td>
              <Link href={`/jobs/${job.id}`}>{job.jobType}</Link>
              <DryRunMark job={job} />
              <TagList tags={job.tags} />
            </td>
            <td title={job.id}>
              {/* The monospace id sits in the cell's own line, on the row's baseline. */}
              <code className="short-id">{shortId(job.id)}</code>
            </td>
            <td title={dateTime(job.createdAt)}>{fromNow(job.createdAt, now)}</td>
            <td data-num>
              {job.startedAt && job.completedAt
                ? duration(Date.parse(job.completedAt) - Date.parse(job.startedAt))
                : '–'}
            </td>
            <td>{job.startedBy ?? '–'}</td>
            <td data-num>{job.progress ? `${job.progress.percent}%` : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
