import type { Job } from '../../api.ts';
import { Elapsed, Progress } from '../../components/Progress.tsx';
import { useNow } from '../../use-now.ts';

/** While it runs: for how long, how far it has come, and when it should end (the API's range). */
export function JobNow({ job }: { job: Job }) {
  const now = useNow(1000);
  if (job.display.state !== 'running' && job.display.state !== 'stopping') return null;
  return (
    <section aria-labelledby="now">
      <h2 id="now">Now</h2>
      <p>
        Running for <Elapsed startedAt={job.startedAt} completedAt={null} now={now} />
      </p>
      <Progress progress={job.progress} eta={job.eta} now={now} />
    </section>
  );
}
