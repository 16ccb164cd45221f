import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { api, type Job, type JobRow, type Schedule, type Stats, unwrap } from '../api.ts';
import { Bars } from '../components/Bars.tsx';
import { Problem } from '../components/Problem.tsx';
import { Elapsed, Progress } from '../components/Progress.tsx';
import { Status } from '../components/Status.tsx';
import { useJobEvents } from '../events.ts';
import { duration, fromNow, percent } from '../format.ts';
import { useNow } from '../use-now.ts';

const WINDOWS = [
  { days: 1, label: '24 h' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
] as const;

/** What runs now, how each type has been doing, what failed lately and what comes next. */
export function Overview() {
  const [days, setDays] = useState<number>(1);
  const [running, setRunning] = useState<Job[]>([]);
  const [failures, setFailures] = useState<JobRow[]>([]);
  const [stats, setStats] = useState<Stats | null>(null);
  const [schedules, setSchedules] = useState<Schedule[]>([]);
  const [error, setError] = useState<unknown>(null);
  const now = useNow(1000);

  const loadRunning = useCallback(async () => {
    const list = await unwrap(api.GET('/api/jobs', { params: { query: { status: 'running', limit: 10 } } }));
    // The detail carries the ETA.
    setRunning(
      await Promise.all(
        list.jobs.map((job) => unwrap(api.GET('/api/jobs/{jobId}', { params: { path: { jobId: job.id } } }))),
      ),
    );
  }, []);
  const load = useCallback(async () => {
    try {
      const [failed, stat, sched] = await Promise.all([
        unwrap(api.GET('/api/jobs', { params: { query: { status: 'failed', limit: 5 } } })),
        unwrap(api.GET('/api/stats', { params: { query: { days } } })),
        unwrap(api.GET('/api/schedules')),
        loadRunning(),
      ]);
      setFailures(failed.jobs);
      setStats(stat);
      setSchedules(sched.schedules);
      // The API answers a stale figure at once and refreshes it behind: ask again for the fresh one.
      if (Date.now() - Date.parse(stat.computedAt) > 10_000) {
        setTimeout(() => {
          void unwrap(api.GET('/api/stats', { params: { query: { days } } })).then(setStats, setError);
        }, 1000);
      }
    } catch (caught) {
      setError(caught);
    }
  }, [days, loadRunning]);
  useEffect(() => {
    void load();
  }, [load]);
  // Live: a job that starts, moves or ends refreshes what runs; an end refreshes the figures.
  useJobEvents(
    '/api/events',
    (kind) => {
      if (kind === 'log') return;
      void loadRunning().catch(setError);
      if (kind === 'failed' || kind === 'completed') void load();
    },
    load,
  );

  const next = schedules
    .filter((s) => s.nextRunAt)
    .sort((a, b) => Date.parse(a.nextRunAt as string) - Date.parse(b.nextRunAt as string))
    .slice(0, 6);
  const types = stats?.types ?? [];
  return (
    <div className="overview">
      <h1>Overview</h1>
      <Problem error={error} />
      <section aria-labelledby="running-now">
        <h2 id="running-now">Running now</h2>
        {running.length === 0 ? <p className="muted">Nothing is running.</p> : null}
        <ul className="cards">
          {running.map((job) => (
            <li key={job.id} className="card">
              <Link href={`/jobs/${job.id}`}>{job.jobType}</Link>{' '}
              <Status state={job.cancelRequestedAt ? 'stopping' : job.status} />
              <span className="muted">
                {' '}
                for <Elapsed startedAt={job.startedAt} completedAt={null} now={now} />
              </span>
              <Progress progress={job.progress} eta={job.eta} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="by-type">
        <h2 id="by-type">By job type</h2>
        {stats ? <p className="muted">figures of {fromNow(stats.computedAt, now)}</p> : null}
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
            </tr>
          </thead>
          <tbody>
            {types.map((t) => (
              <tr key={t.jobType}>
                <td>
                  <Link href={`/jobs?type=${t.jobType}`}>{t.jobType}</Link>
                </td>
                <td>{t.queue ? (t.queue.waiting ?? 0) + (t.queue.prioritized ?? 0) + (t.queue.delayed ?? 0) : '–'}</td>
                <td>{t.queue?.active ?? '–'}</td>
                <td>{t.counts.completed}</td>
                <td>{t.counts.failed}</td>
                <td>{percent(t.successRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="recent-failures">
        <h2 id="recent-failures">Recent failures</h2>
        {failures.length === 0 ? <p className="muted">None.</p> : null}
        <ul>
          {failures.map((job) => (
            <li key={job.id}>
              <Link href={`/jobs/${job.id}`}>{job.jobType}</Link> {fromNow(job.completedAt)}: {job.error}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="next-runs">
        <h2 id="next-runs">Next scheduled runs</h2>
        <ul>
          {next.map((s) => (
            <li key={s.name}>
              {fromNow(s.nextRunAt)}: <Link href="/schedules">{s.name}</Link> <span className="muted">({s.when})</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
