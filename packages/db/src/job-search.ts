import { createSql, type Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';
import type { JobStatus } from './types.ts';

type Fragment = ReturnType<Sql>;

/** At most this many tags on a job or a schedule. */
export const MAX_JOB_TAGS = 5;
/** A tag: 1–40 characters of lower-case letters, digits and `_ . : -` (the dashboard's query language relies on it). */
export const JOB_TAG_PATTERN = /^[a-z0-9_.:-]{1,40}$/;

/** Why a list of tags cannot be stored, or null when it can. */
export function tagsProblem(tags: readonly string[]): string | null {
  if (tags.length > MAX_JOB_TAGS) return `at most ${MAX_JOB_TAGS} tags, got ${tags.length}`;
  const bad = tags.find((tag) => !JOB_TAG_PATTERN.test(tag));
  if (bad !== undefined) {
    return `tag "${bad}" must be 1 to 40 characters of lower-case letters, digits, "_", ".", ":" and "-"`;
  }
  if (new Set(tags).size !== tags.length) return 'a tag is given twice';
  return null;
}

/** A key path into a payload equal to a value, e.g. path ['isoWeek'], value '2026-W48'. */
export interface PayloadEquals {
  path: readonly string[];
  /**
   * Matched against the value at the path as JSON text: '2026-W48' matches the string, '100' the
   * number 100 and the string "100", 'true' the boolean and the string.
   */
  value: string;
}

/**
 * What a search of jobs asks: every given field must hold (AND). The conditions (searchConditions)
 * name columns only, so they apply to `scheduled_jobs` and `scheduled_jobs_archive` alike.
 */
export interface JobSearch {
  /** Any of these job types. */
  types?: readonly string[];
  /** Any of these statuses. */
  statuses?: readonly JobStatus[];
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
  /** Who started it: a users.id, 'service' or 'scheduler'. */
  startedBy?: string;
  /** 1–32 lowercase hex digits (an id without its dashes): jobs whose id starts with them. */
  idPrefix?: string;
  /** Created by this schedule. */
  scheduleName?: string;
  /** Carries every one of these tags. */
  tags?: readonly string[];
  /** Each of these key paths of the payload equals its value. */
  payload?: readonly PayloadEquals[];
  /** The payload contains this JSON (Postgres's `@>`: nested objects match part of the payload's). */
  contains?: Record<string, unknown>;
  /** The error contains this text, whatever the case. */
  errorText?: string;
}

/** The ids a prefix of hex digits spans, lowest and highest, as UUIDs (a range the primary key answers). */
export function idRangeOfPrefix(hexPrefix: string): [string, string] {
  const asUuid = (hex: string) =>
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return [asUuid(hexPrefix.padEnd(32, '0')), asUuid(hexPrefix.padEnd(32, 'f'))];
}

/** `{ a: { b: value } }` for the path ['a', 'b']. */
const nested = (path: readonly string[], value: unknown): Record<string, unknown> =>
  path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

/** The JSON values a query's text stands for: the string itself, and the number, boolean or null it spells. */
function jsonValuesOf(text: string): unknown[] {
  const values: unknown[] = [text];
  if (text === 'true' || text === 'false' || text === 'null') values.push(JSON.parse(text));
  else if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) && Number.isFinite(Number(text))) {
    values.push(Number(text));
  }
  return values;
}

/**
 * A text[] as its literal, one parameter (postgres.js's array encoding has surprised this code
 * before: see uuidArray). Every element quoted, so any text is taken as it is.
 */
