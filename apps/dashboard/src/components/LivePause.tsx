import { useLive } from '../live/LiveUpdates.tsx';
import './live.css';

/**
 * Pause live updates: rows stop moving so they can be read; the count says how much is held,
 * and resuming applies it at once.
 */
export function LivePause() {
  const live = useLive();
  return (
    <div className="live-pause">
      <button type="button" onClick={() => live.setPaused(!live.paused)}>
        {live.paused ? 'Resume live updates' : 'Pause live updates'}
      </button>
      <span className="muted" data-held={live.held}>
        {live.paused
          ? `paused · ${live.held} ${live.held === 1 ? 'update' : 'updates'} held`
          : live.holding
            ? `holding still while pointed at · ${live.held} held`
            : 'live'}
      </span>
    </div>
  );
}
