/**
 * Writes the worker does not wait for: a job's completion is written to Postgres while BullMQ
 * already counts the job completed and the worker takes the next one. BullMQ keeps the outcome
 * (the job's return value) until the row has it, and the reconciler copies it over if this
 * process dies first, so nothing is lost in between; a completion is never retried here.
 *
 * Bounded: past `limit` writes in flight, the caller waits for room, so a slow Postgres slows
 * the worker down instead of piling up memory.
 */
/** Completions in flight past which the worker waits for room. */
export const WRITE_BEHIND_LIMIT = 1000;

export function createWriteBehind(limit = WRITE_BEHIND_LIMIT) {
  const inFlight = new Set<Promise<unknown>>();
  return {
    async add(write: Promise<unknown>): Promise<void> {
      const tracked = write.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      while (inFlight.size > limit) await Promise.race(inFlight).catch(() => {});
    },
    /** Waits for every write in flight (before the connections close). */
    async drain(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },
    get size() {
      return inFlight.size;
    },
  };
}

export type WriteBehind = ReturnType<typeof createWriteBehind>;
