export interface BatcherOptions {
  /** Most inputs in one batch. */
  maxBatch?: number;
  /** Batches allowed in flight at once (each holds one pooled connection). */
  maxInFlight?: number;
  /**
   * How long a batch that is not full waits for more inputs before it leaves. 0 (the default):
   * it leaves at once. Worth it where callers do not wait on the answer to go on, and the
   * statement per batch is what costs (the ledger's confirmations of a digest).
   */
  lingerMs?: number;
}

/**
 * Coalesces concurrent single-item calls into batches. A call made while fewer than
 * `maxInFlight` batches are running goes out at once (with whatever else arrived in the same
 * tick, or within `lingerMs`); calls made while the limit is reached wait and leave together in
 * the next batch. No timer by default: an idle system pays no added latency, a busy one sends
 * one statement for many jobs instead of one each.
 *
 * DataLoader batches per tick only, which under concurrent I/O yields batches of one; this
 * batches by what is in flight.
 *
 * If a batch of several fails, each input is retried alone, so one bad input cannot fail the
 * others.
 */
export function createBatcher<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  { maxBatch = 500, maxInFlight = 2, lingerMs = 0 }: BatcherOptions = {},
): (input: I) => Promise<O> {
  type Waiting = { input: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;
  let lingering: NodeJS.Timeout | undefined;

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
    clearTimeout(lingering);
    lingering = undefined;
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      inFlight++;
      settle(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };

  const schedule = () => {
    if (waiting.length === 0 || inFlight >= maxInFlight) return;
    if (waiting.length >= maxBatch && lingering) return flush();
    if (scheduled) return;
    scheduled = true;
    // Let the calls of this tick (or of the linger) join the batch.
    if (lingerMs > 0 && waiting.length < maxBatch) lingering = setTimeout(flush, lingerMs);
    else queueMicrotask(flush);
  };

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      schedule();
    });
}
