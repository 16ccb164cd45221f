/**
 * CPU time per process group over one phase of a bench, from /proc (Linux): each process's
 * utime + stime (field 14 + 15 of /proc/<pid>/stat, all its threads), read before and after the
 * phase. Postgres is the server the bench talks to: its postmaster and every child of it
 * (backends, checkpointer, walwriter, autovacuum...), plus the postmaster's cutime + cstime
 * (fields 16 + 17), where the time of a backend that exited during the phase ends up once the
 * postmaster has reaped it. Redis is the redis-server the bench talks to (INFO's process_id),
 * with its own reaped children (a background save). Both are machine-wide for that server:
 * another tenant's queries or commands in the same seconds are counted too.
 */
import { cpus } from 'node:os';
import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import { machineTicks, meterPostgresCpu, statOf as readStat } from '../support/cpu.ts';

export interface Servers {
  postmaster: number;
  redis: number;
}

/** Finds the Postgres server (a backend's parent) and the Redis server the bench talks to. */
export async function findServers(sql: postgres.Sql, redis: Redis): Promise<Servers> {
  const [row] = await sql`SELECT pg_backend_pid() AS pid`;
  const postmaster = readStat(Number(row?.pid))?.ppid;
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
  if (!postmaster || !redisPid) throw new Error('cannot find the Postgres or Redis server process in /proc');
  return { postmaster, redis: redisPid };
}

export interface CpuPerJob {
  /** Microseconds of CPU per job, per process group. */
  postgres: number;
  redis: number;
  producer: number;
  workers: number;
  all: number;
  /** Share of the machine's CPU time left idle during the phase (0..1). */
  idle: number;
  /** Seconds the phase lasted. */
  seconds: number;
}

type Sample = {
  redis: number;
  producer: number;
  workers: number;
  machine: ReturnType<typeof machineTicks>;
  at: number;
};

function sample(servers: Servers, workerPids: readonly number[]): Sample {
  const redis = readStat(servers.redis);
  return {
    redis: redis ? redis.own + redis.reaped : 0,
    // The bench's own process (it produces in-process), without the children it has reaped.
    producer: readStat(process.pid)?.own ?? 0,
    workers: workerPids.reduce((sum, pid) => sum + (readStat(pid)?.own ?? 0), 0),
    machine: machineTicks(),
    at: performance.now(),
  };
}

/**
 * Starts counting; `stop(jobs)` (call it before the workers exit: a process gone is no longer
 * counted) answers the CPU microseconds per job of each group.
 */
export function countCpu(servers: Servers, workerPids: readonly number[]) {
  const postgres = meterPostgresCpu({ server: servers.postmaster });
  const before = sample(servers, workerPids);
  return {
    stop(jobs: number): CpuPerJob {
      const postgresSeconds = postgres.stop();
      const after = sample(servers, workerPids);
      const perJob = (seconds: number) => (seconds / jobs) * 1e6;
      const change = (key: 'redis' | 'producer' | 'workers') => perJob(after[key] - before[key]);
      const groups = {
        postgres: perJob(postgresSeconds),
        redis: change('redis'),
        producer: change('producer'),
        workers: change('workers'),
      };
      const total = after.machine.total - before.machine.total;
      return {
        ...groups,
        all: groups.postgres + groups.redis + groups.producer + groups.workers,
        idle: total > 0 ? (after.machine.idle - before.machine.idle) / total : Number.NaN,
        seconds: (after.at - before.at) / 1000,
      };
    },
  };
}

/** What Postgres and Redis use while the bench does nothing (other tenants), in cores. */
export async function backgroundLoad(servers: Servers, ms = 1000) {
  const count = countCpu(servers, []);
  await new Promise((r) => setTimeout(r, ms));
  const { postgres, redis, idle, seconds } = count.stop(1);
  return { postgres: postgres / 1e6 / seconds, redis: redis / 1e6 / seconds, idle, cores: cpus().length };
}

const US = (n: number) => n.toFixed(0).padStart(8);

/** One table: a row per variant, a column per process group. */
export function printCpuTable(rows: Array<[string, CpuPerJob]>) {
  console.log(
    `CPU per job, µs (utime+stime from /proc; Postgres and Redis machine-wide, see README)\n` +
      `  ${'variant'.padEnd(24)}${'postgres'.padStart(8)}${'redis'.padStart(8)}${'producer'.padStart(9)}${'workers'.padStart(8)}${'all'.padStart(8)}  idle`,
  );
  for (const [name, c] of rows) {
    console.log(
      `  ${name.padEnd(24)}${US(c.postgres)}${US(c.redis)} ${US(c.producer)}${US(c.workers)}${US(c.all)}  ${(c.idle * 100).toFixed(0).padStart(3)}%`,
    );
  }
}
