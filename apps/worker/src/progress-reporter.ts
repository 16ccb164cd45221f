import type { JobProgress } from '@scheduler/db';

/**
 * A job's progress, written without holding its handler: the latest figure wins, at most one
 * write is in flight, and at most one write leaves per `intervalMs` (100% always leaves; a
 * held-back figure leaves when its interval ends). While Postgres is away or slow, the handler goes on and only the newest figure waits; a failed
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

  // A figure held back by the interval leaves when the interval ends, not only with the next
  // report: a handler that reports and then works a long while still shows where it is.
  let trailing: NodeJS.Timeout | null = null;
  let ended = false;
  const sendLater = () => {
    if (ended) return;
    trailing ??= setTimeout(
      () => {
        trailing = null;
        void send().then(() => {
          if (latest) sendLater();
        });
      },
      Math.max(0, lastWrite + intervalMs - Date.now()),
    );
    trailing.unref();
  };

  return {
    report(progress: JobProgress): void {
      latest = progress;
      if (Date.now() - lastWrite >= intervalMs || progress.percent >= 100) void send();
      else sendLater();
    },
    /** Sends the last unsent figure (the handler ended); resolves when the write in flight settles. */
    async flush(): Promise<void> {
      ended = true;
      if (trailing) clearTimeout(trailing);
      trailing = null;
      await inFlight;
      await send();
    },
  };
}
