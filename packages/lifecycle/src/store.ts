import { randomUUID } from 'node:crypto';
import {
  createBatcher,
  createJobStore,
  HISTORY_BUCKETS,
  type InsertOutcome,
  isJobId,
  type JobProgress,
  type JobRecord,
  type JobResult,
  jobRecordFromRow,
  jsonParam,
  type NewJob,
  type Sql,
  UNFINISHED_STATUSES,
  uuidArray,
} from '@scheduler/db';
import {
  ATTEMPT_OUTCOME,
  type AttemptReason,
  decide,
  EVENTS,
  type LifecycleEvent,
  STATES,
  type State,
  statusOf,
  TERMINAL,
  TRANSITIONS,
  type Verdict,
  writesRow,
} from './table.ts';

/** What an event carries besides the job id. */
export interface EventDetails {
  workerId?: string;
  error?: string;
  result?: JobResult | null;
  progress?: JobProgress;
}

/**
 * What an event did to a job, without the row: the states, the attempt it opened and the row's
 * error after it (a cancelled job's reason). All a worker needs of its own transitions; asked for
 * with the answer `'state'`, Postgres sends and the caller parses six columns instead of the row.
 */
export type StateChange =
  | {
      allowed: true;
      from: State;
      to: State;
      error: string | null;
      attempt?: { number: number; reason: AttemptReason };
    }
  | { allowed: false; from: State; reason: string; error: string | null };

/** What an event did to a job, with the row as it is after it (`null`: no row). */
export type Transition = StateChange & { record: JobRecord | null };

/** What a transition answers: the whole row (`record`, the default) or its states alone (`state`). */
export type Answer = 'record' | 'state';
type AnswerOf<A extends Answer> = A extends 'state' ? StateChange : Transition;

/** The lifecycle state of a stored row (`cancelling` is `running` with a request). */
export const stateOfRecord = (record: Pick<JobRecord, 'status' | 'cancelRequestedAt'> | null): State =>
  !record ? 'absent' : record.status === 'running' && record.cancelRequestedAt ? 'cancelling' : record.status;

// The table, as rows Postgres joins against: only the (event, from) pairs that write the row.
// Built from constants of table.ts (no input reaches it), hence unsafe is safe here.
const writingPairs = EVENTS.flatMap((event) =>
  STATES.flatMap((from) => {
    const to = TRANSITIONS[event][from];
    return to && from !== 'absent' && writesRow(event, from, to) ? [[event, from, to, statusOf(to as never)]] : [];
  }),
);
const quote = (s: string) => {
  if (!/^[a-zA-Z]+$/.test(s)) throw new Error(`not a lifecycle word: ${s}`);
  return `'${s}'`;
};
const TABLE_SQL = `(VALUES ${writingPairs.map((row) => `(${row.map(quote).join(', ')})`).join(', ')})`;
const TERMINAL_SQL = `(${TERMINAL.map(quote).join(', ')})`;
const OUTCOME_SQL = `CASE m.event ${Object.entries(ATTEMPT_OUTCOME)
  .map(([event, outcome]) => `WHEN ${quote(event)} THEN ${quote(outcome)}`)
  .join(' ')} END`;
// What the streams call each change: `started` for an attempt, `retried` back to pending, the
// terminal state's name, `cancel_requested` while a running job is asked to stop, `progress`.
const EVENT_KIND_SQL = `CASE
  WHEN moved.event = 'start' AND moved.to_state = 'running' THEN 'started'
  WHEN moved.event = 'progress' THEN 'progress'
  WHEN moved.to_state = 'cancelling' AND moved.from_state = 'running' THEN 'cancel_requested'
  WHEN moved.to_state = 'pending' AND moved.from_state <> 'pending' THEN 'retried'
  WHEN moved.to_state IN ${TERMINAL_SQL} AND moved.from_state NOT IN ${TERMINAL_SQL} THEN moved.to_state
END`;
/**
 * What a cancelled job's result says over its handler's own: it did not succeed (Bull Board
 * counts it failed too) and it was cancelled. The handler's counts and details stay.
 */
