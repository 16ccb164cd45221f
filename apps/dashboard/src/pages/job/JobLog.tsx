import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '../../api.ts';

/** How close to the bottom (px) still counts as reading the newest lines. */
const AT_BOTTOM_PX = 8;

/**
 * The job's log as it is written. Following new lines scrolls the log box, never the window
 * (the job's header and actions stay where the reader left them); scrolling the box up to read
 * stops following, and ticking the box again (or scrolling back down) resumes it.
 */
export function JobLog({
  lines,
  ended,
}: {
  lines: readonly LogLine[] /** No more lines will come. */;
  ended: boolean;
}) {
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const node = box.current;
    if (follow && node && lines.length > 0) node.scrollTop = node.scrollHeight;
  }, [lines, follow]);
  // The box's own scroll position says whether the reader is at the newest lines.
  useEffect(() => {
    const node = box.current;
    if (!node) return;
    const onScroll = () => {
      const atBottom = node.scrollHeight - node.scrollTop - node.clientHeight <= AT_BOTTOM_PX;
      setFollow(atBottom);
    };
    node.addEventListener('scroll', onScroll, { passive: true });
    return () => node.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <section aria-labelledby="log">
      <h2 id="log">Log</h2>
      <label className="inline">
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow new lines
      </label>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe: scrollable-region-focusable) */}
      <div ref={box} className="log" role="log" aria-live="polite" tabIndex={0}>
        {lines.length === 0 ? <p className="muted">{ended ? 'Nothing was logged.' : 'Nothing logged yet.'}</p> : null}
        {lines.map((line) => (
          <div key={line.id} className={`log-line log-${line.level}`}>
            <time dateTime={line.at}>{new Date(line.at).toLocaleTimeString()}</time>{' '}
            <span className="level">{line.level}</span> {line.message}
            {line.data ? <span className="muted"> {JSON.stringify(line.data)}</span> : null}
          </div>
        ))}
      </div>
    </section>
  );
}
