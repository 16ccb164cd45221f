import { useEffect, useRef, useState } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  /** A colour token of styles/tokens.css (e.g. --bar), read as drawn: light and dark follow. */
  token: string;
  dash?: number[];
}

const token = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const DARK = '(prefers-color-scheme: dark)';
/** Up to this many values in a series, each is also drawn as a dot. */
const SPARSE = 60;

/**
 * One time series chart drawn by uPlot on a canvas. This module (and uPlot with it) is loaded
 * only by the history view, as its own chunk. The canvas is an image to assistive technology,
 * named by `summary`; the page gives the figures as a table too.
 */
export default function HistoryChart({
  x,
  series,
  summary,
  format,
  height = 200,
}: {
  /** Unix seconds, one per period. */
  x: number[];
  series: ChartSeries[];
  summary: string;
  /** A value as the y axis writes it. */
  format: (value: number) => string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [scheme, setScheme] = useState(() => matchMedia(DARK).matches);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    const media = matchMedia(DARK);
    const changed = () => setScheme(media.matches);
    media.addEventListener('change', changed);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', changed);
    };
  }, []);

  useEffect(() => {
    const element = box.current;
    if (!element || width === 0) return;
    // Tokens are read now, so the chart is redrawn in the other scheme's colours when it changes.
    void scheme;
    const axis = { stroke: token('--fg-muted'), grid: { stroke: token('--line'), width: 1 }, ticks: { show: false } };
    const options: Options = {
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [axis, { ...axis, size: 64, values: (_u, ticks) => ticks.map(format) }],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: token(s.token),
          width: 1.5,
          dash: s.dash,
          // A value between empty periods has no line to be part of: a few are drawn as dots.
          points: {
            show: s.values.filter((v) => v !== null && v !== 0).length <= SPARSE,
            size: 5,
            fill: token(s.token),
            stroke: token(s.token),
          },
        })),
      ],
    };
    const data = [x, ...series.map((s) => s.values)] as AlignedData;
    const chart = new uPlot(options, data, element);
    return () => chart.destroy();
  }, [x, series, width, height, format, scheme]);

  return <div ref={box} className="history-canvas" role="img" aria-label={summary} />;
}
