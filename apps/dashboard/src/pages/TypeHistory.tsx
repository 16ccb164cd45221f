import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'wouter';
import type { ChartSeries } from '../components/history/HistoryChart.tsx';
import { Problem } from '../components/Problem.tsx';
import { useTypeHistory } from '../data/queries.ts';
import { duration, percent } from '../format.ts';

// uPlot comes with the chart only: the Overview and every other page never load it.
const HistoryChart = lazy(() => import('../components/history/HistoryChart.tsx'));

const RANGES = [
  { range: '24h', label: '24 h, per minute' },
  { range: '30d', label: '30 days, per hour' },
] as const;
type Range = (typeof RANGES)[number]['range'];

type HistoryPoint = NonNullable<ReturnType<typeof useTypeHistory>['data']>['points'][number];

const count = (n: number) => n.toLocaleString();
const formatMs = (v: number) => duration(v);
const ms = (v: number | null) => (v === null ? '–' : duration(v));
const stamp = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * A job type's history: jobs finished and failed, and the p50/p95 run time, per minute over
 * 24 hours or per hour over 30 days (the range is in the URL). Drawn with uPlot, loaded with
 * the chart; the same figures in words and as a table for whoever does not see the charts.
 */
export default function TypeHistory({ name }: { name: string }) {
  const [params, setParams] = useSearchParams();
  const range: Range = params.get('range') === '30d' ? '30d' : '24h';
  const history = useTypeHistory(name, range);
  const data = history.data;

  // Every period of the range, so the charts' time axis is even; periods without a job are 0.
  const chart = useMemo(() => {
    if (!data) return null;
    const from = Date.parse(data.from) / 1000;
    const periods = Math.round((Date.parse(data.to) / 1000 - from) / data.periodSeconds);
    const x = Array.from({ length: periods }, (_, i) => from + i * data.periodSeconds);
    const byAt = new Map(data.points.map((p) => [Math.round(Date.parse(p.at) / 1000), p]));
    const column = (pick: (p: HistoryPoint) => number | null, empty: number | null) =>
      x.map((t) => {
        const point = byAt.get(t);
        return point ? pick(point) : empty;
      });
    const throughput: ChartSeries[] = [
      { label: 'finished', values: column((p) => p.finished, 0), token: '--bar' },
      { label: 'failed', values: column((p) => p.failed, 0), token: '--bad' },
    ];
    const durations: ChartSeries[] = [
      { label: 'p50', values: column((p) => p.p50Ms, null), token: '--bar' },
      { label: 'p95', values: column((p) => p.p95Ms, null), token: '--fg-muted', dash: [4, 4] },
    ];
    return { x, throughput, durations };
  }, [data]);

  // Words and labels follow the data shown (the other range's stays shown while this one loads).
  const shown = data?.range ?? range;
  const per = shown === '24h' ? 'minute' : 'hour';
  const totals = data?.totals;
  const failedShare = totals && totals.finished > 0 ? totals.failed / totals.finished : null;
  const words = totals
    ? `Last ${shown === '24h' ? '24 hours' : '30 days'}: ${count(totals.finished)} finished (${count(totals.completed)} completed, ${count(totals.failed)} failed, ${count(totals.cancelled)} cancelled); run time p50 ${ms(totals.p50Ms)}, p95 ${ms(totals.p95Ms)}.`
    : '';

  return (
    <div className="type-history">
      <p className="muted">
        <Link href="/">Overview</Link> / {name}
      </p>
      <h1>{name}: history</h1>
      <fieldset className="segmented">
        <legend className="visually-hidden">Range</legend>
        {RANGES.map((r) => (
          <button
            key={r.range}
            type="button"
            aria-pressed={range === r.range}
            onClick={() => setParams(r.range === '24h' ? {} : { range: r.range })}
          >
            {r.label}
          </button>
        ))}
      </fieldset>
      <Problem error={history.error} />
      {totals ? (
        <p className="history-summary" data-history-summary>
          {words} <span className="muted">Failed: {percent(failedShare)}.</span>
        </p>
      ) : null}
      {chart ? (
        <div className="history-charts">
          <figure className="chart history-chart" data-chart="throughput">
            <figcaption>
              Jobs finished per {per}
              <span className="chart-key">
                <span className="key key-bar">finished</span> <span className="key key-bad">failed</span>
              </span>
            </figcaption>
            <Suspense fallback={<p className="loading">Loading the chart…</p>}>
              <HistoryChart
                x={chart.x}
                series={chart.throughput}
                format={count}
                summary={`Jobs finished and failed per ${per}. ${words}`}
              />
            </Suspense>
          </figure>
          <figure className="chart history-chart" data-chart="duration">
            <figcaption>
              Run time of completed jobs per {per}
              <span className="chart-key">
                <span className="key key-bar">p50</span> <span className="key key-muted">p95</span>
              </span>
            </figcaption>
            <Suspense fallback={<p className="loading">Loading the chart…</p>}>
              <HistoryChart
                x={chart.x}
                series={chart.durations}
                format={formatMs}
                summary={`Run time p50 and p95 per ${per}, dry runs left out. Over the range: p50 ${ms(totals?.p50Ms ?? null)}, p95 ${ms(totals?.p95Ms ?? null)}.`}
              />
            </Suspense>
          </figure>
        </div>
      ) : null}
      {data ? (
        <details className="history-table">
          <summary>
            The figures per {per} ({count(data.points.length)} {data.points.length === 1 ? per : `${per}s`} with
            finished jobs)
          </summary>
          <table>
            <caption className="visually-hidden">
              {name}, per {per}, the {per}s in which a job finished
            </caption>
            <thead>
              <tr>
                <th scope="col">{per} from</th>
                <th scope="col" data-num>
                  finished
                </th>
                <th scope="col" data-num>
                  completed
                </th>
                <th scope="col" data-num>
                  failed
                </th>
                <th scope="col" data-num>
                  cancelled
                </th>
                <th scope="col" data-num>
                  p50
                </th>
                <th scope="col" data-num>
                  p95
                </th>
              </tr>
            </thead>
            <tbody>
              {[...data.points].reverse().map((p) => (
                <tr key={p.at}>
                  <td>{stamp.format(new Date(p.at))}</td>
                  <td data-num>{count(p.finished)}</td>
                  <td data-num>{count(p.completed)}</td>
                  <td data-num>{count(p.failed)}</td>
                  <td data-num>{count(p.cancelled)}</td>
                  <td data-num>{ms(p.p50Ms)}</td>
                  <td data-num>{ms(p.p95Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
