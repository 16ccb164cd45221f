import { Link } from 'wouter';
import type { Outcome } from './use-schedule-commands.ts';

/** What the last press did, in a live region, with a link to the job it started. */
export function Said({ outcome }: { outcome: Outcome | null }) {
  return (
    <p className="outcome" role="status">
      {outcome ? (
        <>
          {outcome.text}{' '}
          {outcome.jobId ? <Link href={`/jobs/${outcome.jobId}`}>job {outcome.jobId.slice(0, 8)}</Link> : null}
        </>
      ) : null}
    </p>
  );
}
