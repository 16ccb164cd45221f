import { Link } from 'wouter';
import type { Job } from '../../api.ts';
import { Status } from '../../components/Status.tsx';
import { TagList } from '../../components/table/JobRows.tsx';
import { dateTime } from '../../format.ts';

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Why a job that is not running waits, in the server's terms (nothing derived here). */
export function WaitingReason({ job }: { job: Job }) {
  const { display } = job;
  if (display.state === 'waiting_to_retry') {
    return (
      <p className="job-waiting">
        attempt {display.failedAttempt} of {job.maxAttempts} failed
        {display.retryAt ? (
          <>
            {' '}
            · next try at <time dateTime={display.retryAt}>{clock.format(new Date(display.retryAt))}</time>
          </>
        ) : null}
        {display.queuePaused ? ' · queue paused: waits until it is resumed' : null}
      </p>
    );
  }
  // The status already says "queue paused": this only says what that means for the job.
  if (display.state === 'paused') return <p className="job-waiting">waits until its queue is resumed</p>;
  return null;
}

/**
 * What the job is and what may be done to it, kept in view while the page scrolls: its title
 * and state, why it waits, and a button for each action the API allows now (and no other).
 */
export function JobHeader({
  job,
  onCancel,
  onRetry,
  onEditRetry,
}: {
  job: Job;
  onCancel(): void;
  onRetry(): void;
  onEditRetry(): void;
}) {
  return (
    <header className="job-header">
      <div className="job-title">
        <h1>
          {job.jobType} <Status state={job.display.state} />
          {job.dryRun ? <span className="dry-run-mark">dry run</span> : null}
        </h1>
        {job.actions.length > 0 ? (
          <div className="actions">
            {job.actions.includes('cancel') ? (
              <button type="button" onClick={onCancel}>
                Cancel
              </button>
            ) : null}
            {job.actions.includes('retry') ? (
              <button type="button" onClick={onRetry}>
                Retry
              </button>
            ) : null}
            {job.actions.includes('edit_and_retry') ? (
              <button type="button" onClick={onEditRetry}>
                Edit payload and retry
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      <WaitingReason job={job} />
      <p className="muted job-facts">
        <code>{job.id}</code> · created {dateTime(job.createdAt)} by {job.startedBy ?? '–'}
        {job.scheduleName ? ` · schedule ${job.scheduleName}` : ''} · priority {job.priority}
        {job.tags.length > 0 ? (
          <>
            {' '}
            · tags <TagList tags={job.tags} />
          </>
        ) : null}
        {job.retryOf ? (
          <>
            {' '}
            · retry of <Link href={`/jobs/${job.retryOf}`}>{job.retryOf.slice(0, 8)}</Link>
          </>
        ) : null}{' '}
        · <a href={`/admin/queues/queue/${job.jobType}/${job.id}`}>in Bull Board</a>
      </p>
    </header>
  );
}
