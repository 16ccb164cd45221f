import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { $api, api, type Schedule, unwrap } from '../../api.ts';
import { Problem } from '../../components/Problem.tsx';
import { duration } from '../../format.ts';
import { useIntents } from '../../intents.ts';

/** How long typing pauses before the timing is checked. */
const CHECK_AFTER_MS = 250;

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Edits a schedule's cron or interval and zone, checking the timing as it is typed (nothing is
 * saved until Save): its problems, the timing in words, the next fires in the schedule's zone
 * with daylight-saving shifts marked, and a warning when runs would overlap.
 */
export function TimingEditor({
  schedule,
  typeP90,
  onSaved,
}: {
  schedule: Schedule;
  typeP90: number | null;
  onSaved(saved: Schedule): void;
}) {
  const [mode, setMode] = useState<'cron' | 'every'>(schedule.cron !== null ? 'cron' : 'every');
  const [cron, setCron] = useState(schedule.cron ?? '');
  const [everyMinutes, setEveryMinutes] = useState(schedule.everyMs ? String(schedule.everyMs / 60_000) : '');
  const [timezone, setTimezone] = useState(schedule.timezone);
  const [error, setError] = useState<unknown>(null);
  const everyMs = Math.round(Number(everyMinutes) * 60_000);
  const query = useSettled(
    mode === 'cron'
      ? { cron: cron || ' ', timezone, jobType: schedule.jobType, count: 5 }
      : { everyMs: everyMs || 0, timezone, jobType: schedule.jobType, count: 5 },
    CHECK_AFTER_MS,
  );
  const checked = $api.useQuery(
    'get',
    '/api/schedule-preview',
    { params: { query } },
    { placeholderData: keepPreviousData },
  );
  const preview = checked.data;

  const gapMs =
    preview && preview.times.length > 1
      ? Date.parse(preview.times[1]?.at as string) - Date.parse(preview.times[0]?.at as string)
      : null;
  const overlaps = typeP90 !== null && gapMs !== null && typeP90 * 1000 > gapMs;
  const sendOnce = useIntents();
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const body = mode === 'cron' ? { cron, timezone } : { everyMs, timezone };
    try {
      // The intent is this timing: a double click saves once, an edit is a new intent.
      const saved = await sendOnce(`timing:${schedule.name}:${JSON.stringify(body)}`, (headers) =>
        unwrap(api.PUT('/api/schedules/{name}', { params: { path: { name: schedule.name } }, body, headers })),
      );
      if (saved) onSaved(saved);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="timing-editor" onSubmit={save} aria-label={`Timing of ${schedule.name}`}>
      <fieldset>
        <legend>Runs</legend>
        <label className="inline">
          <input type="radio" name="mode" checked={mode === 'cron'} onChange={() => setMode('cron')} /> on a cron
        </label>
        <label className="inline">
          <input type="radio" name="mode" checked={mode === 'every'} onChange={() => setMode('every')} /> every N
          minutes
        </label>
      </fieldset>
      {mode === 'cron' ? (
        <div className="field">
          <label htmlFor="cron">cron (minute hour day-of-month month day-of-week)</label>
          <input id="cron" value={cron} onChange={(e) => setCron(e.target.value)} aria-describedby="timing-check" />
        </div>
      ) : (
        <div className="field">
          <label htmlFor="every">every (minutes)</label>
          <input
            id="every"
            type="number"
            min={1 / 60}
            step="any"
            value={everyMinutes}
            onChange={(e) => setEveryMinutes(e.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor="timezone">time zone</label>
        <input id="timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
      </div>
      <div id="timing-check" aria-live="polite">
        {preview?.problems.length ? (
          <ul className="field-error">
            {preview.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : preview ? (
          <>
            <p className="when">{preview.when}</p>
            <ol className="preview">
              {preview.times.map((t) => (
                <li key={t.at}>
                  {t.local} <span className="muted">({t.utcOffset})</span>
                  {t.offsetChanged ? <strong> · clocks changed</strong> : null}
                </li>
              ))}
            </ol>
            {overlaps ? (
              <p className="warning">
                Runs of this type usually take up to {duration((typeP90 ?? 0) * 1000)} (p90), longer than the{' '}
                {duration(gapMs ?? 0)} between fires: runs would overlap or be skipped.
              </p>
            ) : null}
          </>
        ) : null}
      </div>
      <Problem error={error ?? checked.error} />
      <button type="submit" disabled={!preview || preview.problems.length > 0}>
        Save
      </button>
    </form>
  );
}
