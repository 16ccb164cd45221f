import { HttpError } from './http-error.ts';

export interface GateOptions {
  /** How many tasks run at once. */
  limit: number;
  /** Past this many waiting, a new task is refused at once (429 `busy`) rather than queued. */
  maxWaiting?: number;
  /** What the tasks are, for that refusal's message. */
  what?: string;
}

/**
 * At most `limit` tasks run at once; the rest wait their turn in order. Event-stream replays
 * read Postgres through one (hundreds of streams resuming together would otherwise take every
 * connection of the pool, and the database watch's probe and every other route would queue
 * behind them); schedule previews, CPU-bound work done in steps that yield, run one at a time
 * through another, so whatever else the event loop has to do (/health, reads) waits for one
 * step, not for one step of every preview under way.
 */
export function createGate({ limit, maxWaiting = Number.POSITIVE_INFINITY, what = 'tasks' }: GateOptions) {
  let running = 0;
  const waiting: Array<() => void> = [];

  return async function through<T>(task: () => Promise<T>): Promise<T> {
    if (running >= limit) {
      if (waiting.length >= maxWaiting) {
        throw new HttpError(429, 'busy', `Too many ${what} are under way on this server; try again in a second.`);
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running++;
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
