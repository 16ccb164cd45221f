import type { Sql } from '@scheduler/db';
import { meterPostgresCpu, pidsNamed, secondsOf, usedBetween } from '../support/cpu.ts';

export interface CpuPerItem {
  /** Backends connected to the bench's database: the digest's own queries and writes. */
  postgresOurs: number;
  /** Every postgres process on the machine: also WAL writer, checkpointer, other helpers' databases. */
  postgresAll: number;
  /** The redis-server process (shared by everyone on the machine). */
  redis: number;
  /** Each named Node process. */
  node: Record<string, number>;
  /** Transactions committed in the bench's database per item: each statement outside a transaction is one. */
  transactions: number;
}

/**
 * Meters a phase: CPU microseconds per item (email) of Postgres, Redis and the given Node
 * processes, from utime + stime in /proc/<pid>/stat before and after. A backend that exits during
 * the phase takes its time with it, so the bench keeps its pools open across a phase.
 */
export async function meterCpu(
  sql: Sql,
  database: string,
  nodePids: Record<string, number>,
): Promise<{ stop: (items: number) => Promise<CpuPerItem> }> {
  const transactionsNow = async () => {
    // Statistics reach the shared view when a backend goes idle, at most a second late.
    const [row] = await sql`
      SELECT pg_stat_clear_snapshot(), (SELECT xact_commit FROM pg_stat_database WHERE datname = ${database})::float AS n`;
    return row?.n as number;
  };
  const transactionsBefore = await transactionsNow();
  // Every backend attached to the database, whatever its type (as pg_stat_activity lists them).
  const postgresOurs = meterPostgresCpu({ database, sql, clientOnly: false });
  const postgresAll = meterPostgresCpu({ everyPostgres: true });
  const redisBefore = secondsOf(pidsNamed('redis-server'));
  const nodeBefore = secondsOf(Object.values(nodePids));
  return {
    async stop(items) {
      const postgresAllSeconds = postgresAll.stop();
      const redisAfter = secondsOf(pidsNamed('redis-server'));
      const nodeAfter = secondsOf(Object.values(nodePids));
      const postgresOursSeconds = await postgresOurs.stop();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const transactions = (await transactionsNow()) - transactionsBefore;
      const perItem = (seconds: number) => (seconds * 1e6) / Math.max(items, 1);
      return {
        postgresOurs: perItem(postgresOursSeconds),
        postgresAll: perItem(postgresAllSeconds),
        redis: perItem(usedBetween(redisBefore, redisAfter)),
        node: Object.fromEntries(
          Object.entries(nodePids).map(([name, pid]) => [
            name,
            perItem((nodeAfter.get(pid) ?? 0) - (nodeBefore.get(pid) ?? 0)),
          ]),
        ),
        transactions: transactions / Math.max(items, 1),
      };
    },
  };
}

/** One line of a phase's CPU per email, e.g. "CPU µs/email: postgres 52 (all 60), redis 1, worker 180, …". */
export function describeCpu(cpu: CpuPerItem): string {
  const node = Object.entries(cpu.node)
    .map(([name, us]) => `${name} ${us.toFixed(0)}`)
    .join(', ');
  const total = cpu.postgresOurs + cpu.redis + Object.values(cpu.node).reduce((a, b) => a + b, 0);
  return (
    `postgres ${cpu.postgresOurs.toFixed(0)} (all postgres processes ${cpu.postgresAll.toFixed(0)}), ` +
    `redis ${cpu.redis.toFixed(0)}, ${node}; total ${total.toFixed(0)}; ` +
    `${cpu.transactions.toFixed(3)} Postgres transactions per email`
  );
}
