import type { Sql } from './client.ts';
import type { MissedPolicy } from './schedules.ts';

/** What was done about slots nobody ran in time. */
export type MissAction = 'skipped' | 'ran_once' | 'caught_up';

export interface ScheduleMiss {
  id: string;
  scheduleName: string;
  firstSlotAt: Date;
  lastSlotAt: Date;
  slots: number;
  policy: MissedPolicy;
  action: MissAction;
  /** The runs started for the missed slots (none when skipped). */
  runIds: string[];
  settledAt: Date;
}

export type NewScheduleMiss = Omit<ScheduleMiss, 'id' | 'settledAt'>;

const toMiss = (r: Record<string, unknown>): ScheduleMiss => ({
  id: String(r.id),
  scheduleName: r.schedule_name as string,
  firstSlotAt: r.first_slot_at as Date,
  lastSlotAt: r.last_slot_at as Date,
  slots: r.slots as number,
  policy: r.policy as MissedPolicy,
  action: r.action as MissAction,
  runIds: (r.run_ids as string[] | null) ?? [],
  settledAt: r.settled_at as Date,
});

/** The `schedule_misses` table: each settling of missed slots, newest first per schedule. */
export function createScheduleMisses(sql: Sql) {
  return {
    /** Records one settling; `db` lets it join the transaction that settled the slots. */
    async record(miss: NewScheduleMiss, db: Sql = sql): Promise<ScheduleMiss> {
      const [row] = await db`
        INSERT INTO schedule_misses (schedule_name, first_slot_at, last_slot_at, slots, policy, action, run_ids)
        VALUES (${miss.scheduleName}, ${miss.firstSlotAt}, ${miss.lastSlotAt}, ${miss.slots}, ${miss.policy},
                ${miss.action}, ${miss.runIds}::uuid[])
        RETURNING *`;
      return toMiss(row as Record<string, unknown>);
    },

    /** The newest settlings of one schedule. */
    async recent(name: string, limit = 20): Promise<ScheduleMiss[]> {
      const rows = await sql`
        SELECT * FROM schedule_misses WHERE schedule_name = ${name} ORDER BY settled_at DESC, id DESC LIMIT ${limit}`;
      return rows.map(toMiss);
    },

    /** The newest settling of each named schedule. */
    async latestFor(names: readonly string[]): Promise<Map<string, ScheduleMiss>> {
      if (names.length === 0) return new Map();
      const rows = await sql`
        SELECT DISTINCT ON (schedule_name) * FROM schedule_misses
        WHERE schedule_name IN ${sql(names as string[])}
        ORDER BY schedule_name, settled_at DESC, id DESC`;
      return new Map(rows.map((r) => [r.schedule_name as string, toMiss(r)]));
    },
  };
}

export type ScheduleMisses = ReturnType<typeof createScheduleMisses>;
