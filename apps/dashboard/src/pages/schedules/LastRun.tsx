import { Link } from 'wouter';
import { $api, type Schedule } from '../../api.ts';
import { Status } from '../../components/Status.tsx';
import { fromNow } from '../../format.ts';

/** How often an unfinished last run is read again, until the app's event stream keeps it current. */
const UNFINISHED_REREAD_MS = 2000;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * A schedule's last run as it is now: the run's own job (shared with the job page's cache) is
 * followed while it is unfinished, so the cell goes from running to how it ended.
 */
export function LastRun({ run }: { run: NonNullable<Schedule['lastRun']> }) {
  const unfinished = !FINISHED.has(run.status);
  const job = $api.useQuery(
    'get',
    '/api/jobs/{jobId}',
    { params: { path: { jobId: run.id } } },
    {
      enabled: unfinished,
      refetchInterval: (query) =>
        query.state.data && FINISHED.has(query.state.data.status) ? false : UNFINISHED_REREAD_MS,
    },
  );
  const state = job.data?.display.state ?? run.status;
  return (
    <Link href={`/jobs/${run.id}`} data-last-run={run.id}>
      <Status state={state} /> {fromNow(run.createdAt)}
    </Link>
  );
}
