import postgres from 'postgres';

export type Sql = postgres.Sql;

export interface SqlOptions {
  max?: number;
  /** Name shown in pg_stat_activity, so operators can tell API, worker and stand-in apart. */
  applicationName?: string;
  /**
   * Each statement on this pool's connections may run this long (statement_timeout, set when a
   * connection opens): a bound that costs no round trip (see createSearchPool).
   */
  statementTimeoutMs?: number;
}

/** One pool per process, built in main and passed down. */
export function createSql(databaseUrl: string, options: SqlOptions = {}): Sql {
  return postgres(databaseUrl, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    // postgres.js waits before reconnecting, longer after each failed connection of the pool
    // (by default 3^failures/100 s, up to 20 s), and a query handed to a reconnecting connection
    // waits with it. After an outage that left the count high, a query issued just as Postgres
    // came back could wait 20 s. Capped at one second: queries fail or run within about a second.
    backoff: (failures: number) => Math.min(0.05 * 2 ** failures, 1),
    // Notices such as "relation already exists, skipping" are noise in service logs.
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? 'scheduler',
      ...(options.statementTimeoutMs !== undefined
        ? { statement_timeout: Math.max(1, Math.floor(options.statementTimeoutMs)) }
        : {}),
    },
    types: { bigint: postgres.BigInt },
  });
}
