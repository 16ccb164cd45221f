import { listenFor, QUEUE_PAUSES_CHANNEL, type QueuePause } from '@scheduler/db';
import type { PauseLog, QueueControl } from './queue-control.ts';
import { withTimeout } from './with-timeout.ts';

/** After a pass that failed (Postgres or Redis away), the next is tried this soon. */
const RETRY_MS = 2000;
/** A pause whose `until` came is ended a little after it (clocks of Node and Postgres differ by a hair). */
const END_SLACK_MS = 50;
/** A row whose end has come, still there (another process holds the lock ending it): looked at again this soon. */
const ENDING_RECHECK_MS = 250;
/** A pass taking longer is given up on (and the next one tried): Postgres and Redis calls each answer well within it. */
const PASS_TIMEOUT_MS = 15_000;
/** How long a stop waits for a pass under way. */
const STOP_WAIT_MS = 3000;

/** A queue paused (or its pause changed: `pause` is the new one) or resumed (`pause` null). */
export interface PauseChange {
  jobType: string;
  pause: QueuePause | null;
}

export interface PauseFollowerOptions {
  /** Where the listening connection goes (its own, besides the pool). */
  databaseUrl: string;
  /** The slow pass: a lost notification, or a flag Redis lost, is put right within this. */
  safetyIntervalMs: number;
  log: PauseLog;
  /** The first failure of a run of them (Postgres or Redis away); the log says when passes work again. */
  onError: (error: unknown) => void;
}

/**
 * Keeps this process's BullMQ flags and its view of the pauses in line with `queue_pauses`,
 * without polling every second: `apply` runs when the process starts (`first`, before a worker
 * takes a job), as soon as a NOTIFY says a pause changed, each time the listening connection is
 * (re)established (a notification sent while it was down is lost), when the earliest `until`
 * comes, and every `safetyIntervalMs` besides. Passes never overlap: a change during one runs
 * another after it. Subscribers hear each queue that was paused, re-paused or resumed as seen
 * by this process (the event streams forward it).
 */
export function followPauses(control: QueueControl, options: PauseFollowerOptions) {
  const { log } = options;
  const listeners = new Set<(change: PauseChange) => void>();
  let announced = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;

  const signature = (p: QueuePause) => JSON.stringify([p.pausedAt, p.pausedBy, p.until, p.reason]);

  /**
   * Tells subscribers what changed since the last pass. The first pass that works announces every
   * pause holding then: a stream may have opened before it (the start, or Postgres away then),
   * and a queue said paused twice is no harm.
   */
  const announce = async () => {
    const now = await control.current();
    const next = new Map([...now].map(([type, pause]) => [type, signature(pause)]));
    const changes: PauseChange[] = [];
    for (const [type, sig] of next) {
      if (announced.get(type) !== sig) changes.push({ jobType: type, pause: now.get(type) ?? null });
    }
    for (const type of announced.keys()) if (!next.has(type)) changes.push({ jobType: type, pause: null });
    announced = next;
    for (const change of changes) for (const listener of listeners) listener(change);
  };

  /** When the next pass is due: the safety interval, or sooner for a pause's end. */
  const nextDelay = (): number => {
    const end = control.nextEnd();
    if (!end) return options.safetyIntervalMs;
    const untilEnd = end.getTime() - Date.now();
    const delay = untilEnd > 0 ? untilEnd + END_SLACK_MS : ENDING_RECHECK_MS;
    return Math.min(delay, options.safetyIntervalMs);
  };

  const arm = (delay: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => void request(), delay);
    timer.unref();
  };

  const pass = async () => {
    try {
      // A pass stuck on a connection that never answers must not hold every later one.
      const work = async () => {
        await control.apply(log);
        await announce();
      };
      await withTimeout(work(), PASS_TIMEOUT_MS, 'a queue pause pass');
      if (failures > 0) log.info({ failures }, 'queue pauses applied again');
      failures = 0;
      arm(nextDelay());
    } catch (error) {
      if (failures++ === 0) options.onError(error);
      arm(Math.min(RETRY_MS, options.safetyIntervalMs));
    }
  };

  /** A pass now, or right after the one under way (which may have read before the change). */
  function request(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  // Its own connection, opened again after a drop: what was notified meanwhile is read then.
  let failedToListen = 0;
  const listener = listenFor(options.databaseUrl, QUEUE_PAUSES_CHANNEL, {
    onNotify: () => void request(),
    onListening: () => {
      log.info({ channel: QUEUE_PAUSES_CHANNEL, afterFailures: failedToListen }, 'listening for queue pause changes');
      failedToListen = 0;
      void request();
    },
    onLost: (error) => {
      // Said once per run of failures, and as info: Postgres away is said by the process's own
      // outage log, and the safety pass and the re-read on listening again cover the gap.
      if (failedToListen++ > 0) return;
      const reason = error instanceof Error ? error.message : String(error);
      log.info({ reason }, 'not listening for queue pause changes; trying again every 2 s');
    },
  });

  const first = request();

  return {
    /** The first pass has run (whatever its outcome). */
    first,
    /** The first try to LISTEN has finished (a failed one is retried). */
    listening: listener.started,
    /** Hears every pause made, changed or ended; returns the unsubscribe. */
    subscribe(listener: (change: PauseChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await listener.stop();
      // A pass stuck on a hung connection does not hold the shutdown.
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
    },
  };
}

export type PauseFollower = ReturnType<typeof followPauses>;
