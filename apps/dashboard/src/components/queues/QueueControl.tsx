import { useState } from 'react';
import { useCanWrite } from '../../session.tsx';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { Problem } from '../Problem.tsx';
import { PauseQueueDialog } from './PauseQueueDialog.tsx';
import { pauseWords } from './pause-words.ts';
import { type QueuePause, useQueueCommands } from './use-queues.ts';
import './queues.css';

/**
 * A job type's queue: what its pause is ("paused since 14:02 by alice, until 15:00"), and for
 * admins Pause (a dialog: until when, why) or Resume (asked first).
 */
export function QueueControl({
  jobType,
  pause,
  compact = false,
}: {
  jobType: string;
  pause: QueuePause | undefined;
  /** Only the button (where the pause is said already). */
  compact?: boolean;
}) {
  const canWrite = useCanWrite();
  const commands = useQueueCommands();
  const [pausing, setPausing] = useState(false);
  const [resuming, setResuming] = useState(false);
  return (
    <span className="queue-control" data-queue={jobType} data-paused={pause ? 'true' : 'false'}>
      {pause && !compact ? <QueuePauseNote pause={pause} /> : null}
      {canWrite ? (
        pause ? (
          <button type="button" className="link" onClick={() => setResuming(true)}>
            Resume<span className="visually-hidden"> the {jobType} queue</span>
          </button>
        ) : (
          <button type="button" className="link" onClick={() => setPausing(true)}>
            Pause<span className="visually-hidden"> the {jobType} queue</span>
          </button>
        )
      ) : null}
      <Problem error={commands.error} />
      <PauseQueueDialog
        jobType={jobType}
        open={pausing}
        onOpenChange={setPausing}
        pause={async (until, reason, onRefused) =>
          (await commands.pause(jobType, until, reason, onRefused)) !== undefined
        }
      />
      <ConfirmDialog
        open={resuming}
        onOpenChange={setResuming}
        title={`Resume the ${jobType} queue?`}
        confirmLabel="Resume the queue"
        onConfirm={() => void commands.resume(jobType)}
      >
        <p>Its waiting jobs start as workers take them.</p>
      </ConfirmDialog>
    </span>
  );
}

/** "paused since 14:02 by alice, until 15:00 · provider down". */
export function QueuePauseNote({ pause }: { pause: QueuePause }) {
  return (
    <span className="queue-pause-note">
      {pauseWords(pause)}
      {pause.reason ? ` · ${pause.reason}` : ''}
    </span>
  );
}
