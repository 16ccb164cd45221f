import type { Job } from '../../api.ts';
import { dateTime, duration } from '../../format.ts';

/** Every attempt: why it started, where, how it ended and after how long. */
export function Attempts({ job }: { job: Job }) {
  return (
    <section aria-labelledby="attempts">
      <h2 id="attempts">Attempts</h2>
      <ol className="timeline">
        {job.attemptHistory.map((a) => (
          <li key={a.number}>
            <strong>#{a.number}</strong> {a.reason} on {a.workerId ?? '–'} at {dateTime(a.startedAt)}
            {a.endedAt
              ? ` · ${a.outcome ?? ''} after ${duration(Date.parse(a.endedAt) - Date.parse(a.startedAt))}`
              : ' · running'}
            {a.error ? <span className="error-text"> · {a.error}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
