import type { JobProgress } from '@scheduler/db';

/**
 * A job's progress, written without holding its handler: the latest figure wins, at most one
 * write is in flight, and at most one write leaves per `intervalMs` (100% always leaves). While
 * Postgres is away or slow, the handler goes on and only the newest figure waits; a failed
 * write is retried with the next report.
 */
export function createProgressReporter(write: (progress: JobProgress) => Promise<unknown>, intervalMs: number) {
  let latest: JobProgress | null = null;
  let inFlight: Promise<void> | null = null;
  let lastWrite = 0;

  const send = (): Promise<void> => {
    if (inFlight || !latest) return inFlight ?? Promise.resolve();
    const progress = latest;
    latest = null;
    lastWrite = Date.now();
    inFlight = write(progress)
      .then(
        () => {},
        () => {
          // Not written: unless a newer figure came meanwhile, this one goes with the next send.
          latest ??= progress;
        },
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  return {
    report(progress: JobProgress): void {
      latest = progress;
      if (Date.now() - lastWrite >= intervalMs || progress.percent >= 100) void send();
    },
    /** Sends the last unsent figure (the handler ended); resolves when the write in flight settles. */
    async flush(): Promise<void> {
      await inFlight;
      await send();
    },
  };
}
