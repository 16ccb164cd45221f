/**
 * CPU time of processes, from /proc (Linux), for the benches' CPU-per-job figures: a process's
 * utime + stime (fields 14 and 15 of /proc/<pid>/stat, all its threads) and the time of the
 * children it has reaped (cutime + cstime, fields 16 and 17). Times are in clock ticks of
 * USER_HZ (100 a second on Linux).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type postgres from 'postgres';

export const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessStat {
  ppid: number;
  /** utime + stime, in seconds. */
  own: number;
  /** cutime + cstime: the children it has reaped, in seconds. */
  reaped: number;
}

/** /proc/<pid>/stat, or null once the process is gone. */
export function statOf(pid: number): ProcessStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return {
    ppid: field(4),
    own: (field(14) + field(15)) / TICKS_PER_SECOND,
    reaped: (field(16) + field(17)) / TICKS_PER_SECOND,
  };
}

/** CPU seconds (user + system) a process has used so far, or undefined once it is gone. */
export const cpuSecondsOf = (pid: number): number | undefined => statOf(pid)?.own;

/** Every process id now, for the filters below. */
const allPids = () =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);

/** The children of `parent` now (a postmaster's backends come and go during a phase). */
export const childrenOf = (parent: number): number[] => allPids().filter((pid) => statOf(pid)?.ppid === parent);

/** Processes whose command name (/proc/<pid>/comm) is `name`, e.g. every postgres process. */
export function pidsNamed(name: string): number[] {
  return allPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
    } catch {
      return false; // gone since the listing
    }
  });
}

/**
 * The backends connected to `database` now (pg_stat_activity): client backends only, or with
 * every other process attached to it (an autovacuum or parallel worker) when `clientOnly` is false.
 */
export async function backendPidsOf(sql: postgres.Sql, database: string, clientOnly = true): Promise<number[]> {
  const rows = clientOnly
    ? await sql`SELECT pid FROM pg_stat_activity WHERE datname = ${database} AND backend_type = 'client backend'`
    : await sql`SELECT pid FROM pg_stat_activity WHERE datname = ${database}`;
  return rows.map((r) => r.pid as number);
}

/** Which Postgres processes a meter counts. */
export type PostgresProcesses =
  /**
   * A server's whole process tree: its postmaster, every child of it (backends, checkpointer, WAL
   * writer, autovacuum...), and the postmaster's cutime + cstime, where the time of a backend that
   * exited meanwhile ends up once it is reaped. Every tenant of that server is counted.
   */
  | { server: number }
  /** Every process named postgres on the machine: every server, every tenant. */
  | { everyPostgres: true }
  /**
   * The backends connected to one database when the meter stops (see backendPidsOf), less
   * `exclude`; each counts from its start when it was born meanwhile. One that exited before the
   * stop takes its time with it: keep the pools open across a metered phase.
   */
  | { database: string; sql: postgres.Sql; clientOnly?: boolean; exclude?: ReadonlySet<number> };

/** CPU seconds of each process now (a process gone since the listing is left out). */
export function secondsOf(pids: Iterable<number>): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    const own = cpuSecondsOf(pid);
    if (own !== undefined) seconds.set(pid, own);
  }
  return seconds;
}

/** CPU seconds each process used between two readings, over `only` when given; one born in between counts from 0. */
export function usedBetween(
  before: Map<number, number>,
  after: Map<number, number>,
  only?: ReadonlySet<number>,
): number {
  let seconds = 0;
  for (const [pid, now] of after) if (!only || only.has(pid)) seconds += now - (before.get(pid) ?? 0);
  return seconds;
}

/** A server's tree now: the postmaster's own and reaped time and each child's own. */
function serverSeconds(postmaster: number): number {
  const stat = statOf(postmaster);
  return (
    (stat ? stat.own + stat.reaped : 0) + childrenOf(postmaster).reduce((sum, pid) => sum + (statOf(pid)?.own ?? 0), 0)
  );
}

/**
 * Starts metering the CPU time (utime + stime) of the Postgres processes `which` names;
 * `stop()` answers the seconds they used since. Reading the tree or every process is synchronous;
 * the backends of a database are known by a query, so that meter's stop is a promise.
 */
export function meterPostgresCpu(which: { server: number } | { everyPostgres: true }): { stop: () => number };
export function meterPostgresCpu(which: {
  database: string;
  sql: postgres.Sql;
  clientOnly?: boolean;
  exclude?: ReadonlySet<number>;
}): {
  stop: () => Promise<number>;
};
export function meterPostgresCpu(which: PostgresProcesses): { stop: () => number | Promise<number> } {
  if ('server' in which) {
    const before = serverSeconds(which.server);
    return { stop: () => serverSeconds(which.server) - before };
  }
  const before = secondsOf(pidsNamed('postgres'));
  if ('everyPostgres' in which) return { stop: () => usedBetween(before, secondsOf(pidsNamed('postgres'))) };
  return {
    async stop() {
      const after = secondsOf(pidsNamed('postgres'));
      const connected = await backendPidsOf(which.sql, which.database, which.clientOnly ?? true);
      return usedBetween(before, after, new Set(connected.filter((pid) => !which.exclude?.has(pid))));
    },
  };
}

/** The whole machine's CPU time so far (/proc/stat's first line), and how much of it was idle, in ticks. */
export function machineTicks(): { total: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { total: busy + (idle ?? 0) + (iowait ?? 0), idle: (idle ?? 0) + (iowait ?? 0) };
}
