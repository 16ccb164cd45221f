/**
 * A tiny line of counts, drawn as inline SVG (no chart library on the Overview: it stays in the
 * first visit's bundle). Decorative: whoever shows it says the figures in words beside it.
 */
export function Sparkline({
  values,
  marks,
  width = 120,
  height = 24,
}: {
  values: readonly number[];
  /** A second series drawn over the first (failures), same scale. */
  marks?: readonly number[];
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...values, ...(marks ?? []));
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const line = (series: readonly number[]) =>
    series.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(' ');
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      aria-hidden="true"
      focusable="false"
    >
      <polyline className="sparkline-line" points={line(values)} />
      {marks?.some((v) => v > 0) ? <polyline className="sparkline-marks" points={line(marks)} /> : null}
    </svg>
  );
}
