import { hostname } from 'node:os';
import { createWatchLeases, type Sql } from '@scheduler/db';

/** Work that one replica at a time does, every `everyMs`. */
export interface WatchPass {
  name: string;
  run(now: Date): Promise<void>;
  /** Work the pass left running beside the turns (sends in flight): stopping waits for it. */
  drain?(): Promise<void>;
}

export interface WatchLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WatchOptions {
  sql: Sql;
  log: WatchLog;
  everyMs: number;
  passes: readonly WatchPass[];
  /** How long the lease lasts without renewal: a dead holder is replaced after this long. */
  leaseMs?: number;
  /** Who this process is in the lease (default: host, pid and a random part). */
  holder?: string;
  /** The lease's name, one per kind of work (default `watch`: the alert evaluation). */
  lease?: string;
  /** What holding the lease means, for the log (default: evaluating alerts). */
  duty?: string;
}

export interface Watch {
  /** Whether this process holds the lease now. */
  readonly holding: boolean;
  /** Stops after the pass under way and gives the lease up, so another replica takes over at once. */
  stop(): Promise<void>;
}

/** A dead holder is replaced within this long (or three turns, if longer). */
export const DEFAULT_LEASE_MS = 15_000;

/**
 * Runs `passes` every `everyMs` in one replica at a time, whichever processes start it (the API
 * and the worker both do, so the watch goes on while every worker, or every API, is down). The
 * holder renews a lease row in Postgres on its own timer, independent of how long a pass takes;
 * when it dies, another replica takes the lease once it expires. Passes keep their state in
 * Postgres, so a new holder carries on where the old one stopped.
 */
export function startWatch(options: WatchOptions): Watch {
  const { sql, log, everyMs, passes } = options;
  const leaseMs = options.leaseMs ?? Math.max(DEFAULT_LEASE_MS, everyMs * 3);
  const holder = options.holder ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const leases = createWatchLeases(sql);
  const lease = options.lease ?? 'watch';
  const duty = options.duty ?? 'evaluates alerts';
  let holding = false;
  let stopped = false;
  let turn: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  // The renewal under way, so that stopping waits for it before giving the lease up.
  let renewing: Promise<void> = Promise.resolve();
  const renew = () => {
    renewing = takeOrRenew();
    return renewing;
  };
  const takeOrRenew = async () => {
    try {
      const had = holding;
      holding = await leases.take(lease, holder, leaseMs);
      if (holding && !had) log.info({ holder }, `took the ${lease} lease: this process ${duty}`);
      if (!holding && had) log.warn({ holder }, `lost the ${lease} lease`);
    } catch (error) {
      // Postgres away: stop acting until the lease is renewed (another holder may take it).
      if (holding) log.warn({ err: error }, `could not renew the ${lease} lease`);
      holding = false;
    }
  };
  const renewer = setInterval(() => void renew(), Math.max(50, Math.floor(leaseMs / 3)));
  renewer.unref();

  // A pass that keeps failing (Postgres away) is logged when it starts failing and when it
  // recovers, not every turn.
  const failing = new Set<string>();
  const runPasses = async () => {
    if (!holding) await renew();
    if (!holding || stopped) return;
    for (const pass of passes) {
      if (stopped) return;
      try {
        await pass.run(new Date());
        if (failing.delete(pass.name)) log.info({ pass: pass.name }, 'watch pass works again');
      } catch (error) {
        if (failing.has(pass.name)) continue;
        failing.add(pass.name);
        log.error({ err: error, pass: pass.name }, 'watch pass failed; it runs again at each turn');
      }
    }
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(turn);
    turn = setTimeout(() => {
      // A turn every everyMs from the start of the last (a slow pass does not stretch the period),
      // never two at once.
      const startedAt = Date.now();
      running = runPasses().finally(() => schedule(Math.max(0, everyMs - (Date.now() - startedAt))));
    }, delayMs);
  };
  schedule(0);

  return {
    get holding() {
      return holding;
    },
    async stop() {
      stopped = true;
      clearTimeout(turn);
      clearInterval(renewer);
      await running;
      await Promise.all(passes.map((pass) => pass.drain?.()));
      await renewing;
      if (holding) await leases.release(lease, holder).catch(() => {});
      holding = false;
    },
  };
}
