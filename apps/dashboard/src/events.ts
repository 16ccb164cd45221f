import { type JobEventData, type JobEventKind, jobEventKindValues, type QueueEventData } from '@scheduler/client';
import { useEffect, useRef } from 'react';

export type { JobEventData, QueueEventData };
export type EventKind = JobEventKind;
export const EVENT_KINDS = jobEventKindValues;

/** Every kind but log lines: what the app-wide stream asks for (a job page follows its own logs). */
export const APP_EVENT_KINDS = EVENT_KINDS.filter((kind) => kind !== 'log');

/** A queue paused or resumed anywhere: sent on the all-jobs stream only. */
export const QUEUE_EVENT_KINDS = ['queue-paused', 'queue-resumed'] as const;

/** A stream the server refused (not a dropped connection, which EventSource resumes itself) is opened again after this. */
const REOPEN_MS = 5_000;

export interface StreamHandlers {
  onEvent: (kind: EventKind, data: JobEventData) => void;
  /** The stream opened, re-opened, or the API sent `reset`: events may have been missed. */
  onGap: () => void;
  /** The API ended the stream because the credential expired or was revoked: it is not reopened. */
  onExpired?: () => void;
  /** A queue paused or resumed (asked for by adding QUEUE_EVENT_KINDS to the stream's `kinds`). */
  onQueue?: (data: QueueEventData) => void;
}

/**
 * Follows the API's server-sent events at `url` until the returned function is called.
 * EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed once it is
 * open; what happened before it opened is not sent (a new stream starts live), so `onGap` is
 * the moment to read again, and so is a `reset` (the API sends it instead of replaying what was
 * missed when that is too much or no longer kept).
 */
export function openEventStream(url: string, kinds: readonly EventKind[], handlers: StreamHandlers): () => void {
  let source: EventSource | null = null;
  let reopen: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const connect = () => {
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => handlers.onGap());
    source.addEventListener('reset', () => handlers.onGap());
    source.addEventListener('expired', () => {
      closed = true;
      source?.close();
      handlers.onExpired?.();
    });
    source.addEventListener('error', () => {
      // CLOSED: the API answered with an error (a limit, a lost session); try again later.
      if (source?.readyState === EventSource.CLOSED && !closed) {
        reopen = setTimeout(connect, REOPEN_MS);
      }
    });
    for (const kind of QUEUE_EVENT_KINDS) {
      source.addEventListener(kind, (event) => {
        handlers.onQueue?.(JSON.parse((event as MessageEvent<string>).data) as QueueEventData);
      });
    }
    for (const kind of kinds) {
      source.addEventListener(kind, (event) => {
        handlers.onEvent(kind, JSON.parse((event as MessageEvent<string>).data) as JobEventData);
      });
    }
  };
  connect();
  return () => {
    closed = true;
    if (reopen) clearTimeout(reopen);
    source?.close();
  };
}

/**
 * One job's events (its log lines, say) while the component is mounted; `onOpen` runs when the
 * stream opens and on `reset`.
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
    return openEventStream(url, EVENT_KINDS, {
      onEvent: (kind, data) => handler.current(kind, data),
      onGap: () => opened.current?.(),
    });
  }, [url]);
}
