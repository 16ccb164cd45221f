export interface BatcherOptions {
  /** Most inputs in one batch. */
  maxBatch?: number;
  /** Batches allowed in flight at once (each holds one pooled connection). */
  maxInFlight?: number;
}

/**
 * Coalesces concurrent single-item calls into batches. A call made while fewer than
 * `maxInFlight` batches are running goes out at once (with whatever else arrived in the same
 * tick); calls made while the limit is reached wait and leave together in the next batch.
 * No timer: an idle system pays no added latency, a busy one sends one statement for many
 * jobs instead of one each.
 *
 * DataLoader batches per tick only, which under concurrent I/O yields batches of one; this
 * batches by what is in flight.
 *
 * If a batch of several fails, each input is retried alone, so one bad input cannot fail the
 * others.
 */
export function createBatcher<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  { maxBatch = 500, maxInFlight = 2 }: BatcherOptions = {},
): (input: I) => Promise<O> {
  type Waiting = { input: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

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
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      inFlight++;
      settle(batch).finally(() => {
        inFlight--;
        flush();
      });
    }
  };

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      if (!scheduled && inFlight < maxInFlight) {
        // Let the calls of this tick join the batch.
        scheduled = true;
        queueMicrotask(flush);
      }
    });
}
