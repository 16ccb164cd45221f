import type { Job } from '../api.ts';
import { duration, fromNow } from '../format.ts';

type ProgressFigure = NonNullable<Job['progress']>;

/** A progress bar with what it counts, and, while running, the ETA range. */
export function Progress({ progress, eta }: { progress: ProgressFigure | null; eta?: Job['eta'] }) {
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
          done {fromNow(eta.expectedCompletionAt)}{' '}
          {eta.high
            ? `(between ${fromNow(eta.low)} and ${fromNow(eta.high)})`
            : '(no late bound until it says its size)'}
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
  const end = completedAt ? Date.parse(completedAt) : now;
  return <>{duration(end - Date.parse(startedAt))}</>;
}
