import { useId, useState } from 'react';
import { ApiError, type Schedule } from '../../api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Problem } from '../../components/Problem.tsx';
import { instantInZone, timeInZone, tomorrowAt, wallTimeInZone } from './zoned-time.ts';

const HOUR_MS = 3_600_000;

/** Common pauses, each a time the form is filled with (shown before it is sent). */
const PRESETS: Array<{ label: string; until(timezone: string, now: Date): Date }> = [
  { label: '1 hour', until: (_, now) => new Date(now.getTime() + HOUR_MS) },
  { label: '4 hours', until: (_, now) => new Date(now.getTime() + 4 * HOUR_MS) },
  { label: 'Until tomorrow 09:00', until: (zone, now) => tomorrowAt(9, zone, now) },
];

/**
 * Pauses a schedule until a time, typed as the schedule's zone shows it (where "09:00" means
 * its 09:00), or picked from a preset. It resumes by itself then; slots until then are not runs
 * and not misses. A refusal (a time past, or too far) shows at the field.
 */
export function PauseDialog({
  schedule,
  onOpenChange,
  pause,
}: {
  schedule: Schedule | undefined;
  onOpenChange(open: boolean): void;
  pause(schedule: Schedule, until: Date, onRefused: (error: unknown) => void): Promise<unknown>;
}) {
  return (
    <Dialog
      open={schedule !== undefined}
      onOpenChange={onOpenChange}
      title={`Pause ${schedule?.name ?? ''}`}
      description="No run starts until then; it resumes by itself, and nothing in between counts as missed."
    >
      {schedule ? (
        <PauseForm key={schedule.name} schedule={schedule} pause={pause} onDone={() => onOpenChange(false)} />
      ) : null}
    </Dialog>
  );
}

function PauseForm({
  schedule,
  pause,
  onDone,
}: {
  schedule: Schedule;
  pause(schedule: Schedule, until: Date, onRefused: (error: unknown) => void): Promise<unknown>;
  onDone(): void;
}) {
  const id = useId();
  const zone = schedule.timezone;
  const [wall, setWall] = useState(() => wallTimeInZone(new Date(Date.now() + HOUR_MS), zone));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const until = wall ? instantInZone(wall, zone) : null;
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!until || Number.isNaN(until.getTime())) {
      setFieldError('give a date and time');
      return;
    }
    setFieldError(null);
    setError(null);
    const done = await pause(schedule, until, (refused) => {
      if (refused instanceof ApiError && refused.status === 400) setFieldError(refused.message);
      else setError(refused);
    });
    if (done) onDone();
  };
  return (
    <form onSubmit={submit} noValidate className="pause-form">
      <fieldset className="presets">
        <legend className="visually-hidden">Presets</legend>
        <div className="actions">
          {PRESETS.map((preset) => (
            <button
              key={preset.label}
              type="button"
              onClick={() => setWall(wallTimeInZone(preset.until(zone, new Date()), zone))}
            >
              {preset.label}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-until`}>until ({zone} time)</label>
        <input
          id={`${id}-until`}
          type="datetime-local"
          value={wall}
          onChange={(e) => setWall(e.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={`${id}-until-hint${fieldError ? ` ${id}-until-error` : ''}`}
        />
        <small id={`${id}-until-hint`} className="muted">
          {until && !Number.isNaN(until.getTime())
            ? `resumes ${timeInZone(until.toISOString(), zone)}${zone === Intl.DateTimeFormat().resolvedOptions().timeZone ? '' : ` (${until.toLocaleString()} your time)`}`
            : 'a date and time in the schedule’s zone'}
        </small>
        {fieldError ? (
          <small id={`${id}-until-error`} className="field-error" role="alert">
            {fieldError}
          </small>
        ) : null}
      </div>
      <Problem error={error} />
      <div className="actions dialog-actions">
        <button type="submit" className="primary">
          Pause
        </button>
      </div>
    </form>
  );
}
