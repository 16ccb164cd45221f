import type { JobSummary } from '@scheduler/client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { $api, api, type Job, type LogLine, unwrap } from '../../api.ts';
import { type JobEventData, useJobEvents } from '../../events.ts';
import { mergeJob } from '../../live/apply.ts';

/** The ETA moves with progress, and only a read carries it: a running job is read again this often. */
const RUNNING_REREAD_MS = 5_000;
/** A queue paused or resumed sends no event: a waiting job is read again this often. */
const WAITING_REREAD_MS = 15_000;

/**
 * This page's own stream carries its job's log lines only: the job's state comes from the cache,
 * which the app's one stream (every kind but log) patches.
 */
const jobStreamUrl = (jobId: string) => `/api/jobs/${jobId}/events?kinds=log`;

const jobQuery = (jobId: string) => ({ params: { path: { jobId } } });
export const jobQueryKey = (jobId: string) => $api.queryOptions('get', '/api/jobs/{jobId}', jobQuery(jobId)).queryKey;
const logsKey = (jobId: string) => ['job-logs', jobId] as const;

/** Every log line of a job, oldest first, read page by page. */
async function readAllLogs(jobId: string): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await unwrap(
      api.GET('/api/jobs/{jobId}/logs', {
        params: { path: { jobId }, query: { limit: 1000, ...(after ? { after } : {}) } },
      }),
    );
    lines.push(...page.logs);
    if (!page.nextAfter) return lines;
    after = page.nextAfter;
  }
}

/**
 * One job as the API last described it, and its log: the app's stream patches the cached job,
 * this page's stream appends log lines. What an event does not carry (result, attempts, ETA) is
 * read again when the job moves to another status or attempt, and every few seconds while it
 * runs (for the ETA) or waits (a queue's pause sends no event).
 */
export function useJob(jobId: string) {
  const queryClient = useQueryClient();
  const job = $api.useQuery('get', '/api/jobs/{jobId}', jobQuery(jobId));
  const logs = useQuery({ queryKey: logsKey(jobId), queryFn: () => readAllLogs(jobId) });
  const reread = () => void queryClient.invalidateQueries({ queryKey: jobQueryKey(jobId) });
  // A timer of its own, not the query's refetchInterval: every patch from an event restarts
  // that one, and a running job's progress events come more often than it would fire.
  const status = job.data?.status;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the timer restarts only when the status changes
  useEffect(() => {
    const every = status === 'running' ? RUNNING_REREAD_MS : status === 'pending' ? WAITING_REREAD_MS : null;
    if (every === null) return;
    const timer = setInterval(reread, every);
    return () => clearInterval(timer);
  }, [status, jobId]);

  // What an event does not carry (result, attempts, ETA) is read when the app's stream has moved
  // the job to another status or attempt.
  const attempts = job.data?.attempts;
  const moved = `${status}:${attempts}`;
  const seen = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reread when the job moved, not when the function is new
  useEffect(() => {
    if (status === undefined) return;
    if (seen.current !== null && seen.current !== moved) reread();
    seen.current = moved;
  }, [moved]);

  const rereadAll = () => {
    void queryClient.invalidateQueries({ queryKey: jobQueryKey(jobId) });
    void queryClient.invalidateQueries({ queryKey: logsKey(jobId) });
  };
  useJobEvents(
    jobStreamUrl(jobId),
    (kind, event) => {
      if (kind === 'log') appendLine(event);
    },
    // What happened before the stream opened (or while it was away) is read, not replayed.
    rereadAll,
  );

  function appendLine(event: JobEventData) {
    const line = event as unknown as {
      logId: string;
      level: LogLine['level'];
      message: string;
      data?: LogLine['data'];
    };
    queryClient.setQueryData<LogLine[]>(logsKey(jobId), (current = []) =>
      // A line may come both in the first read and as an event: its id says so.
      current.some((l) => l.id === line.logId)
        ? current
        : [
            ...current,
            { id: line.logId, at: event.at, level: line.level, message: line.message, data: line.data ?? null },
          ],
    );
  }

  /** A command's answer is the job as it is now: shown at once, if not older than what is shown. */
  function patchJob(summary: JobSummary) {
    queryClient.setQueryData<Job>(jobQueryKey(jobId), (cached) => cached && mergeJob(cached, summary));
  }

  return { job, logs, rereadAll, patchJob };
}
