import type { Job } from '../../api.ts';
import { dateTime, duration } from '../../format.ts';

/** Every attempt: why it started, where, how it ended and after how long. */
export function Attempts({ job }: { job: Job }) {
  return (
    <section aria-labelledby="attempts">
      <h2 id="attempts">Attempts</h2>
      {job.attemptHistory.length === 0 ? (
        <p className="muted">No attempt yet.</p>
      ) : (
        <ol className="timeline">
          {job.attemptHistory.map((a) => (
            // The marker takes the colour of how the attempt ended (pages.css); the text says it too.
            <li key={a.number} data-outcome={a.endedAt ? (a.outcome ?? 'ended') : 'running'}>
              <strong>#{a.number}</strong> {a.reason} on {a.workerId ?? '–'} at {dateTime(a.startedAt)}
              {a.endedAt
                ? ` · ${a.outcome ?? ''} after ${duration(Date.parse(a.endedAt) - Date.parse(a.startedAt))}`
                : ' · running'}
              {a.error ? <span className="error-text"> · {a.error}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
