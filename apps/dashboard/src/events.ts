import { useEffect, useRef } from 'react';

export const EVENT_KINDS = [
  'created',
  'started',
  'progress',
  'log',
  'cancel_requested',
  'retried',
  'completed',
  'failed',
  'cancelled',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export interface JobEventData {
  jobId: string;
  jobType: string;
  at: string;
  [field: string]: unknown;
}

/**
 * Follows the API's server-sent events (every job's, or one job's) while the component is
 * mounted. EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed once
 * it is open; what happened between the page's first read and the stream opening is not sent
 * (a new stream starts live), so `onOpen` is the moment to read again, and so is a `reset`.
 */
export function useJobEvents(
  url: string | null,
  onEvent: (kind: EventKind, data: JobEventData) => void,
  onOpen?: () => void,
) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const opened = useRef(onOpen);
  opened.current = onOpen;
  useEffect(() => {
    if (!url) return;
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => opened.current?.());
    // The API sends `reset` instead of replaying what was missed when that is too much or no
    // longer kept: the page reads its data again, as when the stream opens.
    source.addEventListener('reset', () => opened.current?.());
    for (const kind of EVENT_KINDS) {
      source.addEventListener(kind, (event) => {
        handler.current(kind, JSON.parse((event as MessageEvent<string>).data) as JobEventData);
      });
    }
    return () => source.close();
  }, [url]);
}
