import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { api, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { useIntents } from '../intents.ts';
import { Attempts } from './job/Attempts.tsx';
import { CancelSteps } from './job/CancelSteps.tsx';
import { EditRetry } from './job/EditRetry.tsx';
import { JobHeader } from './job/JobHeader.tsx';
import { JobLog } from './job/JobLog.tsx';
import { JobNow } from './job/JobNow.tsx';
import { jobQueryKey, useJob } from './job/use-job.ts';
import './job/job.css';

/** States after which the job writes no more log lines. */
const ENDED: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/**
 * One job: what it was asked, what it did, every attempt, its log as it is written, and the
 * controls the API allows now: cancel (requested → the worker stopping it → stopped with what it
 * did), retry, and retry with an edited payload.
 */
export default function JobDetail({ id }: { id: string }) {
  const { job: jobQuery, logs: logsQuery, patchJob } = useJob(id);
  const queryClient = useQueryClient();
  const [commandError, setCommandError] = useState<unknown>(null);
  const [cancelAsked, setCancelAsked] = useState(false);
  const [editing, setEditing] = useState(false);
  const [, navigate] = useLocation();

  // Each press is sent once (one Idempotency-Key per intent): a double click cancels or retries once.
  const sendOnce = useIntents();
  const run = async (work: () => Promise<void>) => {
    try {
      setCommandError(null);
      await work();
    } catch (caught) {
      setCommandError(caught);
    }
  };
  const cancel = () =>
    run(async () => {
      setCancelAsked(true);
      const answer = await sendOnce(`cancel:${id}`, (headers) =>
        unwrap(api.POST('/api/jobs/{jobId}/cancel', { params: { path: { jobId: id } }, headers })),
      );
      if (!answer) return;
      patchJob(answer);
      await queryClient.invalidateQueries({ queryKey: jobQueryKey(id) });
    });
  const retry = (payload?: Record<string, unknown>) =>
    run(async () => {
      // The intent is this retry with this payload: another payload is another intent.
      const fresh = await sendOnce(`retry:${id}:${payload ? JSON.stringify(payload) : ''}`, (headers) =>
        unwrap(
          api.POST('/api/jobs/{jobId}/retry', {
            params: { path: { jobId: id } },
            body: payload ? { payload } : {},
            headers,
          }),
        ),
      );
      if (!fresh) return;
      setEditing(false);
      navigate(`/jobs/${fresh.id}`);
    });

  const job = jobQuery.data;
  if (!job) return jobQuery.error ? <Problem error={jobQuery.error} /> : <p className="loading">Loading…</p>;
  const logs = logsQuery.data ?? [];
  return (
    <div className="job-detail">
      <JobHeader job={job} onCancel={cancel} onRetry={() => retry()} onEditRetry={() => setEditing(true)} />
      <Problem error={commandError ?? logsQuery.error} />
      <JobNow job={job} />
      <CancelSteps job={job} logs={logs} asked={cancelAsked} />
      {editing ? <EditRetry initial={job.payload} onRetry={retry} onDiscard={() => setEditing(false)} /> : null}

      <div className="columns">
        <section aria-labelledby="payload">
          <h2 id="payload">Payload</h2>
          <pre>{JSON.stringify(job.payload, null, 2)}</pre>
        </section>
        <section aria-labelledby="result">
          <h2 id="result">Result</h2>
          {job.error ? <p className="error-text">{job.error}</p> : null}
          <pre>{job.result ? JSON.stringify(job.result, null, 2) : '–'}</pre>
        </section>
      </div>

      <Attempts job={job} />
      <JobLog lines={logs} ended={ENDED.has(job.display.state)} />
    </div>
  );
}
