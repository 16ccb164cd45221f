import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { api, type JobType, type Schedule, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { Status } from '../components/Status.tsx';
import { duration, fromNow } from '../format.ts';
import { type KeyHeader, useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';

interface Preview {
  problems: string[];
  when: string | null;
  times: Array<{ at: string; local: string; utcOffset: string; offsetChanged: boolean }>;
}

/** Every schedule: when it runs next, how its last run went, and its controls. */
export default function Schedules() {
  const [schedules, setSchedules] = useState<Schedule[]>([]);
  const [types, setTypes] = useState<JobType[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const canWrite = useCanWrite();
  const load = useCallback(async () => {
    try {
      const [answer, catalogue] = await Promise.all([
        unwrap(api.GET('/api/schedules')),
        unwrap(api.GET('/api/job-types')),
      ]);
      setSchedules(answer.schedules);
      setTypes(catalogue.jobTypes);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  // Each press is sent once (one Idempotency-Key per intent): a double click on Run now runs once.
  const sendOnce = useIntents();
  const act = async (intent: string, work: (headers: KeyHeader) => Promise<unknown>) => {
    try {
      setError(null);
      if ((await sendOnce(intent, work)) !== undefined) await load();
    } catch (caught) {
      setError(caught);
    }
  };
  const path = (name: string, headers: KeyHeader) => ({ params: { path: { name } }, headers });

  return (
    <div>
      <h1>Schedules</h1>
      <Problem error={error} />
      <table className="schedules">
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">when</th>
            <th scope="col">next</th>
            <th scope="col">last run</th>
            <th scope="col">enabled</th>
            {canWrite ? <th scope="col">actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {schedules.map((s) => (
            <tr key={s.name} data-schedule={s.name}>
              <td>
                <strong>{s.name}</strong>
                <div className="muted">
                  {s.jobType}
                  {s.description ? ` · ${s.description}` : ''}
                </div>
              </td>
              <td>{s.when}</td>
              <td>{s.nextRunAt ? fromNow(s.nextRunAt) : '–'}</td>
              <td>
                {s.lastRun ? (
                  <Link href={`/jobs/${s.lastRun.id}`}>
                    <Status state={s.lastRun.status} /> {fromNow(s.lastRun.createdAt)}
                  </Link>
                ) : (
                  '–'
                )}
              </td>
              <td>{s.enabled ? 'yes' : 'no'}</td>
              {canWrite ? (
                <td className="actions">
                  <button
                    type="button"
                    onClick={() =>
                      act(`enable:${s.name}:${!s.enabled}`, (headers) =>
                        unwrap(
                          api.PUT('/api/schedules/{name}', { ...path(s.name, headers), body: { enabled: !s.enabled } }),
                        ),
                      )
                    }
                  >
                    {s.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      act(`run:${s.name}`, (headers) =>
                        unwrap(api.POST('/api/schedules/{name}/run', path(s.name, headers))),
                      )
                    }
                  >
                    Run now
                  </button>
                  <button type="button" onClick={() => setEditing(editing === s.name ? null : s.name)}>
                    Edit timing
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      window.confirm(`Remove the schedule ${s.name}? Its past runs stay.`) &&
                      act(`delete:${s.name}`, (headers) =>
                        unwrap(api.DELETE('/api/schedules/{name}', path(s.name, headers))),
                      )
                    }
                  >
                    Delete
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? (
        <TimingEditor
          key={editing}
          schedule={schedules.find((s) => s.name === editing) as Schedule}
          typeP90={
            types.find((t) => t.name === schedules.find((s) => s.name === editing)?.jobType)?.duration?.p90 ?? null
          }
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

/**
 * Edits a schedule's cron or interval and zone, checking the timing as it is typed (nothing is
 * saved until Save): its problems, the timing in words, the next fires in the schedule's zone
 * with daylight-saving shifts marked, and a warning when runs would overlap.
 */
function TimingEditor({ schedule, typeP90, onSaved }: { schedule: Schedule; typeP90: number | null; onSaved(): void }) {
  const [mode, setMode] = useState<'cron' | 'every'>(schedule.cron !== null ? 'cron' : 'every');
  const [cron, setCron] = useState(schedule.cron ?? '');
  const [everyMinutes, setEveryMinutes] = useState(schedule.everyMs ? String(schedule.everyMs / 60_000) : '');
  const [timezone, setTimezone] = useState(schedule.timezone);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const everyMs = Math.round(Number(everyMinutes) * 60_000);

  useEffect(() => {
    const timer = setTimeout(async () => {
      try {
        const query =
          mode === 'cron'
            ? { cron: cron || ' ', timezone, jobType: schedule.jobType, count: 5 }
            : { everyMs: everyMs || 0, timezone, jobType: schedule.jobType, count: 5 };
        setPreview(await unwrap(api.GET('/api/schedule-preview', { params: { query } })));
      } catch (caught) {
        setError(caught);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [mode, cron, everyMs, timezone, schedule.jobType]);

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
      if (saved) onSaved();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="timing-editor" onSubmit={save} aria-labelledby="timing-title">
      <h2 id="timing-title">Timing of {schedule.name}</h2>
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
      <Problem error={error} />
      <button type="submit" disabled={!preview || preview.problems.length > 0}>
        Save
      </button>
    </form>
  );
}
