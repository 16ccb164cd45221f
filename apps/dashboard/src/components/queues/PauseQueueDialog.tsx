import { useId, useState } from 'react';
import { ApiError } from '../../api.ts';
import { instantInZone, wallTimeInZone } from '../../pages/schedules/zoned-time.ts';
import { Dialog } from '../Dialog.tsx';
import { Problem } from '../Problem.tsx';

const HOUR_MS = 3_600_000;
/** The reader's zone: a queue has none of its own, so "until 15:00" is the admin's 15:00. */
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Asks before pausing a queue: until resumed, or until a time (the admin's own zone, or a
 * preset), and why. Says what a pause does; a refusal (a time past, too far) shows at its field.
 */
export function PauseQueueDialog({
  jobType,
  open,
  onOpenChange,
  pause,
}: {
  jobType: string;
  open: boolean;
  onOpenChange(open: boolean): void;
  pause(until: Date | null, reason: string | null, onRefused: (error: unknown) => void): Promise<boolean>;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Pause the ${jobType} queue`}
      description="Its waiting and new jobs stay queued and none starts; running jobs finish. Schedules of the type wait too, and their missed runs are settled by their policy once it resumes."
    >
      {open ? <PauseQueueForm pause={pause} onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function PauseQueueForm({
  pause,
  onDone,
}: {
  pause(until: Date | null, reason: string | null, onRefused: (error: unknown) => void): Promise<boolean>;
  onDone(): void;
}) {
  const id = useId();
  const zone = localZone();
  const [withEnd, setWithEnd] = useState(false);
  const [wall, setWall] = useState(() => wallTimeInZone(new Date(Date.now() + HOUR_MS), zone));
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const until = withEnd && wall ? instantInZone(wall, zone) : null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (withEnd && (!until || Number.isNaN(until.getTime()))) {
      setFieldError('give a date and time');
      return;
    }
    setFieldError(null);
    setError(null);
    const done = await pause(until, reason.trim() || null, (refused) => {
      if (refused instanceof ApiError && refused.status === 400) setFieldError(refused.message);
      else setError(refused);
    });
    if (done) onDone();
  };
  const preset = (ms: number) => {
    setWithEnd(true);
    setWall(wallTimeInZone(new Date(Date.now() + ms), zone));
  };

  return (
    <form onSubmit={submit} noValidate className="pause-form">
      <fieldset className="queue-pause-end">
        <legend>How long</legend>
        <label>
          <input type="radio" name={`${id}-end`} checked={!withEnd} onChange={() => setWithEnd(false)} /> until someone
          resumes it
        </label>
        <label>
          <input type="radio" name={`${id}-end`} checked={withEnd} onChange={() => setWithEnd(true)} /> until a time
        </label>
        <div className="actions">
          <button type="button" onClick={() => preset(HOUR_MS)}>
            1 hour
          </button>
          <button type="button" onClick={() => preset(4 * HOUR_MS)}>
            4 hours
          </button>
        </div>
      </fieldset>
      {withEnd ? (
        <div className="field">
          <label htmlFor={`${id}-until`}>until (your time, {zone})</label>
          <input
            id={`${id}-until`}
            type="datetime-local"
            value={wall}
            onChange={(e) => setWall(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${id}-until-error` : undefined}
          />
          {fieldError ? (
            <small id={`${id}-until-error`} className="field-error" role="alert">
              {fieldError}
            </small>
          ) : null}
        </div>
      ) : fieldError ? (
        <p className="field-error" role="alert">
          {fieldError}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-reason`}>reason (optional, shown with the pause)</label>
        <input
          id={`${id}-reason`}
          type="text"
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <Problem error={error} />
      <div className="actions dialog-actions">
        <button type="submit" className="primary">
          Pause the queue
        </button>
      </div>
    </form>
  );
}
