/** A horizontal bar chart in SVG: one bar per row, labelled, with its value written out. */
export function Bars({
  title,
  rows,
  format,
}: {
  title: string;
  rows: Array<{ label: string; value: number | null; secondary?: number | null }>;
  format: (value: number) => string;
}) {
  const max = Math.max(1e-9, ...rows.flatMap((r) => [r.value ?? 0, r.secondary ?? 0]));
  const rowHeight = 22;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg width="100%" height={rows.length * rowHeight} role="img" aria-label={title}>
        {rows.map((row, i) => (
          <g key={row.label} transform={`translate(0, ${i * rowHeight})`}>
            <text x="0" y="15" className="chart-label">
              {row.label}
            </text>
            {row.secondary !== undefined && row.secondary !== null ? (
              <rect x="45%" y="4" height="14" width={`${(row.secondary / max) * 40}%`} className="bar-secondary" />
            ) : null}
            <rect x="45%" y="4" height="14" width={`${((row.value ?? 0) / max) * 40}%`} className="bar" />
            <text x="87%" y="15" className="chart-value">
              {row.value === null ? '–' : format(row.value)}
              {row.secondary !== undefined && row.secondary !== null ? ` / ${format(row.secondary)}` : ''}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
