import type { JobEvent, JobStore, JobSummaryRecord, QueuePause } from '@scheduler/db';
import type { QueueControl } from '@scheduler/runtime';

/**
 * An event with the job as it was read after the event: a stream sends the job's summary with
 * each event but `log`, so that a client updates what it shows without asking again.
 */
export interface EventWithJob {
  event: JobEvent;
  /** Null for `log` events, and for a job no longer kept. */
  job: JobSummaryRecord | null;
  /** The types whose queue was paused when the job was read. */
  pausedTypes: ReadonlyMap<string, QueuePause>;
}

export type EventJobReader = (events: readonly JobEvent[]) => Promise<EventWithJob[]>;

/**
 * Reads the jobs of a batch of events in one query (one row per job however many of its events
 * the batch holds), so that the worker's writes cost nothing more and the API pays one indexed
 * read per batch.
 */
export function createEventJobReader(jobs: JobStore, pauses: Pick<QueueControl, 'current'>): EventJobReader {
  return async (events) => {
    const ids = [...new Set(events.filter((e) => e.kind !== 'log').map((e) => e.jobId))];
    const [summaries, pausedTypes] = await Promise.all([
      ids.length > 0 ? jobs.summaries(ids) : [],
      ids.length > 0 ? pauses.current() : new Map<string, QueuePause>(),
    ]);
    const byId = new Map(summaries.map((s) => [s.id, s]));
    return events.map((event) => ({
      event,
      job: event.kind === 'log' ? null : (byId.get(event.jobId) ?? null),
      pausedTypes,
    }));
  };
}
