import type { Sql } from './client.ts';
import {
  isStatementTimeout,
  type JobSearch,
  type SearchPool,
  SearchTooBroadError,
  searchConditions,
  withinSearchPool,
} from './job-search.ts';
import { jsonParam, selectPage, uuidArray } from './sql-helpers.ts';
import type { JobStatus } from './types.ts';

export const BULK_ACTIONS = ['cancel', 'retry', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const BULK_STATES = ['running', 'done', 'aborted', 'failed'] as const;
export type BulkState = (typeof BULK_STATES)[number];

/** Which jobs a bulk action is for: these ids, or every job the filter matches when it is created. */
export type BulkSelection = { ids: string[] } | { filter: JobSearch };

export interface BulkOperation {
  id: string;
  action: BulkAction;
  /** As the request gave it (dates as ISO strings). */
  selection: { ids: string[] } | { filter: Record<string, unknown> };
  payloadPatch: Record<string, unknown> | null;
  principal: string;
  actorKind: string;
  actorUserId: string | null;
  actorClerkId: string | null;
  state: BulkState;
  matched: number;
  done: number;
  refused: number;
  /** Refusals by reason, e.g. `{ "already completed": 12 }`. */
  refusedReasons: Record<string, number>;
  failed: number;
  /** Jobs not acted on yet (or never, once aborted): matched − done − refused − failed. */
  untouched: number;
  error: string | null;
  abortedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

export interface NewBulkOperation {
  action: BulkAction;
  selection: BulkSelection;
  /** The selection as stored and shown (the filter's dates as ISO strings). */
  selectionRecord: BulkOperation['selection'];
  payloadPatch: Record<string, unknown> | null;
  principal: string;
  actorKind: string;
  actorUserId: string | null;
  actorClerkId: string | null;
  requestKey: string;
  /** More matches than this: TooManyJobsError, nothing written. */
  maxJobs: number;
  /** The count the caller confirmed: a different count is a CountChangedError, nothing written. */
  expectedCount?: number;
  /**
   * Called with each distinct (type, payload) of the matched failed and cancelled jobs before the operation is
   * committed; throwing rolls it back (a payload patch the type refuses writes nothing).
   */
  check?: (jobs: Array<{ jobType: string; payload: Record<string, unknown> }>) => void;
  /**
   * Recorded in a transaction on this search pool: each statement resolving the selection may
   * take its timeout, else SearchTooBroadError and nothing written (as the listing's search).
   */
  within?: SearchPool;
}

export class TooManyJobsError extends Error {
  constructor(readonly limit: number) {
    super(`The selection matches more than ${limit.toLocaleString('en')} jobs; narrow the filter`);
  }
}

export class CountChangedError extends Error {
  constructor(
    readonly expected: number,
    readonly matched: number,
  ) {
    super(`The selection matches ${matched} jobs now, not the ${expected} confirmed; confirm the new count`);
  }
}

/** A job's outcome in an operation: acted on, refused by the lifecycle (why), or failed (the error). */
export interface BulkJobOutcome {
  position: number;
  outcome: 'done' | 'refused' | 'failed';
  reason: string | null;
  newJobId?: string | null;
}

/** How the jobs a selection matches stand now, by stored status (and whether a stop was asked): the preview's input. */
export interface SelectionCensus {
  byState: Array<{ status: JobStatus | null; stopping: boolean; count: number }>;
  matched: number;
  /** False when there were more than `cap` matches (then `matched` is cap + 1). */
  isExact: boolean;
}

type Row = Record<string, unknown>;

const operationFromRow = (r: Row): BulkOperation => {
  const matched = r.matched as number;
  const done = r.done as number;
  const refused = r.refused as number;
  const failed = r.failed as number;
  return {
    id: r.id as string,
    action: r.action as BulkAction,
    selection: r.selection as BulkOperation['selection'],
    payloadPatch: (r.payload_patch as Record<string, unknown> | null) ?? null,
    principal: r.principal as string,
    actorKind: r.actor_kind as string,
    actorUserId: (r.actor_user_id as string | null) ?? null,
    actorClerkId: (r.actor_clerk_id as string | null) ?? null,
    state: r.state as BulkState,
    matched,
    done,
    refused,
    refusedReasons: (r.refused_reasons as Record<string, number>) ?? {},
    failed,
    untouched: matched - done - refused - failed,
    error: (r.error as string | null) ?? null,
    abortedBy: (r.aborted_by as string | null) ?? null,
    createdAt: r.created_at as Date,
    startedAt: (r.started_at as Date | null) ?? null,
    finishedAt: (r.finished_at as Date | null) ?? null,
    updatedAt: r.updated_at as Date,
  };
};

const UNIQUE_VIOLATION = '23505';

/**
 * The `bulk_operations` and `bulk_operation_jobs` tables: an operation's record, its snapshot of
 * jobs and the outcome of each. Nothing here changes a job; the runner (@scheduler/runtime) acts
 * on each through the lifecycle and records the outcome here.
 */
export function createBulkOperations(sql: Sql) {
  const where = (selection: BulkSelection) =>
    'ids' in selection
      ? sql`id = ANY(${uuidArray(sql, selection.ids)})`
      : searchConditions(sql, selection.filter).reduce((all, c) => sql`${all} AND ${c}`, sql`TRUE`);

  const runningOf = async (db: Sql, principal: string, requestKey: string) => {
    const [row] = await db`
      SELECT * FROM bulk_operations WHERE principal = ${principal} AND request_key = ${requestKey} AND state = 'running'`;
    return row ? operationFromRow(row) : null;
  };

  return {
    /**
     * Records an operation and the snapshot of its jobs, in one transaction: the jobs the
     * selection matches now, oldest first (ids: in the order given, unknown ones too, to be
     * refused as "no such job"). The same request (principal and request key) while one runs is
     * that one: `created` false.
     */
    async create(op: NewBulkOperation): Promise<{ operation: BulkOperation; created: boolean }> {
      const existing = await runningOf(sql, op.principal, op.requestKey);
      if (existing) return { operation: existing, created: false };
      try {
        const operation = await (op.within?.sql ?? sql).begin(async (tx) => {
          const [row] = await tx`
            INSERT INTO bulk_operations
              (action, selection, payload_patch, principal, actor_kind, actor_user_id, actor_clerk_id, request_key, matched)
            VALUES (${op.action}, ${jsonParam(sql, op.selectionRecord)},
                    ${op.payloadPatch ? jsonParam(sql, op.payloadPatch) : null}, ${op.principal}, ${op.actorKind},
                    ${op.actorUserId}, ${op.actorClerkId}, ${op.requestKey}, 0)
            RETURNING id`;
          const id = (row as Row).id as string;
          const inserted =
            'ids' in op.selection
              ? await tx`
                  INSERT INTO bulk_operation_jobs (operation_id, position, job_id)
                  SELECT ${id}, (ord - 1)::int, job_id::uuid
                  FROM jsonb_array_elements_text(${jsonParam(sql, op.selection.ids)}) WITH ORDINALITY AS t(job_id, ord)
                  WHERE ord <= ${op.maxJobs + 1}`
              : await tx`
                  INSERT INTO bulk_operation_jobs (operation_id, position, job_id)
                  SELECT ${id}, (row_number() OVER (ORDER BY created_at, id) - 1)::int, id
                  FROM (SELECT id, created_at FROM scheduled_jobs WHERE ${where(op.selection)}
                        ORDER BY created_at, id LIMIT ${op.maxJobs + 1}) matching`;
          const matched = inserted.count;
          if (matched > op.maxJobs) throw new TooManyJobsError(op.maxJobs);
          if (op.expectedCount !== undefined && op.expectedCount !== matched) {
            throw new CountChangedError(op.expectedCount, matched);
          }
          if (op.check) {
            // Only the jobs a retry would act on (failed, cancelled): the others are refused anyway.
            const jobs = await tx`
              SELECT DISTINCT j.job_type, j.payload FROM bulk_operation_jobs b
              JOIN scheduled_jobs j ON j.id = b.job_id
              WHERE b.operation_id = ${id} AND j.status IN ('failed', 'cancelled')`;
            op.check(
              jobs.map((j) => ({ jobType: j.job_type as string, payload: j.payload as Record<string, unknown> })),
            );
          }
          const [created] = await tx`UPDATE bulk_operations SET matched = ${matched} WHERE id = ${id} RETURNING *`;
          return operationFromRow(created as Row);
        });
        return { operation, created: true };
      } catch (error) {
        if (isStatementTimeout(error) && op.within) throw new SearchTooBroadError(op.within.timeoutMs);
        // The same request committed first by a concurrent call: that one is the operation.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
          const winner = await runningOf(sql, op.principal, op.requestKey);
          if (winner) return { operation: winner, created: false };
        }
        throw error;
      }
    },

    /** How the jobs a selection matches stand now, counting up to `cap` + 1 of them, on a search pool (SearchTooBroadError). */
    async census(selection: BulkSelection, cap: number, within: SearchPool): Promise<SelectionCensus> {
      const rows = await withinSearchPool(
        within,
        (db) => db`
        SELECT status, stopping, count(*)::int AS n FROM (
          SELECT status, cancel_requested_at IS NOT NULL AS stopping FROM scheduled_jobs
          WHERE ${where(selection)} LIMIT ${cap + 1}) matching
        GROUP BY status, stopping`,
      );
      const byState: SelectionCensus['byState'] = rows.map((r) => ({
        status: r.status as JobStatus,
        stopping: r.stopping === true,
        count: r.n as number,
      }));
      let matched = byState.reduce((sum, s) => sum + s.count, 0);
      if ('ids' in selection) {
        // Ids without a row are matched too: refused as "no such job".
        const absent = new Set(selection.ids).size - matched;
        if (absent > 0) byState.push({ status: null, stopping: false, count: absent });
        matched += Math.max(absent, 0);
      }
      return { byState, matched, isExact: matched <= cap };
    },

    /** The distinct (type, payload) of the failed and cancelled jobs among the first `cap` + 1 a selection matches. */
    async retryablePayloads(selection: BulkSelection, cap: number, within: SearchPool) {
      const rows = await withinSearchPool(
        within,
        (db) => db`
        SELECT DISTINCT job_type, payload FROM (
          SELECT job_type, payload FROM scheduled_jobs
          WHERE ${where(selection)} AND status IN ('failed', 'cancelled') LIMIT ${cap + 1}) matching`,
      );
      return rows.map((r) => ({ jobType: r.job_type as string, payload: r.payload as Record<string, unknown> }));
    },

    async get(id: string): Promise<BulkOperation | null> {
      const [row] = await sql`SELECT * FROM bulk_operations WHERE id = ${id}`;
      return row ? operationFromRow(row) : null;
    },

    /** Operations, newest first. */
    async list(filter: { state?: BulkState; limit: number; page: number; after?: string }) {
      const { rows, total, totalIsExact } = await selectPage(
        sql,
        'bulk_operations',
        [filter.state ? sql`state = ${filter.state}` : null],
        sql`created_at DESC, id DESC`,
        filter,
        filter.after
          ? sql`(created_at, id) < (SELECT created_at, id FROM bulk_operations WHERE id = ${filter.after})`
          : null,
      );
      return { operations: rows.map(operationFromRow), total, totalIsExact };
    },

    /** The oldest operation still running: the runner's next work. */
    async nextRunning(): Promise<BulkOperation | null> {
      const [row] = await sql`
        SELECT * FROM bulk_operations WHERE state = 'running' ORDER BY created_at, id LIMIT 1`;
      return row ? operationFromRow(row) : null;
    },

    async markStarted(id: string): Promise<void> {
      await sql`UPDATE bulk_operations SET started_at = coalesce(started_at, now()), updated_at = now() WHERE id = ${id}`;
    },

    /** The next `limit` jobs not acted on yet, in position order. */
    async pendingJobs(id: string, limit: number): Promise<Array<{ position: number; jobId: string }>> {
      const rows = await sql`
        SELECT b.position, b.job_id FROM bulk_operation_jobs b, bulk_operations o
        WHERE o.id = ${id} AND b.operation_id = o.id AND b.position >= o.cursor AND b.outcome IS NULL
        ORDER BY b.position LIMIT ${limit}`;
      return rows.map((r) => ({ position: r.position as number, jobId: r.job_id as string }));
    },

    /**
     * Records the outcomes of some of its jobs and counts them, in one statement (a job is
     * counted once however often it is recorded). Answers the operation's state now: the runner
     * stops at once when it is no longer `running` (aborted).
     */
    async record(id: string, outcomes: readonly BulkJobOutcome[]): Promise<BulkState | null> {
      if (outcomes.length === 0) return (await this.get(id))?.state ?? null;
      const rows = outcomes.map((o) => ({
        position: o.position,
        outcome: o.outcome,
        reason: o.reason,
        newJobId: o.newJobId ?? null,
      }));
      const [row] = await sql`
        WITH given AS (
          SELECT * FROM jsonb_to_recordset(${jsonParam(sql, rows)})
            AS v(position int, outcome text, reason text, "newJobId" uuid)),
        marked AS (
          UPDATE bulk_operation_jobs b SET outcome = g.outcome, reason = g.reason, new_job_id = g."newJobId"
          FROM given g
          WHERE b.operation_id = ${id} AND b.position = g.position AND b.outcome IS NULL
          RETURNING b.outcome, b.reason),
        reasons AS (SELECT reason, count(*)::int AS n FROM marked WHERE outcome = 'refused' GROUP BY reason)
        UPDATE bulk_operations o SET
          done = done + (SELECT count(*)::int FROM marked WHERE outcome = 'done'),
          refused = refused + (SELECT count(*)::int FROM marked WHERE outcome = 'refused'),
          failed = failed + (SELECT count(*)::int FROM marked WHERE outcome = 'failed'),
          refused_reasons = refused_reasons || coalesce(
            (SELECT jsonb_object_agg(r.reason, coalesce((o.refused_reasons->>r.reason)::int, 0) + r.n) FROM reasons r),
            '{}'::jsonb),
          cursor = greatest(cursor, (SELECT max(position) + 1 FROM given)),
          updated_at = now()
        WHERE o.id = ${id}
        RETURNING state`;
      return (row?.state as BulkState | undefined) ?? null;
    },

    /** Ends a running operation: done, or failed with why. False when it had ended already (aborted). */
    async finish(id: string, state: 'done' | 'failed', error: string | null = null): Promise<boolean> {
      const rows = await sql`
        UPDATE bulk_operations SET state = ${state}, error = ${error}, finished_at = now(), updated_at = now()
        WHERE id = ${id} AND state = 'running' RETURNING id`;
      return rows.length > 0;
    },

    /** Stops a running operation: jobs not acted on yet stay untouched. Null when not running (or unknown). */
    async abort(id: string, by: string): Promise<BulkOperation | null> {
      const [row] = await sql`
        UPDATE bulk_operations SET state = 'aborted', aborted_by = ${by}, finished_at = now(), updated_at = now()
        WHERE id = ${id} AND state = 'running' RETURNING *`;
      return row ? operationFromRow(row) : null;
    },

    /** The jobs of an operation that failed or were refused, with why, first first (up to `limit`). */
    async problems(id: string, limit: number) {
      const rows = await sql`
        SELECT job_id, outcome, reason FROM bulk_operation_jobs
        WHERE operation_id = ${id} AND outcome IN ('failed', 'refused')
        ORDER BY (outcome = 'failed') DESC, position LIMIT ${limit}`;
      return rows.map((r) => ({
        jobId: r.job_id as string,
        outcome: r.outcome as 'failed' | 'refused',
        reason: (r.reason as string | null) ?? '',
      }));
    },
  };
}

export type BulkOperations = ReturnType<typeof createBulkOperations>;
