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

/** The client backends connected to `database` now (pg_stat_activity). */
export async function backendPidsOf(sql: postgres.Sql, database: string): Promise<number[]> {
  const rows = await sql`
    SELECT pid FROM pg_stat_activity WHERE datname = ${database} AND backend_type = 'client backend'`;
  return rows.map((r) => r.pid as number);
}

/** The whole machine's CPU time so far (/proc/stat's first line), and how much of it was idle, in ticks. */
export function machineTicks(): { total: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { total: busy + (idle ?? 0) + (iowait ?? 0), idle: (idle ?? 0) + (iowait ?? 0) };
}
