/**
 * At most `limit` tasks run at once; the rest wait their turn in order. Replays read Postgres
 * through one: hundreds of streams resuming together would otherwise take every connection of
 * the pool, and the database watch's probe and every other route would queue behind them.
 */
export function createGate(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];

  return async function through<T>(task: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      // Hand the place straight to the next in line (running stays the same), else free it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
