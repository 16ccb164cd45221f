/**
 * A horizontal bar chart: one row per label, its bar, and its value written out in full. Laid
 * out as one CSS grid (styles/charts.css), so the value column is as wide as its widest value
 * and nothing is cut off. A list, so screen readers read each label with its value.
 */
export function Bars({
  title,
  rows,
  format,
  legend,
}: {
  title: string;
  rows: Array<{ label: string; value: number | null; secondary?: number | null }>;
  format: (value: number) => string;
  /** Names of the value and the secondary value, shown under the chart when rows have both. */
  legend?: [string, string];
}) {
  const max = Math.max(1e-9, ...rows.flatMap((r) => [r.value ?? 0, r.secondary ?? 0]));
  const width = (value: number) => `${Math.min(100, (value / max) * 100)}%`;
  const hasSecondary = rows.some((r) => r.secondary !== undefined && r.secondary !== null);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ul className="bars">
        {rows.map((row) => (
          <li key={row.label}>
            <span className="bar-label" title={row.label}>
              {row.label}
            </span>
            <span className="bar-track" aria-hidden="true">
              {row.secondary !== undefined && row.secondary !== null ? (
                <span className="bar-fill bar-secondary" style={{ width: width(row.secondary) }} />
              ) : null}
              <span className="bar-fill" style={{ width: width(row.value ?? 0) }} />
            </span>
            <span className="bar-value">
              {row.value === null ? '–' : format(row.value)}
              {row.secondary !== undefined && row.secondary !== null ? (
                <span className="muted"> / {format(row.secondary)}</span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {legend && hasSecondary ? (
        <p className="chart-legend" aria-hidden="true">
          <span>{legend[0]}</span>
          <span className="legend-secondary">{legend[1]}</span>
        </p>
      ) : null}
    </figure>
  );
}