export const CANCELLED_RESULT = { success: false, cancelled: true } as const;
const CANCELLED_RESULT_SQL = `'${JSON.stringify(CANCELLED_RESULT)}'::jsonb`;
// A row's lifecycle state, in SQL: the same rule as stateOfRecord.
const STATE_SQL = `CASE WHEN j.status = 'running' AND j.cancel_requested_at IS NOT NULL THEN 'cancelling' ELSE j.status END`;

/**
 * The history charts' rollup, a CTE of the settle statement: the jobs of `moved` that reached an
 * end, counted in a row per type for this minute in job_history_minutes, with the duration of
 * each completed real run in its histogram bucket (four per doubling of milliseconds; see the
 * job-history migration). Being part of the statement that ends the job, it counts each job once:
 * a statement that rolls back (a batch retried alone) counts nothing, and of two workers settling
 * one job only the one whose guarded update moved it counts it. Only an insert: concurrent
 * settles never wait for each other here (the worker merges a minute's rows later).
 */
const HISTORY_SQL = `
  INSERT INTO job_history_minutes (minute, job_type, completed, failed, cancelled, durations)
  SELECT date_trunc('minute', now()), job_type,
         count(*) FILTER (WHERE to_state = 'completed'), count(*) FILTER (WHERE to_state = 'failed'),
         count(*) FILTER (WHERE to_state = 'cancelled'),
         job_history_counts(array_agg(bucket) FILTER (WHERE bucket IS NOT NULL))
  FROM (
    SELECT job_type, to_state,
           CASE WHEN to_state = 'completed' AND started_at IS NOT NULL
                     AND (payload->'dryRun') IS DISTINCT FROM 'true'::jsonb
                THEN least(${HISTORY_BUCKETS - 1}, greatest(0, floor(4 * ln(greatest(1,
                       extract(epoch FROM completed_at - started_at)::float8 * 1000)) / ln(2))))::int END AS bucket
    FROM moved WHERE to_state IN ${TERMINAL_SQL} AND from_state NOT IN ${TERMINAL_SQL}) f
  GROUP BY job_type`;

/**
 * `state`: the caller needs the states alone, so the statement need not send the row (see
 * StateChange). `behind`: the caller does not wait for the write (see WRITE_BEHIND_LINGER_MS).
 */
type Move = { id: string; event: LifecycleEvent; answer?: Answer; behind?: boolean } & EventDetails;

/**
 * How long a write the caller does not wait for (a worker's completion, written behind) may wait
 * for the next event to share its statement and commit. A quiet worker's completions then ride
 * with the next job's start: one statement and one commit per job instead of two, at the price of
 * the row showing `completed` up to this much later. A busy worker's batches form without it.
 */
export const WRITE_BEHIND_LINGER_MS = 20;

// What a statement whose every caller asked for the states alone sends back of each moved row.
const STATE_COLUMNS_SQL = 'moved.id, moved.from_state, moved.to_state, moved.error';

/** Tries of one event whose row kept changing state under it (see apply); one change is the race seen. */
const MAX_APPLY_TRIES = 5;

/**
 * The only writer of a job's state. Every change is one guarded statement: the transition
 * table joined against the row's current state, so a refused event changes nothing, whatever
 * raced it. The attempt it opens or closes is written in the same statement.
 */
