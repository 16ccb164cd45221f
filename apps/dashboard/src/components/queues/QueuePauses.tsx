import { useId } from 'react';
import { useCanWrite } from '../../session.tsx';
import { QueueControl } from './QueueControl.tsx';
import { usePausedQueues, useQueues } from './use-queues.ts';

/**
 * The paused queues a page is about, each with its pause in words and Resume: every paused queue
 * (the Overview), or those of the types given (the Jobs page: its type filter, or the types it
 * lists). Nothing when none of them is paused.
 */
export function QueuePausesBanner({ types }: { types?: readonly string[] }) {
  const id = useId();
  const paused = [...usePausedQueues()].filter(([type]) => !types || types.includes(type));
  if (paused.length === 0) return null;
  return (
    <section aria-labelledby={id} className="paused-banner" data-paused-queues={paused.map(([t]) => t).join(' ')}>
      <h2 id={id}>{paused.length === 1 ? 'Queue paused' : 'Queues paused'}</h2>
      <p>Their waiting and new jobs do not start until the queue is resumed; running jobs finish.</p>
      <ul className="queue-list">
        {paused.map(([type, pause]) => (
          <li key={type}>
            <strong>{type}</strong> <QueueControl jobType={type} pause={pause} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * For the Jobs page filtered by a type: the banner when its queue is paused, else (for admins)
 * a way to pause it.
 */
export function QueueOfType({ jobType }: { jobType: string }) {
  const canWrite = useCanWrite();
  const pause = usePausedQueues().get(jobType);
  if (pause) return <QueuePausesBanner types={[jobType]} />;
  if (!canWrite) return null;
  return (
    <p className="queue-line muted">
      The {jobType} queue runs. <QueueControl jobType={jobType} pause={undefined} />
    </p>
  );
}

/**
 * Shows nothing: keeps the queues in the tab's cache (kept current by the app's event stream), so
 * that a page whose job waits is read again as soon as its queue is paused or resumed.
 */
export function FollowQueuePauses() {
  useQueues();
  return null;
}
