import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog.tsx';
import type { Alert } from '../../data/alerts.ts';
import { dateTime } from '../../format.ts';
import { fromLocalInput, kindWords, silencePresets, subjectWords, toLocalInput } from './words.ts';

/** The longest silence the API takes. */
const MAX_SILENCE_DAYS = 90;

/**
 * Silences an open alert until a time: a preset (in an hour, tomorrow morning…) or a date and
 * time typed in the browser's own time zone. Nothing is sent while it is silenced; it still
 * resolves, and a later change after the silence is sent again.
 */
export function SilenceDialog({
  alert,
  onOpenChange,
  onSilence,
}: {
  alert: Alert | null;
  onOpenChange(open: boolean): void;
  onSilence(alert: Alert, until: Date): Promise<boolean>;
}) {
  return (
    <Dialog
      open={alert !== null}
      onOpenChange={onOpenChange}
      title={alert ? `Silence ${kindWords(alert.kind).toLowerCase()}: ${subjectWords(alert.subject)}` : 'Silence'}
    >
      {alert ? <SilenceForm key={alert.id} alert={alert} onSilence={onSilence} /> : null}
    </Dialog>
  );
}

function SilenceForm({ alert, onSilence }: { alert: Alert; onSilence(alert: Alert, until: Date): Promise<boolean> }) {
  const [now] = useState(() => new Date());
  const presets = silencePresets(now);
  const [typed, setTyped] = useState(() => toLocalInput(presets[0]?.until ?? now));
  const [problem, setProblem] = useState<string | null>(null);
  const latest = new Date(now.getTime() + MAX_SILENCE_DAYS * 86_400_000);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const until = fromLocalInput(typed);
    if (!until) return setProblem('A date and a time, e.g. 2026-12-24T09:00');
    if (until.getTime() <= Date.now()) return setProblem('A time in the future');
    if (until > latest) return setProblem(`At most ${MAX_SILENCE_DAYS} days from now`);
    setProblem(null);
    await onSilence(alert, until);
  };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="silence">
      <p className="muted">
        No notification is sent while it is silenced. It still resolves when the condition clears.
      </p>
      <fieldset className="silence-presets">
        <legend>For</legend>
        <div className="actions">
          {presets.map((preset) => (
            <button
              key={preset.label}
              type="button"
              title={dateTime(preset.until.toISOString())}
              onClick={() => void onSilence(alert, preset.until)}
            >
              {preset.label}
            </button>
          ))}
        </div>
      </fieldset>
      {/* The time is checked here, said in words beside the field (not in the browser's bubble). */}
      <form onSubmit={submit} aria-label="Silence until a date and time" noValidate>
        <div className="field">
          <label htmlFor="silence-until">Or until ({zone})</label>
          <input
            id="silence-until"
            type="datetime-local"
            value={typed}
            min={toLocalInput(now)}
            max={toLocalInput(latest)}
            onChange={(e) => setTyped(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'silence-until-error' : undefined}
          />
          {problem ? (
            <p id="silence-until-error" className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit">Silence until then</button>
        </div>
      </form>
    </div>
  );
}
