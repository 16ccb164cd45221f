import postgres from 'postgres';

export type Sql = postgres.Sql;

export interface SqlOptions {
  max?: number;
  /** Name shown in pg_stat_activity, so operators can tell API, worker and stand-in apart. */
  applicationName?: string;
}

/** One pool per process, built in main and passed down. */
export function createSql(databaseUrl: string, options: SqlOptions = {}): Sql {
  return postgres(databaseUrl, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    // Notices such as "relation already exists, skipping" are noise in service logs.
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'scheduler' },
    types: { bigint: postgres.BigInt },
  });
}
