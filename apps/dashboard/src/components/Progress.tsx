import type { Job } from '../api.ts';
import { duration, fromNow } from '../format.ts';

type ProgressFigure = NonNullable<Job['progress']>;

type Estimate = NonNullable<Job['eta']>;

/**
 * The ETA as of `now`: the API's range was right when it was read, but the page shows it until
 * the next read (or longer, while live updates are held), so a bound that has passed since is
 * shown as now rather than promised in the past; past its late bound the job is overdue.
 */
function estimateText(eta: Estimate & { expectedCompletionAt: string }, now: number): string {
  const notBefore = (iso: string | null) => (iso && Date.parse(iso) < now ? new Date(now).toISOString() : iso);
  if (eta.high && Date.parse(eta.high) < now) return 'taking longer than estimated';
  const expected = `done ${fromNow(notBefore(eta.expectedCompletionAt), now)}`;
  if (!eta.high) return `${expected} (no late bound until it says its size)`;
  return `${expected} (between ${fromNow(notBefore(eta.low), now)} and ${fromNow(eta.high, now)})`;
}

/** A progress bar with what it counts, and, while running, the ETA range. */
export function Progress({
  progress,
  eta,
  now = Date.now(),
}: {
  progress: ProgressFigure | null;
  eta?: Job['eta'];
  /** The ticking clock of the page, so the range is shown as of now. */
  now?: number;
}) {
  const percent = progress?.percent ?? 0;
  const counted =
    progress?.done !== undefined && progress.total !== undefined
      ? `${progress.done} of ${progress.total}`
      : `${percent}%`;
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={`progress ${percent}%`} />
      <span className="progress-text">
        {counted}
        {progress?.message ? ` · ${progress.message}` : ''}
      </span>
      {eta?.expectedCompletionAt ? (
        <span className="eta" title={`basis: ${eta.basis}`}>
          {estimateText({ ...eta, expectedCompletionAt: eta.expectedCompletionAt }, now)}
        </span>
      ) : eta ? (
        <span className="eta">no estimate yet ({eta.basis})</span>
      ) : null}
    </div>
  );
}

/** How long a job has been running, or ran. */
export function Elapsed({
  startedAt,
  completedAt,
  now,
}: {
  startedAt: string | null;
  completedAt: string | null;
  now: number;
}) {
  if (!startedAt) return <>–</>;
  // `now` ticks once a second: a job that started since the last tick has run 0 s, not "–".
  const end = completedAt ? Date.parse(completedAt) : Math.max(now, Date.parse(startedAt));
  return <>{duration(end - Date.parse(startedAt))}</>;
}
