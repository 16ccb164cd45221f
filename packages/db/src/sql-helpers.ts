import type { Sql } from './client.ts';

type Fragment = ReturnType<Sql>;

/**
 * A JSON parameter (for jsonb_to_recordset and friends): one encoding, whatever the value. The
 * one place that casts: postgres.js's `sql.json` accepts only its own JSON value type.
 */
export const jsonParam = (sql: Sql, value: unknown): Fragment => sql`${sql.json(value as never)}::jsonb`;

/**
 * A uuid[] built from one JSON parameter. postgres.js mis-encodes some arrays (JSON text,
 * one-element arrays after a prepared statement of another shape); a JSON document has one
 * encoding. Used as `col = ANY(${uuidArray(sql, ids)})` it keeps lookups on the primary key.
 */
export const uuidArray = (sql: Sql, ids: readonly string[]): Fragment =>
  sql`ARRAY(SELECT jsonb_array_elements_text(${jsonParam(sql, ids)})::uuid)`;

export interface PageRequest {
  limit: number;
  /** From 1. */
  page: number;
}

/**
 * Rows after a cursor: a condition on the page only (the count still covers every match), with
 * no OFFSET, so a deep page costs what the first one does.
 */
export type PageCursor = Fragment | null;

/** Listings count matches up to here; past it `total` is this many and `totalIsExact` false. */
export const COUNT_CAP = 10_000;

/**
 * One page of `table` matching every condition (null ones are skipped), in `orderBy` order,
 * with the number of matches: the shape of every listing of the API. The count stops at
 * COUNT_CAP so that a listing over a million rows costs what its page costs, not a full scan.
 */
export async function selectPage(
  sql: Sql,
  table: string,
  conditions: Array<Fragment | null>,
  orderBy: Fragment,
  { limit, page }: PageRequest,
  cursor: PageCursor = null,
  columns: Fragment = sql`*`,
): Promise<{ rows: Array<Record<string, unknown>>; total: number; totalIsExact: boolean }> {
  const where = conditions.filter((c): c is Fragment => c !== null).reduce((all, c) => sql`${all} AND ${c}`, sql`TRUE`);
  const [rows, [count]] = await Promise.all([
    cursor
      ? sql`SELECT ${columns} FROM ${sql(table)} WHERE ${where} AND ${cursor} ORDER BY ${orderBy} LIMIT ${limit}`
      : sql`SELECT ${columns} FROM ${sql(table)} WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${(page - 1) * limit}`,
    sql`SELECT count(*)::int AS total FROM (SELECT 1 FROM ${sql(table)} WHERE ${where} LIMIT ${COUNT_CAP + 1}) capped`,
  ]);
  const counted = (count?.total as number) ?? 0;
  return { rows: [...rows], total: Math.min(counted, COUNT_CAP), totalIsExact: counted <= COUNT_CAP };
}
