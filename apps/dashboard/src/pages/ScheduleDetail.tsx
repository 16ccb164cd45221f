import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { $api } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { TagList } from '../components/table/JobRows.tsx';
import { dateTime, duration, fromNow } from '../format.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { LastRun } from './schedules/LastRun.tsx';
import { Misses } from './schedules/Misses.tsx';
import { Said } from './schedules/Said.tsx';
import { type Ask, ScheduleDialogs } from './schedules/ScheduleDialogs.tsx';
import { driftOf, Origin, PauseNote } from './schedules/ScheduleNotes.tsx';
import { untilNextChange, useScheduleCommands } from './schedules/use-schedule-commands.ts';
import './schedules/schedules.css';

const MISSED_WORDS = { skip: 'skip them', run_once: 'run once', catch_up: 'catch up' } as const;
const OVERLAP_WORDS = { skip: 'skip the new run', queue: 'queue one run after it', cancel: 'cancel the running one' };

/**
 * One schedule whole: its settings, where it comes from and how it differs from the code (with
 * Reset), a pause (with Resume), and what it missed and what was done about it.
 */
export default function ScheduleDetail({ name }: { name: string }) {
  const now = useNow(5000);
  const one = $api.useQuery(
    'get',
    '/api/schedules/{name}',
    { params: { path: { name } } },
    { refetchInterval: (query) => untilNextChange(query.state.data ? [query.state.data] : []) },
  );
  const commands = useScheduleCommands();
  const canWrite = useCanWrite();
  const [ask, setAsk] = useState<Ask | null>(null);
  const s = one.data;
  // A link to #misses scrolls there once the page has its data.
  useEffect(() => {
    if (s && window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [s]);
  if (!s) {
    return (
      <div>
        <h1>{name}</h1>
        {one.error ? <Problem error={one.error} /> : <p className="loading">Loading…</p>}
      </div>
    );
  }
  const drift = driftOf(s);
  return (
    <div className="schedule-detail">
      <p className="muted">
        <Link href="/schedules">Schedules</Link> /
      </p>
      <div className="page-head">
        <h1>
          {s.name} <Origin schedule={s} />
        </h1>
        {canWrite ? (
          <div className="actions">
            <button type="button" onClick={() => commands.runNow(s)}>
              Run now
            </button>
            {s.pause ? null : (
              <button type="button" onClick={() => setAsk({ kind: 'pause', schedule: s })}>
                Pause until…
              </button>
            )}
            <button type="button" className="primary" onClick={() => setAsk({ kind: 'edit', schedule: s })}>
              Edit
            </button>
          </div>
        ) : null}
      </div>
      <Problem error={commands.error} />
      <Said outcome={commands.outcome} />
      {s.pause ? (
        <p className="paused-banner">
          <PauseNote pause={s.pause} timezone={s.timezone} onResume={() => commands.resume(s.name)} />
        </p>
      ) : null}

      <dl className="settings">
        <dt>job type</dt>
        <dd>
          {s.jobType}
          {s.description ? <span className="muted"> · {s.description}</span> : null}
        </dd>
        <dt>when</dt>
        <dd>
          {s.when} {s.cron ? <span className="mono muted">{s.cron}</span> : null}
        </dd>
        <dt>next</dt>
        <dd>
          {!s.enabled
            ? 'disabled'
            : s.pause
              ? 'paused'
              : s.nextRunAt
                ? `${fromNow(new Date(Math.max(Date.parse(s.nextRunAt), now)).toISOString(), now)} (${dateTime(s.nextRunAt)})`
                : '–'}
        </dd>
        <dt>last run</dt>
        <dd>{s.lastRun ? <LastRun run={s.lastRun} /> : '–'}</dd>
        <dt>payload</dt>
        <dd>
          <code>{JSON.stringify(s.payload)}</code>
        </dd>
        <dt>tags</dt>
        <dd>{s.tags.length > 0 ? <TagList tags={s.tags} /> : <span className="muted">none</span>}</dd>
        <dt>priority</dt>
        <dd>
          {s.priority}
          {s.priorityOverride === null ? <span className="muted"> (the type's default)</span> : null}
        </dd>
        <dt>missed runs</dt>
        <dd>
          {MISSED_WORDS[s.missedPolicy]}
          {s.missedPolicy === 'catch_up'
            ? ` at most ${s.catchUpMax ?? '–'}${s.catchUpWindowMs ? ` within ${duration(s.catchUpWindowMs)}` : ''}`
            : ''}
        </dd>
        <dt>run still going</dt>
        <dd>
          {OVERLAP_WORDS[s.overlapPolicy]}
          {s.queuedSlotAt ? <span className="muted"> · one run queued for {dateTime(s.queuedSlotAt)}</span> : null}
        </dd>
        <dt>may start late by</dt>
        <dd>
          {duration(s.graceMs)}
          {s.graceMsOverride === null ? <span className="muted"> (the default)</span> : null}
        </dd>
        <dt>last changed</dt>
        <dd>
          {dateTime(s.updatedAt)} by {s.updatedBy}
        </dd>
      </dl>

      {s.declared ? (
        <section aria-labelledby="from-the-code" className="from-the-code">
          <h2 id="from-the-code">From the code</h2>
          {s.override && drift.length > 0 ? (
            <>
              <p>
                Changed here since {dateTime(s.override.at)} by {s.override.by}; a deploy leaves these changes as they
                are:
              </p>
              <ul className="drift-list">
                {drift.map((d) => (
                  <li key={d.field}>
                    The code says <strong>{d.code}</strong>; runs <strong>{d.here}</strong>.
                  </li>
                ))}
              </ul>
              {canWrite ? (
                <button type="button" onClick={() => setAsk({ kind: 'reset', schedule: s })}>
                  Reset to the code's…
                </button>
              ) : null}
            </>
          ) : (
            <p className="muted">As the code declares it: a deploy that changes the declaration updates it.</p>
          )}
        </section>
      ) : null}

      <Misses name={s.name} />
      <ScheduleDialogs ask={ask} onClose={() => setAsk(null)} commands={commands} />
    </div>
  );
}
