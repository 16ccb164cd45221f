import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { applyQueueEvent } from '../components/queues/use-queues.ts';
import { APP_EVENT_KINDS, openEventStream, QUEUE_EVENT_KINDS } from '../events.ts';
import { createLiveCache } from './cache.ts';
import { type FeedState, type HoldReason, LiveFeed } from './feed.ts';

/**
 * The tab's feed while the app is signed in (null before): a module-level slot rather than a
 * context, so that the stream mounts beside the router instead of around it.
 */
let current: LiveFeed | null = null;
const watchers = new Set<() => void>();
const setCurrent = (feed: LiveFeed | null) => {
  current = feed;
  for (const watcher of watchers) watcher();
};
const watchCurrent = (watcher: () => void) => {
  watchers.add(watcher);
  return () => watchers.delete(watcher);
};
const useFeed = () => useSyncExternalStore(watchCurrent, () => current);

/** The app's stream: every job event but log lines, and the queues paused and resumed. */
export const APP_STREAM_URL = `/api/events?kinds=${[...APP_EVENT_KINDS, ...QUEUE_EVENT_KINDS].join(',')}`;

/**
 * The one event stream of the tab, opened once for the signed-in app: its events keep the query
 * cache current (see cache.ts), a few times a second at most (see feed.ts). Pages only read the
 * cache; none opens a stream for the job lists.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  useEffect(() => {
    let feedRef: LiveFeed | null = null;
    const cache = createLiveCache(client, () => feedRef?.holding ?? false);
    const created = new LiveFeed((batch, insert) => cache.apply(batch, insert));
    feedRef = created;
    const stopReleased = created.subscribe(() => {
      if (!created.holding) cache.released();
    });
    const close = openEventStream(APP_STREAM_URL, APP_EVENT_KINDS, {
      onEvent: (kind, data) => {
        if (data.job) created.push(kind, data.job);
      },
      // The queue's new state goes straight into the cache: no read of /api/queues.
      onQueue: (data) => applyQueueEvent(client, data),
      onGap: () => cache.resync(),
      // The session ended: the app starts again at sign-in, which says so.
      onExpired: () => window.location.reload(),
    });
    setCurrent(created);
    return () => {
      setCurrent(null);
      close();
      stopReleased();
      created.close();
      cache.close();
    };
  }, [client]);
  return null;
}

const IDLE: FeedState = { paused: false, holding: false, held: 0 };
const noSubscription = () => () => {};

/** Whether live updates are paused and how many are held; and the means to hold them. */
export function useLive() {
  const feed = useFeed();
  const state = useSyncExternalStore(feed?.subscribe ?? noSubscription, feed?.snapshot ?? (() => IDLE));
  return {
    ...state,
    setPaused: (paused: boolean) => feed?.hold('paused', paused),
    hold: (reason: HoldReason, on: boolean) => feed?.hold(reason, on),
  };
}

/**
 * Rows hold still while the pointer rests on them: spread on the table. Leaving applies what
 * came meanwhile; so does leaving the page with the pointer still on it.
 */
export function useHoldWhilePointing() {
  const feed = useFeed();
  useEffect(() => () => feed?.hold('pointer', false), [feed]);
  return {
    onPointerEnter: () => feed?.hold('pointer', true),
    onPointerLeave: () => feed?.hold('pointer', false),
  };
}
