import { Link } from 'wouter';
import { Sparkline } from '../../components/history/Sparkline.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useSparklines } from '../../data/queries.ts';

/**
 * Each job type's last 24 hours on the Overview: jobs finished per hour as a sparkline (failures
 * over it), the figures in words, and a link to the type's history charts. One read of
 * GET /api/history/sparklines, again every minute (the rollups move by the minute).
 */
export function TypeSparklines() {
  const sparklines = useSparklines();
  const types = sparklines.data?.types ?? [];
  return (
    <div className="type-sparklines">
      <h3 id="last-24-hours">Last 24 hours, per hour</h3>
      <Problem error={sparklines.error} />
      <ul aria-labelledby="last-24-hours">
        {types.map((t) => {
          const finished = t.finished.reduce((s, n) => s + n, 0);
          const failed = t.failed.reduce((s, n) => s + n, 0);
          return (
            <li key={t.jobType} data-sparkline={t.jobType}>
              <Link href={`/types/${t.jobType}/history`} aria-label={`${t.jobType} history`}>
                {t.jobType}
              </Link>
              <Sparkline values={t.finished} marks={t.failed} />
              <span className="muted">
                {finished.toLocaleString()} finished{failed > 0 ? `, ${failed.toLocaleString()} failed` : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