const textArrayLiteral = (items: readonly string[]) =>
  `{${items.map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** `text` for LIKE, its wildcards taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/**
 * The SQL conditions of a search, one per given field, to be joined with AND; empty for an empty
 * search. Pure: builds fragments, runs nothing. Shared by the job listing, bulk actions and the
 * archive's search, so all three match exactly the same jobs.
 *
 * Each condition is written so an index can answer it: a key path equal to a value becomes
 * payload containment (`@>`, the GIN index on payload), tags `@>` (the GIN index on tags), error
 * text ILIKE (the trigram index on error), an id prefix a primary-key range. The partial indexes'
 * predicates are repeated (`payload <> '{}'`, `tags <> '{}'`, `error IS NOT NULL`): the planner
 * uses a partial index only for a query that states its predicate.
 */
export function searchConditions(sql: Sql, search: JobSearch): Fragment[] {
  const conditions: Fragment[] = [];
  if (search.types?.length) conditions.push(sql`job_type IN ${sql([...search.types])}`);
  if (search.statuses?.length) conditions.push(sql`status IN ${sql([...search.statuses])}`);
  if (search.from) conditions.push(sql`created_at >= ${search.from}`);
  if (search.to) conditions.push(sql`created_at < ${search.to}`);
  if (search.startedBy) conditions.push(sql`started_by = ${search.startedBy}`);
  if (search.idPrefix) {
    const [low, high] = idRangeOfPrefix(search.idPrefix);
    conditions.push(sql`id BETWEEN ${low} AND ${high}`);
  }
  if (search.scheduleName) conditions.push(sql`schedule_name = ${search.scheduleName}`);
  if (search.tags?.length) {
    conditions.push(sql`tags <> '{}' AND tags @> ${textArrayLiteral(search.tags)}::text[]`);
  }
  for (const { path, value } of search.payload ?? []) {
    // One containment per JSON value the text spells, OR-ed: each is an index lookup.
    const alternatives = jsonValuesOf(value).map((v) => sql`payload @> ${jsonParam(sql, nested(path, v))}`);
    const anyOf = alternatives.reduce((all, c) => sql`${all} OR ${c}`);
    conditions.push(sql`payload <> '{}'::jsonb AND (${anyOf})`);
  }
  if (search.contains && Object.keys(search.contains).length > 0) {
    conditions.push(sql`payload <> '{}'::jsonb AND payload @> ${jsonParam(sql, search.contains)}`);
  }
  if (search.errorText) {
    conditions.push(sql`error IS NOT NULL AND error ILIKE ${`%${likeLiteral(search.errorText)}%`}`);
  }
  return conditions;
}

/** Thrown when a search takes longer than its bound (statement_timeout): the caller should narrow it. */
export class SearchTooBroadError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the search took longer than ${timeoutMs} ms`);
    this.name = 'SearchTooBroadError';
  }
}

/** Postgres's code for a statement cancelled by statement_timeout (query_canceled). */
const QUERY_CANCELED = '57014';

/**
 * A pool for searches: each of its connections opens with statement_timeout = `timeoutMs`, so
 * every statement run on it is bounded with nothing around it (no transaction, no SET: a search
 * is the round trip of its own statements). The listing, the archive's search and bulk actions
 * by filter resolve their filters on one (see withinSearchPool).
 */
export interface SearchPool {
  sql: Sql;
  timeoutMs: number;
}

export function createSearchPool(
  databaseUrl: string,
  { timeoutMs, max = 4, applicationName }: { timeoutMs: number; max?: number; applicationName?: string },
): SearchPool {
  return { sql: createSql(databaseUrl, { max, statementTimeoutMs: timeoutMs, applicationName }), timeoutMs };
}

/** Whether `error` is a statement cut off by its statement_timeout. */
export const isStatementTimeout = (error: unknown) => (error as { code?: string }).code === QUERY_CANCELED;

/** Runs `read` on the search pool; a statement cut off by its bound throws SearchTooBroadError. */
export async function withinSearchPool<T>(pool: SearchPool, read: (sql: Sql) => Promise<T>): Promise<T> {
  try {
    return await read(pool.sql);
  } catch (error) {
    if (isStatementTimeout(error)) throw new SearchTooBroadError(pool.timeoutMs);
    throw error;
  }
}
