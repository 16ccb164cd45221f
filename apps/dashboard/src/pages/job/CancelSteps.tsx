import type { Job, LogLine } from '../../api.ts';

/**
 * A cancel as it goes: requested, then taken off the queue or acknowledged by the worker running
 * it, then stopped (with what it had done).
 */
export function CancelSteps({ job, logs, asked }: { job: Job; logs: readonly LogLine[]; asked: boolean }) {
  if (!asked && !job.cancelRequestedAt) return null;
  // The worker running it writes this line when its cancel watch hands it the request.
  const acknowledged = logs.find((line) => line.data?.cancel === 'acknowledged');
  const cancelled = job.status === 'cancelled';
  return (
    <ol className="cancel-steps" aria-label="Cancellation">
      <li className="done">Stop requested</li>
      {job.startedAt ? (
        <li className={acknowledged ? 'done' : ''}>
          {acknowledged
            ? `Acknowledged by its worker (${String(acknowledged.data?.workerId ?? '')})`
            : 'Waiting for its worker'}
        </li>
      ) : (
        <li className={cancelled ? 'done' : ''}>Taken off the queue</li>
      )}
      <li className={cancelled ? 'done' : ''}>
        {cancelled ? `Stopped: ${job.error ?? ''}${job.result ? ', with what it had done' : ''}` : 'Stopped'}
      </li>
    </ol>
  );
}