export function createLifecycleStore(sql: Sql) {
  const unsafe = (text: string) => sql.unsafe(text);

  /**
   * One statement for many events, each of a different job: Postgres applies one source row
   * per target row of an `UPDATE … FROM`, so a second event of the same job would be dropped
   * while its caller is told it applied. `rounds` keeps every job to one event per statement.
   */
  async function applyOnePerJob(tx: Sql, moves: Move[]) {
    const rows = await tx`
      WITH m AS (
        SELECT * FROM jsonb_to_recordset(${jsonParam(tx, moves)})
          AS m(id uuid, event text, "workerId" text, error text, result jsonb, progress jsonb)
      ),
      moved AS (
        UPDATE scheduled_jobs j
        SET status = t.to_status,
            cancel_requested_at = CASE WHEN m.event = 'requestCancel' THEN coalesce(j.cancel_requested_at, now())
                                       ELSE j.cancel_requested_at END,
            attempts = CASE WHEN m.event = 'start' AND t.to_state = 'running' THEN j.attempts + 1
                            WHEN m.event = 'postpone' THEN j.attempts - 1 ELSE j.attempts END,
            worker_id = CASE WHEN m.event = 'start' AND t.to_state = 'running' THEN m."workerId" ELSE j.worker_id END,
            started_at = CASE WHEN t.to_state = 'running' THEN coalesce(j.started_at, now()) ELSE j.started_at END,
            completed_at = CASE WHEN t.to_state IN ${unsafe(TERMINAL_SQL)} THEN now() ELSE j.completed_at END,
            -- What a stopped job did is kept, marked as a cancelled run: never a success (see CANCELLED_RESULT).
            result = CASE WHEN t.to_state = 'cancelled' AND coalesce(m.result, j.result) IS NOT NULL
                            THEN coalesce(m.result, j.result) || ${unsafe(CANCELLED_RESULT_SQL)}
                          WHEN t.to_state IN ${unsafe(TERMINAL_SQL)} THEN coalesce(m.result, j.result)
                          ELSE j.result END,
            -- A run or a success clears the last error (the attempts keep theirs); an ending keeps its reason.
            error = CASE WHEN t.to_state IN ('running', 'completed') THEN NULL
                         WHEN t.to_state = 'cancelled' THEN coalesce(m.error, j.error, 'cancelled on request')
                         WHEN t.to_state IN ('pending', 'failed') THEN coalesce(m.error, j.error)
                         ELSE j.error END,
            progress = CASE WHEN m.event = 'progress' THEN m.progress
                            WHEN t.to_state = 'completed'
                              THEN jsonb_set(coalesce(j.progress, '{}'::jsonb), '{percent}', '100')
                            ELSE j.progress END,
            updated_at = now()
        FROM m JOIN ${unsafe(TABLE_SQL)} AS t(event, from_state, to_state, to_status) ON t.event = m.event
        -- The id list keeps the lookup on the primary key (see uuidArray).
        WHERE j.id = m.id AND j.id = ANY(${uuidArray(
          tx,
          moves.map((m) => m.id),
        )}) AND t.from_state = ${unsafe(STATE_SQL)}
        RETURNING j.*, m.event, m.error AS event_error, t.from_state, t.to_state
      ),
      opened AS (
        INSERT INTO job_attempts (job_id, number, reason, worker_id)
        SELECT id, attempts,
               CASE WHEN from_state <> 'pending' THEN 'stalled'
                    WHEN attempts = 1 THEN 'first'
                    ELSE coalesce((SELECT CASE a.outcome WHEN 'lost' THEN 'requeued' ELSE 'retry' END
                                   FROM job_attempts a WHERE a.job_id = moved.id AND a.number = moved.attempts - 1),
                                  'first') END,
               worker_id
        FROM moved WHERE event = 'start' AND to_state = 'running'
        RETURNING job_id, number, reason
      ),
      closed AS (
        UPDATE job_attempts a
        SET ended_at = now(), outcome = ${unsafe(OUTCOME_SQL)},
            error = CASE m.event WHEN 'complete' THEN NULL
                                 WHEN 'start' THEN 'its worker stopped answering; the job was taken up again'
                                 ELSE m.event_error END
        FROM moved m
        -- Only a running job has an open attempt.
        WHERE a.job_id = m.id AND a.ended_at IS NULL AND m.from_state IN ('running', 'cancelling')
          AND ${unsafe(OUTCOME_SQL)} IS NOT NULL
      ),
      -- A postponed attempt is taken off the record: Postgres, not the job, kept it from finishing.
      dropped AS (
        DELETE FROM job_attempts a
        USING moved m
        WHERE m.event = 'postpone' AND a.job_id = m.id AND a.number = m.attempts + 1 AND a.ended_at IS NULL
      ),
      -- The change's event for the live streams, in the same statement (see EVENT_KIND_SQL).
      events AS (
        INSERT INTO job_events (job_id, job_type, kind, data)
        SELECT e.id, e.job_type, e.kind, e.data FROM (
          SELECT moved.id, moved.job_type, ${unsafe(EVENT_KIND_SQL)} AS kind,
                 CASE WHEN moved.event = 'progress' THEN coalesce(moved.progress, '{}'::jsonb)
                      ELSE jsonb_strip_nulls(jsonb_build_object(
                             'attempt', moved.attempts, 'reason', opened.reason,
                             'error', CASE WHEN moved.to_state <> 'running' THEN moved.error END,
                             'workerId', moved.worker_id)) END AS data
          FROM moved LEFT JOIN opened ON opened.job_id = moved.id
          ORDER BY moved.id) e
        WHERE e.kind IS NOT NULL
      ),
      -- Each job reaching its end counted in its type's minute of history (see HISTORY_SQL).
      history AS (${unsafe(HISTORY_SQL)})
      SELECT ${unsafe(moves.every((m) => m.answer === 'state') ? STATE_COLUMNS_SQL : 'moved.*')},
             opened.number AS attempt_number, opened.reason AS attempt_reason
      FROM moved LEFT JOIN opened ON opened.job_id = moved.id`;
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return moves.map((move) => byId.get(move.id) ?? null);
  }

  // Concurrent events (many workers' starts and completions) share one statement and commit.
  // Several events of one job in a batch (a progress and the completion, say) are applied in the
  // order they were sent, one statement per round, all in one transaction: if any statement
  // fails, nothing of the batch is written and the batcher retries each event alone.
  const applyBatched = createBatcher(
    async (moves: Move[]) => {
      const batches = rounds(moves);
      if (batches.length === 1) return applyOnePerJob(sql, moves);
      const outcomes: Array<Record<string, unknown> | null> = new Array(moves.length).fill(null);
      await sql.begin(async (tx) => {
        for (const round of batches) {
          const rows = await applyOnePerJob(
            tx as unknown as Sql,
            round.map((i) => moves[i] as Move),
          );
          round.forEach((index, k) => {
            outcomes[index] = rows[k] ?? null;
          });
        }
      });
      return outcomes;
    },
    { lingerMs: WRITE_BEHIND_LINGER_MS, lingers: (move) => move.behind === true },
  );

  const { get } = createJobStore(sql);

  /**
   * Applies one event to one job: the table's verdict, carried out. A refusal changes nothing
   * and says why; so does an allowed event that leaves the row as it is (a retry's original).
   */
  async function apply<A extends Answer = 'record'>(
    id: string,
    event: LifecycleEvent,
    details: EventDetails = {},
    answer?: A,
    behind = false,
  ): Promise<AnswerOf<A>> {
    if (event === 'trigger') throw new Error('a job is created with create(), not apply()');
    const full = answer !== 'state';
    // A queue job whose id is not a job id (added to a queue by hand) has no row to look up.
    if (!isJobId(id)) return answered<A>({ ...decide(event, 'absent'), error: null }, null, full);
    for (let tries = 1; ; tries++) {
      const moved = writesAny(event) ? await applyBatched({ id, event, ...details, answer, behind }) : null;
      if (moved) {
        const attempt = moved.attempt_number
          ? { number: moved.attempt_number as number, reason: moved.attempt_reason as AttemptReason }
          : undefined;
        const change: StateChange = {
          allowed: true,
          from: moved.from_state as State,
          to: moved.to_state as State,
          error: (moved.error as string | null) ?? null,
          attempt,
        };
        // A statement shared with a caller that asked for the row sends it to all: parsed only if asked.
        return answered<A>(change, full ? jobRecordFromRow(moved) : null, full);
      }
      // Nothing written: either the table refuses the event in the row's state (which may have
      // changed under us), or it allows it without a write.
      const record = await get(id);
      const verdict: Verdict = decide(event, stateOfRecord(record));
      // Or the row changed state while the statement waited for its lock, to a state in which the
      // event writes: Postgres rechecks the waiting row against the transition it had matched
      // (from the state before), not the one for its new state, so nothing was written. A cancel
      // racing a job's start did that: told "asked", the running job was never asked. Again,
      // against the state now (each try follows a change of the row, and states end).
      if (verdict.allowed && writesRow(event, verdict.from, verdict.to) && tries < MAX_APPLY_TRIES) continue;
      return answered<A>({ ...verdict, error: record?.error ?? null }, record, full);
    }
  }

  /** The answer asked for: the change, with the row (a Transition) unless only the states were asked. */
  function answered<A extends Answer>(change: StateChange, record: JobRecord | null, full: boolean): AnswerOf<A> {
    return (full ? { ...change, record } : change) as AnswerOf<A>;
  }

  const insertBatched = createBatcher(async (jobs: NewJob[]) => {
    const values = jobs.map((j) => ({
      id: j.id ?? randomUUID(),
      job_type: j.jobType,
      payload: j.payload,
      priority: j.priority,
      max_attempts: j.maxAttempts,
      started_by: j.startedBy,
      started_by_clerk_id: j.startedByClerkId ?? null,
      schedule_name: j.scheduleName ?? null,
      schedule_slot: j.scheduleSlot ?? null,
      overlap_key: j.overlapKey ?? null,
      retry_of: j.retryOf ?? null,
      tags: j.tags ?? [],
      not_after: j.notAfter?.toISOString() ?? null,
    }));
    const rows = await sql`
      WITH inserted AS (
        INSERT INTO scheduled_jobs
          (id, job_type, payload, priority, max_attempts, started_by, started_by_clerk_id, schedule_name,
           schedule_slot, overlap_key, retry_of, tags)
        SELECT id, job_type, payload, priority, max_attempts, started_by, started_by_clerk_id, schedule_name,
               schedule_slot, overlap_key, retry_of, tags
        FROM jsonb_to_recordset(${jsonParam(sql, values)}) AS v(
          id uuid, job_type text, payload jsonb, priority text, max_attempts int, started_by text,
          started_by_clerk_id text, schedule_name text, schedule_slot text, overlap_key text, retry_of uuid,
          tags text[], not_after timestamptz)
        -- A statement held up on its way here past its caller's deadline records nothing.
        WHERE v.not_after IS NULL OR clock_timestamp() < v.not_after
        ON CONFLICT DO NOTHING
        RETURNING *
      ),
      events AS (
        INSERT INTO job_events (job_id, job_type, kind, data)
        SELECT id, job_type, 'created',
               jsonb_build_object('priority', priority, 'retryOf', retry_of, 'scheduleName', schedule_name)
        FROM inserted ORDER BY id
      )
      SELECT * FROM inserted`;
    const byId = new Map(rows.map((r) => [r.id as string, jobRecordFromRow(r)]));
    const expired = new Set(
      values.filter((v) => !byId.has(v.id) && v.not_after && Date.now() >= Date.parse(v.not_after)).map((v) => v.id),
    );
    const refused = values.filter((v) => !byId.has(v.id) && !expired.has(v.id));
    if (refused.length === 0 && expired.size === 0) {
      return values.map((v): InsertOutcome => ({ record: byId.get(v.id) as JobRecord, created: true }));
    }
    // Not inserted: the job with the id asked for exists (asked for again), the slot already has
    // its run (its tick was delivered twice), or a job of an exclusive type is unfinished. Either
    // way the answer is that existing job.
    const asked = new Set(jobs.filter((j) => j.id).map((j) => j.id as string));
    const existing = await sql`
      SELECT * FROM scheduled_jobs
      WHERE id IN (SELECT jsonb_array_elements_text(${jsonParam(
        sql,
        refused.map((v) => v.id).filter((id) => asked.has(id)),
      )})::uuid)
         OR schedule_slot IN (SELECT jsonb_array_elements_text(${jsonParam(
           sql,
           refused.map((v) => v.schedule_slot).filter(Boolean),
         )}))
         OR (overlap_key IN (SELECT jsonb_array_elements_text(${jsonParam(
           sql,
           refused.map((v) => v.overlap_key).filter(Boolean),
         )}))
             AND status IN ${sql(UNFINISHED_STATUSES)})`;
    const records = existing.map(jobRecordFromRow);
    const sameId = new Map(records.filter((r) => asked.has(r.id)).map((r) => [r.id, r]));
    const bySlot = new Map(records.filter((r) => r.scheduleSlot).map((r) => [r.scheduleSlot as string, r]));
    const active = new Map(
      existing
        .filter((r) => r.overlap_key && (UNFINISHED_STATUSES as readonly string[]).includes(r.status as string))
        .map((r) => [r.overlap_key as string, jobRecordFromRow(r)]),
    );
    return values.map((v): InsertOutcome => {
      const inserted = byId.get(v.id);
      if (inserted) return { record: inserted, created: true };
      if (expired.has(v.id)) return { record: null, created: false, expired: true };
      const found =
        sameId.get(v.id) ||
        (v.schedule_slot && bySlot.get(v.schedule_slot)) ||
        (v.overlap_key && active.get(v.overlap_key));
      // The blocking job finished between the insert and this read (never throw here: the
      // batch's other rows are committed): the caller may simply try again.
      return { record: found || null, created: false };
    });
  });

  return {
    get,
    apply,
    /** The `trigger` event: records a new job (pending). Commits before resolving; concurrent ones share a statement. */
    create: (job: NewJob): Promise<InsertOutcome> => insertBatched(job),

    // The worker's own transitions take an answer: `'state'` when it needs no more than the
    // states, the attempt and the error (see StateChange); the row otherwise.
    /** A worker took the job. Allowed only as `running`: anything else means do not run it. */
    start: <A extends Answer = 'record'>(id: string, workerId: string, answer?: A) =>
      apply(id, 'start', { workerId }, answer),
    progress: <A extends Answer = 'record'>(id: string, progress: JobProgress, answer?: A) =>
      apply(id, 'progress', { progress }, answer),
    attemptFailed: <A extends Answer = 'record'>(id: string, error: string, answer?: A) =>
      apply(id, 'attemptFailed', { error }, answer),
    /** `behind`: the caller does not wait for it (a worker's write-behind; see WRITE_BEHIND_LINGER_MS). */
    complete: <A extends Answer = 'record'>(id: string, result: JobResult, answer?: A, behind = false) =>
      apply(id, 'complete', { result }, answer, behind),
    fail: <A extends Answer = 'record'>(id: string, error: string, result: JobResult | null = null, answer?: A) =>
      apply(id, 'fail', { error, result }, answer),
    /** `reason` becomes the error of a job cancelled before it started (default: says just that). */
    requestCancel: (id: string, reason = 'cancelled before it started') =>
      apply(id, 'requestCancel', { error: reason }),
    stop: <A extends Answer = 'record'>(id: string, message: string, partial: JobResult | null, answer?: A) =>
      apply(id, 'stop', { error: message, result: partial }, answer),
    requeue: (id: string, why: string) => apply(id, 'requeue', { error: why }),
    /** Postgres went away under the handler: pending again, without spending the attempt. */
    postpone: <A extends Answer = 'record'>(id: string, why: string, answer?: A) =>
      apply(id, 'postpone', { error: why }, answer),

    /** Every attempt of a job, first first. */
    async attempts(id: string): Promise<AttemptRecord[]> {
      const rows = await sql`SELECT * FROM job_attempts WHERE job_id = ${id} ORDER BY number`;
      return rows.map((r) => ({
        number: r.number as number,
        reason: r.reason as AttemptReason,
        workerId: (r.worker_id as string | null) ?? null,
        startedAt: r.started_at as Date,
        endedAt: (r.ended_at as Date | null) ?? null,
        outcome: (r.outcome as AttemptRecord['outcome']) ?? null,
        error: (r.error as string | null) ?? null,
      }));
    },
  };
}

export interface AttemptRecord {
  number: number;
  reason: AttemptReason;
  workerId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  outcome: (typeof ATTEMPT_OUTCOME)[keyof typeof ATTEMPT_OUTCOME] | null;
  error: string | null;
}

const writesAny = (event: LifecycleEvent) => writingPairs.some(([e]) => e === event);

/**
 * The positions of `moves` grouped into rounds in which each job appears at most once: a job's
 * first event goes in round 1, its second in round 2, and so on, so applying the rounds in turn
 * applies each job's events in the order they were sent.
 */
export function rounds(moves: ReadonlyArray<{ id: string }>): number[][] {
  const seen = new Map<string, number>();
  const result: number[][] = [];
  moves.forEach((move, index) => {
    const round = seen.get(move.id) ?? 0;
    seen.set(move.id, round + 1);
    if (round === result.length) result.push([]);
    result[round]?.push(index);
  });
  return result;
}

export type LifecycleStore = ReturnType<typeof createLifecycleStore>;
