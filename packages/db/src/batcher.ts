export interface BatcherOptions<I = unknown> {
  /** Most inputs in one batch. */
  maxBatch?: number;
  /** Batches allowed in flight at once (each holds one pooled connection). */
  maxInFlight?: number;
  /**
   * Inputs that may wait (`lingers`) wait this long for company: they leave with the next input
   * that cannot wait, or after `lingerMs`. For inputs written behind (no caller waits): a quiet
   * worker then writes a job's completion in the statement of the next job's start, one
   * statement and one commit where there were two. For inputs whose callers can spare a few
   * milliseconds (the ledger's confirmations): fewer, larger statements under load. 0 (the
   * default): every input leaves at once.
   */
  lingerMs?: number;
  /** Which inputs may linger (see `lingerMs`); none when absent. */
  lingers?: (input: I) => boolean;
}

/**
 * Coalesces concurrent single-item calls into batches. A call made while fewer than
 * `maxInFlight` batches are running goes out at once (with whatever else arrived in the same
 * tick); calls made while the limit is reached wait and leave together in the next batch.
 * No timer unless asked: an idle system pays no added latency, a busy one sends one statement
 * for many jobs instead of one each. Only inputs marked by `lingers` wait (`lingerMs`), for
 * later calls to share their statement.
 *
 * DataLoader batches per tick only, which under concurrent I/O yields batches of one; this
 * batches by what is in flight.
 *
 * If a batch of several fails, each input is retried alone, so one bad input cannot fail the
 * others.
 */
export function createBatcher<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  { maxBatch = 500, maxInFlight = 2, lingerMs = 0, lingers }: BatcherOptions<I> = {},
): (input: I) => Promise<O> {
  type Waiting = { input: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;
  // Waiting inputs that cannot linger; while there are none, lingering ones wait for the timer.
  let urgent = 0;
  let lingerTimer: NodeJS.Timeout | null = null;
  let lingerDue = false;
  const canWait = (input: I) => lingerMs > 0 && lingers?.(input) === true;

  const settle = async (batch: Waiting[]) => {
    try {
      const outputs = await run(batch.map((w) => w.input));
      for (const [i, w] of batch.entries()) w.resolve(outputs[i] as O);
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error);
      else await Promise.all(batch.map((w) => settle([w])));
    }
  };

  const flush = () => {
    scheduled = false;
    while (waiting.length > 0 && inFlight < maxInFlight && (urgent > 0 || lingerDue)) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      urgent -= batch.filter((w) => !canWait(w.input)).length;
      inFlight++;
      settle(batch).finally(() => {
        inFlight--;
        flush();
      });
    }
    if (waiting.length === 0) {
      lingerDue = false;
      if (lingerTimer) clearTimeout(lingerTimer);
      lingerTimer = null;
    }
  };

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      if (canWait(input)) {
        lingerTimer ??= setTimeout(() => {
          lingerTimer = null;
          lingerDue = true;
          flush();
        }, lingerMs);
        return;
      }
      urgent++;
      if (!scheduled && inFlight < maxInFlight) {
        // Let the calls of this tick join the batch.
        scheduled = true;
        queueMicrotask(flush);
      }
    });
}
