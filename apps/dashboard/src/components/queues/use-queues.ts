import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { $api, api, unwrap } from '../../api.ts';
import type { QueueEventData } from '../../events.ts';
import { useIntents } from '../../intents.ts';

/**
 * A pause or resume arrives as an event on the app's stream (applyQueueEvent), and the queues are
 * read again whenever that stream (re)opens; this slow read is only a fallback, for an event a
 * stream too far behind could not take.
 */
const QUEUES_FALLBACK_REREAD_MS = 60_000;

export const queuesKey = $api.queryOptions('get', '/api/queues').queryKey;

export type QueuePause = NonNullable<NonNullable<ReturnType<typeof useQueues>['data']>['queues'][number]['pause']>;

// What this tab last saw of the pauses, across every component that reads them: a change is
// acted on once.
let lastSeen: string | null = null;

/**
 * Every job type's queue, paused or not (GET /api/queues). When a pause starts or ends, the
 * jobs, the job pages and the Overview are read again once: each job's display state (queued
 * or paused, and since when) is the API's to decide.
 */
export function useQueues() {
  const queryClient = useQueryClient();
  const queues = $api.useQuery('get', '/api/queues', {}, { refetchInterval: QUEUES_FALLBACK_REREAD_MS });
  const signature = queues.data ? JSON.stringify(queues.data.queues.map((q) => [q.jobType, q.pause])) : null;
  useEffect(() => {
    if (signature === null || signature === lastSeen) return;
    const first = lastSeen === null;
    lastSeen = signature;
    if (first) return;
    for (const path of ['/api/jobs', '/api/jobs/{jobId}', '/api/overview']) {
      void queryClient.invalidateQueries({ queryKey: ['get', path] });
    }
  }, [signature, queryClient]);
  return queues;
}

/**
 * A `queue-paused` or `queue-resumed` event put into the cached queues as they are (a type the
 * tab has not read is left to its first read); `useQueues` then reads the jobs again.
 */
export function applyQueueEvent(client: QueryClient, event: QueueEventData) {
  type Queues = NonNullable<ReturnType<typeof useQueues>['data']>;
  // Every cached read of the queues (the key's prefix: a read may carry its options too).
  client.setQueriesData<Queues>({ queryKey: queuesKey }, (data) =>
    data
      ? {
          queues: data.queues.map((q) =>
            q.jobType === event.jobType ? { jobType: q.jobType, paused: event.paused, pause: event.pause } : q,
          ),
        }
      : data,
  );
}

/** The pauses holding now, by job type. */
export function usePausedQueues(): ReadonlyMap<string, QueuePause> {
  const { data } = useQueues();
  return new Map((data?.queues ?? []).flatMap((q) => (q.pause ? [[q.jobType, q.pause] as const] : [])));
}

/**
 * Pause and resume, each press sent once (one Idempotency-Key per intent), the queues read again
 * after it; `error` is the last refusal.
 */
export function useQueueCommands() {
  const queryClient = useQueryClient();
  const sendOnce = useIntents();
  const [error, setError] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queuesKey });
  /** Runs a command; a refusal goes to `onRefused` when the caller shows it at a field. */
  const act = async <T>(
    intent: string,
    work: (headers: { 'idempotency-key': string }) => Promise<T>,
    onRefused?: (error: unknown) => void,
  ) => {
    try {
      setError(null);
      const answer = await sendOnce(intent, work);
      await refresh();
      return answer;
    } catch (caught) {
      if (onRefused) onRefused(caught);
      else setError(caught);
      return undefined;
    }
  };
  return {
    error,
    setError,
    pause: (type: string, until: Date | null, reason: string | null, onRefused?: (error: unknown) => void) =>
      act(
        `queue-pause:${type}:${until?.toISOString() ?? ''}:${reason ?? ''}`,
        (headers) =>
          unwrap(
            api.POST('/api/queues/{type}/pause', {
              params: { path: { type } },
              body: { until: until?.toISOString() ?? null, reason },
              headers,
            }),
          ),
        onRefused,
      ),
    resume: (type: string) =>
      act(`queue-resume:${type}`, (headers) =>
        unwrap(api.POST('/api/queues/{type}/resume', { params: { path: { type } }, headers })),
      ),
  };
}
