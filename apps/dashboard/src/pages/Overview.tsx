import { useState } from 'react';
import { Link } from 'wouter';
import { Bars } from '../components/Bars.tsx';
import { LivePause } from '../components/LivePause.tsx';
import { Problem } from '../components/Problem.tsx';
import { Elapsed, Progress } from '../components/Progress.tsx';
import { QueueControl } from '../components/queues/QueueControl.tsx';
import { QueuePausesBanner } from '../components/queues/QueuePauses.tsx';
import { usePausedQueues } from '../components/queues/use-queues.ts';
import { Status } from '../components/Status.tsx';
import { DryRunMark, shortId, WaitingNote } from '../components/table/JobRows.tsx';
import { useOverview } from '../data/queries.ts';
import { duration, fromNow, percent } from '../format.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { TypeSparklines } from './overview/TypeSparklines.tsx';
import { PauseNote } from './schedules/ScheduleNotes.tsx';
import { useScheduleCommands } from './schedules/use-schedule-commands.ts';

const WINDOWS = [
  { days: 1, label: '24 h' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
] as const;

/** The API lists up to this many running and waiting jobs. */
const LISTED = 10;
/**
 * How many more there are than listed. Between reads the totals follow the events only roughly,
 * so a list that is not full says it all.
 */
const beyond = (listed: unknown[], total: number) => (listed.length < LISTED ? 0 : Math.max(0, total - listed.length));

/**
 * What runs now, what waits, how each type has been doing, what failed lately and what comes
 * next: one read of GET /api/overview, kept current by the app's event stream (which reads it
 * again every few seconds while jobs move, for the figures).
 */
export function Overview() {
  const [days, setDays] = useState<(typeof WINDOWS)[number]['days']>(1);
  const overview = useOverview(days);
  const now = useNow(1000);
  const data = overview.data;
  const types = data?.types ?? [];
  const { resume, error: resumeError } = useScheduleCommands();
  const queuePauses = usePausedQueues();
  const canWrite = useCanWrite();

  return (
    <div className="overview">
      <h1>Overview</h1>
      <Problem error={overview.error} />
      <LivePause />
      <QueuePausesBanner />

      <section aria-labelledby="running-now">
        <h2 id="running-now">Running now</h2>
        {data && data.running.length === 0 ? <p className="muted">Nothing is running.</p> : null}
        <ul className="cards">
          {(data?.running ?? []).map((job) => (
            <li key={job.id} className="card" data-job-id={job.id} data-state={job.display.state}>
              <Link href={`/jobs/${job.id}`}>{job.jobType}</Link> <DryRunMark job={job} />{' '}
              <Status state={job.display.state} />
              <span className="muted">
                {' '}
                for <Elapsed startedAt={job.startedAt} completedAt={null} now={now} />
              </span>
              <Progress progress={job.progress} eta={job.eta} now={now} />
            </li>
          ))}
        </ul>
        {data && beyond(data.running, data.runningTotal) > 0 ? (
          <p className="muted">
            and {data.runningTotal - data.running.length} more:{' '}
            <Link href="/jobs?status=running">all running jobs</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="waiting">
        <h2 id="waiting">Waiting</h2>
        {data && data.waiting.length === 0 ? (
          <p className="muted">No job waits to retry or on a paused queue.</p>
        ) : null}
        <ul>
          {(data?.waiting ?? []).map((job) => (
            <li key={job.id} data-job-id={job.id} data-state={job.display.state}>
              <Link href={`/jobs/${job.id}`}>{job.jobType}</Link> <span className="short-id">{shortId(job.id)}</span>{' '}
              <DryRunMark job={job} /> <Status state={job.display.state} /> <WaitingNote job={job} now={now} />
            </li>
          ))}
        </ul>
        {data && beyond(data.waiting, data.waitingTotal) > 0 ? (
          <p className="muted">and {beyond(data.waiting, data.waitingTotal)} more</p>
        ) : null}
        {data?.waiting.some((job) => job.display.state === 'waiting_to_retry') ? (
          <p>
            <Link href="/jobs/retry-waits">Every job waiting to retry, with its error and run now</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="by-type">
        <h2 id="by-type">By job type</h2>
        {data ? (
          <p className="muted">figures of {fromNow(data.computedAt, Math.max(now, Date.parse(data.computedAt)))}</p>
        ) : null}
        <fieldset className="segmented">
          <legend className="visually-hidden">Period</legend>
          {WINDOWS.map((w) => (
            <button key={w.days} type="button" aria-pressed={days === w.days} onClick={() => setDays(w.days)}>
              {w.label}
            </button>
          ))}
        </fieldset>
        <div className="charts">
          <Bars
            title={`Success rate, ${WINDOWS.find((w) => w.days === days)?.label}`}
            rows={types.map((t) => ({ label: t.jobType, value: t.successRate }))}
            format={(v) => percent(v)}
          />
          <Bars
            title="Duration p50 / p95"
            rows={types.map((t) => ({
              label: t.jobType,
              value: t.duration?.p50 ?? null,
              secondary: t.duration?.p95 ?? null,
            }))}
            format={(v) => duration(v * 1000)}
          />
        </div>
        <table>
          <caption className="visually-hidden">Jobs and queues by type</caption>
          <thead>
            <tr>
              <th scope="col">type</th>
              <th scope="col">queued</th>
              <th scope="col">running</th>
              <th scope="col">completed</th>
              <th scope="col">failed</th>
              <th scope="col">success</th>
              {canWrite ? <th scope="col">queue</th> : null}
            </tr>
          </thead>
          <tbody>
            {types.map((t) => (
              <tr key={t.jobType} data-job-type={t.jobType} data-queue-paused={t.queue?.paused ? 'true' : undefined}>
                <td>
                  <Link href={`/jobs?type=${t.jobType}`}>{t.jobType}</Link>
                  {t.queue?.paused ? <span className="waiting-note"> · queue paused</span> : null}
                </td>
                <td>{t.queue ? t.queue.waiting + t.queue.prioritized + t.queue.delayed : '–'}</td>
                <td>{t.queue?.active ?? '–'}</td>
                <td>{t.counts.completed}</td>
                <td>{t.counts.failed}</td>
                <td>{percent(t.successRate)}</td>
                {canWrite ? (
                  <td>
                    <QueueControl jobType={t.jobType} pause={queuePauses.get(t.jobType)} compact />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        <TypeSparklines />
      </section>

      <section aria-labelledby="recent-failures">
        <h2 id="recent-failures">Recent failures</h2>
        {data && data.recentFailures.length === 0 ? <p className="muted">None.</p> : null}
        <ul>
          {(data?.recentFailures ?? []).map((job) => (
            <li key={job.id}>
              <Link href={`/jobs/${job.id}`}>{job.jobType}</Link> <DryRunMark job={job} />{' '}
              {fromNow(job.completedAt, now)}: {job.error}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="next-runs">
        <h2 id="next-runs">Next scheduled runs</h2>
        <Problem error={resumeError} />
        {data && data.nextRuns.length === 0 && data.pausedSchedules.length === 0 ? (
          <p className="muted">No schedule is enabled.</p>
        ) : null}
        <ul>
          {/* A paused schedule's slots are not next runs: it says until when, and it resumes by itself. */}
          {(data?.pausedSchedules ?? []).map((s) => (
            <li key={s.name} data-paused-schedule={s.name}>
              <Link href={`/schedules/${s.name}`}>{s.name}</Link>
              <PauseNote pause={s} timezone={s.timezone} onResume={() => resume(s.name)} />
            </li>
          ))}
          {(data?.nextRuns ?? []).map((s) => (
            <li key={s.name}>
              {fromNow(s.nextRunAt, now)}: <Link href={`/schedules/${s.name}`}>{s.name}</Link>{' '}
              <span className="muted">({s.when})</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
