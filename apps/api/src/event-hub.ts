import type { JobEvent, JobEvents } from '@scheduler/db';
import type { EventJobReader, EventWithJob } from './event-jobs.ts';

type Listener = (item: EventWithJob) => void;

/** How long an id may stay missing before the hub decides it was never committed. */
const GAP_PATIENCE_MS = 1000;

/**
 * One poller per API process for every open event stream: it reads job_events after its cursor
 * a few times a second (only while someone listens) and hands each event to every listener, in
 * id order. Ids come from a sequence, and transactions commit out of order: an id can appear
 * after a higher one. So the hub stops at a gap and waits for it up to a second (a rolled-back
 * transaction leaves a gap for good), which keeps every stream in id order and complete, as
 * Last-Event-ID resumption needs. Each event goes out with its job as read once per batch for
 * every stream (see event-jobs.ts).
 */
export function createEventHub(
  events: JobEvents,
  withJobs: EventJobReader,
  onError: (error: unknown) => void,
  pollMs = 200,
) {
  const listeners = new Set<Listener>();
  let cursor: bigint | null = null;
  let gapSince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let starting: Promise<bigint> | null = null;

  // The live position: where a stream that asks for no replay starts. Read once, however many
  // streams open together.
  const livePosition = async (): Promise<bigint> => {
    if (cursor !== null) return cursor;
    starting ??= events.latestId().finally(() => {
      starting = null;
    });
    const latest = await starting;
    cursor ??= latest;
    return cursor;
  };

  // With nobody listening the hub forgets its place: the next stream starts at the live
  // position, not with what happened while no stream was open.
  const forgetPosition = () => {
    cursor = null;
    gapSince = null;
  };

  const poll = async () => {
    let after = await livePosition();
    for (;;) {
      const batch = await events.between(after, null, 1000);
      // The events before the first gap still waited for (the rest are read again next time).
      const ready: JobEvent[] = [];
      let expected = after + 1n;
      for (const event of batch) {
        const id = BigInt(event.id);
        if (id !== expected) {
          gapSince ??= Date.now();
          if (Date.now() - gapSince < GAP_PATIENCE_MS) break;
        }
        gapSince = null;
        ready.push(event);
        expected = id + 1n;
      }
      for (const item of ready.length > 0 ? await withJobs(ready) : []) {
        cursor = after = BigInt(item.event.id);
        for (const listener of listeners) listener(item);
      }
      if (ready.length < 1000 || ready.length < batch.length) return;
    }
  };

  const tick = () => {
    polling = poll()
      .catch(onError)
      .finally(() => {
        polling = null;
        if (listeners.size > 0) timer = setTimeout(tick, pollMs);
        else {
          timer = null;
          forgetPosition();
        }
      });
  };

  return {
    /** Where live delivery stands: a resuming stream replays from the database up to here. */
    position: livePosition,

    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      if (!timer && !polling) tick();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && !polling) {
          if (timer) clearTimeout(timer);
          timer = null;
          forgetPosition();
        }
      };
    },

    async close() {
      listeners.clear();
      if (timer) clearTimeout(timer);
      await polling;
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
