import type { Sql } from './client.ts';

type Fragment = ReturnType<Sql>;

/**
 * A uuid[] built from one JSON parameter. postgres.js mis-encodes some arrays (JSON text,
 * one-element arrays after a prepared statement of another shape); a JSON document has one
 * encoding. Used as `col = ANY(${uuidArray(sql, ids)})` it keeps lookups on the primary key.
 */
export const uuidArray = (sql: Sql, ids: readonly string[]): Fragment =>
  sql`ARRAY(SELECT jsonb_array_elements_text(${sql.json([...ids] as never)}::jsonb)::uuid)`;

/** A JSON parameter (for jsonb_to_recordset and friends): one encoding, whatever the value. */
export const jsonParam = (sql: Sql, value: unknown): Fragment => sql`${sql.json(value as never)}::jsonb`;

export interface PageRequest {
  limit: number;
  /** From 1. */
  page: number;
}

/**
 * One page of `table` matching every condition (null ones are skipped), in `orderBy` order,
 * with the total count of matches: the shape of every listing of the API.
 */
export async function selectPage(
  sql: Sql,
  table: string,
  conditions: Array<Fragment | null>,
  orderBy: Fragment,
  { limit, page }: PageRequest,
): Promise<{ rows: Array<Record<string, unknown>>; total: number }> {
  const where = conditions.filter((c): c is Fragment => c !== null).reduce((all, c) => sql`${all} AND ${c}`, sql`TRUE`);
  const [rows, [count]] = await Promise.all([
    sql`SELECT * FROM ${sql(table)} WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${(page - 1) * limit}`,
    sql`SELECT count(*)::int AS total FROM ${sql(table)} WHERE ${where}`,
  ]);
  return { rows: [...rows], total: (count?.total as number) ?? 0 };
}
