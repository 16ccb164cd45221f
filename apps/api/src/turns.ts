import { HttpError } from './http-error.ts';

/**
 * Work that runs one at a time in this process, in turns: a task waits for the one before it,
 * and past `maxWaiting` waiting tasks a new one is refused at once (429) rather than queued.
 * For CPU-bound work done in steps that yield (a schedule preview): with one task at a time,
 * whatever else the event loop has to do (/health, reads) waits for one step, not for one step
 * of every task under way.
 */
export function createTurns({ maxWaiting, what }: { maxWaiting: number; what: string }) {
  let busy = false;
  const waiting: Array<() => void> = [];
  return async function inTurn<T>(task: () => Promise<T>): Promise<T> {
    if (busy) {
      if (waiting.length >= maxWaiting) {
        throw new HttpError(429, 'busy', `Too many ${what} are under way on this server; try again in a second.`);
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    busy = true;
    try {
      return await task();
    } finally {
      // Handed on to the next in line, or free.
      const next = waiting.shift();
      if (next) next();
      else busy = false;
    }
  };
}
