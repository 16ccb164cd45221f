import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { $api } from '../../api.ts';
import { duration } from '../../format.ts';
import { knownTimeZones } from './zoned-time.ts';

/** How long typing pauses before the timing is checked. */
const CHECK_AFTER_MS = 250;

/**
 * `value`, once it has stopped changing for `ms`. Compared by content: a page that renders again
 * (its clock, a list read again) does not restart the wait.
 */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is `value`'s content
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settled;
}

/** A timing as it is being typed: a cron, or an interval in minutes, in a zone. */
export interface TimingDraft {
  mode: 'cron' | 'every';
  cron: string;
  everyMinutes: string;
  timezone: string;
}

export const timingDraftOf = (
  schedule: { cron: string | null; everyMs: number | null; timezone: string } | undefined,
): TimingDraft => ({
  mode: schedule && schedule.cron === null ? 'every' : 'cron',
  cron: schedule?.cron ?? '',
  everyMinutes: schedule?.everyMs ? String(schedule.everyMs / 60_000) : '',
  timezone: schedule?.timezone ?? 'UTC',
});

/** The draft as the API takes it: one way of timing (the other cleared) and the zone. */
export const timingOf = (draft: TimingDraft) =>
  draft.mode === 'cron'
    ? { cron: draft.cron, everyMs: null, timezone: draft.timezone }
    : { cron: null, everyMs: Math.round(Number(draft.everyMinutes) * 60_000), timezone: draft.timezone };

/**
 * The timing checked as it is typed (nothing is saved): its problems, the timing in words, and
 * the next fires in the schedule's zone.
 */
export function useTimingPreview(draft: TimingDraft, jobType: string) {
  const timing = timingOf(draft);
  const query = useSettled(
    timing.cron !== null
      ? { cron: timing.cron || ' ', timezone: timing.timezone, jobType, count: 5 }
      : { everyMs: timing.everyMs || 0, timezone: timing.timezone, jobType, count: 5 },
    CHECK_AFTER_MS,
  );
  return $api.useQuery('get', '/api/schedule-preview', { params: { query } }, { placeholderData: keepPreviousData });
}
export type TimingPreview = NonNullable<ReturnType<typeof useTimingPreview>['data']>;
type PreviewTime = TimingPreview['times'][number];

/** What a change of the clocks does to a fire, when the preview says (`dst`), in its words. */
function DaylightSaving({ time }: { time: PreviewTime }) {
  const { dst } = time;
  if (dst) {
    return (
      <strong className="dst" data-dst={dst.kind}>
        {' '}
        · {dst.note}
      </strong>
    );
  }
  return time.offsetChanged ? <strong className="dst"> · clocks changed</strong> : null;
}

/**
 * A schedule's cron or interval and zone, checked as it is typed: its problems, the timing in
 * words, the next fires in the schedule's zone with daylight-saving shifts marked, and a warning
 * when runs would overlap.
 */
export function TimingFields({
  value,
  onChange,
  preview,
  typeP90,
  error,
}: {
  value: TimingDraft;
  onChange(next: TimingDraft): void;
  preview: TimingPreview | undefined;
  typeP90: number | null;
  /** The API's refusal of the timing, when Save was refused. */
  error?: string | undefined;
}) {
  const id = useId();
  const set = (change: Partial<TimingDraft>) => onChange({ ...value, ...change });
  const gapMs =
    preview && preview.times.length > 1
      ? Date.parse(preview.times[1]?.at as string) - Date.parse(preview.times[0]?.at as string)
      : null;
  const overlaps = typeP90 !== null && gapMs !== null && typeP90 * 1000 > gapMs;
  const checkId = `${id}-check`;
  const errorId = `${id}-error`;
  const describedBy = [checkId, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className="timing-fields">
      <fieldset>
        <legend>Runs</legend>
        <label className="inline">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={value.mode === 'cron'}
            onChange={() => set({ mode: 'cron' })}
          />{' '}
          on a cron
        </label>
        <label className="inline">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={value.mode === 'every'}
            onChange={() => set({ mode: 'every' })}
          />{' '}
          every N minutes
        </label>
      </fieldset>
      {value.mode === 'cron' ? (
        <div className="field">
          <label htmlFor={`${id}-cron`}>cron (minute hour day-of-month month day-of-week)</label>
          <input
            id={`${id}-cron`}
            value={value.cron}
            onChange={(e) => set({ cron: e.target.value })}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-every`}>every (minutes)</label>
          <input
            id={`${id}-every`}
            type="number"
            min={1 / 60}
            step="any"
            value={value.everyMinutes}
            onChange={(e) => set({ everyMinutes: e.target.value })}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-timezone`}>time zone</label>
        <input
          id={`${id}-timezone`}
          list={`${id}-zones`}
          value={value.timezone}
          onChange={(e) => set({ timezone: e.target.value })}
          aria-describedby={checkId}
        />
        <datalist id={`${id}-zones`}>
          {knownTimeZones().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div id={checkId} className="timing-check" aria-live="polite">
        {preview?.problems.length ? (
          <ul className="field-error">
            {preview.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : preview ? (
          <>
            <p className="when">{preview.when}</p>
            <ol className="preview" aria-label="Next fires">
              {preview.times.map((t) => (
                <li key={t.at}>
                  {t.local} <span className="muted">({t.utcOffset})</span>
                  <DaylightSaving time={t} />
                </li>
              ))}
            </ol>
            {overlaps ? (
              <p className="warning">
                Runs of this type usually take up to {duration((typeP90 ?? 0) * 1000)} (p90), longer than the{' '}
                {duration(gapMs ?? 0)} between fires: the overlap policy below decides what happens.
              </p>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
