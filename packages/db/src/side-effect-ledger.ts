import { createBatcher } from './batcher.ts';
import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';
import { TERMINAL_STATUSES } from './types.ts';

export interface LedgerEntry {
  /** The idempotency key, e.g. weekly_digest:<userId>:<isoWeek>. */
  key: string;
  /** What kind of effect, e.g. email:weekly-trending. */
  kind: string;
}

export interface ClaimOutcome {
  /** Keys this run now holds and must act on, then confirm or fail. */
  claimed: string[];
  /** Of those, keys claimed before whose effect may already have happened (sent, unconfirmed). */
  repeated: string[];
  /** Keys whose effect is already done. */
  alreadyDone: number;
  /** Keys another live run holds right now. */
  heldElsewhere: number;
}

/**
 * How long a confirmation (or failure) waits for others to share its statement. A digest
 * confirms thousands of sends a second: with two statements in flight and no wait, each UPDATE
 * carried about 15 keys (0.07 transactions per email); one at a time, gathered over 10 ms, about
 * 60 (0.016), and Postgres' CPU per email fell by a third (bench:digest). A lone confirmation
 * is written 10 ms later (its batch ends that much later); a crash in that time leaves those
 * sends unconfirmed, to be sent again under the same idempotency key.
 */
const SETTLE_LINGER_MS = 10;

/**
 * The side-effect ledger behind "an email goes out once".
 *
 * A run claims a key before acting and confirms it after. A claim may be taken over when its
 * effect failed or was released, when the same job claims it again (a retry or the recovery of
 * a stalled job: the first try may have sent without confirming), when the run holding it has
 * ended (its scheduled_jobs row is terminal, so it will never confirm), or when the claim is
 * older than the lease (a backstop). A taken-over claim is sent again with the same idempotency
 * key, which lets the receiving service drop the repeat; the window for that is the time
 * between one send and its confirmation (SETTLE_LINGER_MS, and the round trips of the statement
 * ahead and its own).
 */
export function createSideEffectLedger(sql: Sql, { leaseMs = 15 * 60_000 } = {}) {
  // Confirmations and failures of every run in this process leave together, one UPDATE per
  // batch; a settlement counts only while the run still holds the claim.
  type Settlement = { key: string; jobId: string; status: 'done' | 'failed'; externalId?: string; error?: string };
  const settleBatch = createBatcher<Settlement, boolean>(
    async (settled) => {
      const rows = await sql`
      UPDATE side_effect_ledger l
      SET status = v.status, completed_at = now(),
          external_id = CASE WHEN v.status = 'done' THEN v.external_id ELSE l.external_id END,
          last_error = CASE WHEN v.status = 'done' THEN NULL ELSE left(v.error, 1000) END
      FROM jsonb_to_recordset(${jsonParam(
        sql,
        settled.map((s) => ({
          key: s.key,
          job_id: s.jobId,
          status: s.status,
          external_id: s.externalId ?? null,
          error: s.error ?? null,
        })),
      )})
        AS v(key text, job_id uuid, status text, external_id text, error text)
      -- The key list drives an index scan: joined on the recordset alone, the planner (which
      -- guesses 100 rows for it) chose a seq scan of the ledger while it was small, read again
      -- for every batch (bench:digest: 2.9M rows read for 10,000 emails).
      WHERE l.key = ANY(${sql.array(settled.map((s) => s.key))}::text[])
        AND l.key = v.key AND l.job_id = v.job_id AND l.status = 'claimed'
      RETURNING l.key`;
      const done = new Set(rows.map((r) => r.key as string));
      return settled.map((s) => done.has(s.key));
    },
    { maxInFlight: 1, lingerMs: SETTLE_LINGER_MS, lingers: () => true },
  );

  return {
    async claim(jobId: string, entries: readonly LedgerEntry[]): Promise<ClaimOutcome> {
      const outcome: ClaimOutcome = { claimed: [], repeated: [], alreadyDone: 0, heldElsewhere: 0 };
      if (entries.length === 0) return outcome;
      // Most keys of a run are new: one plain insert claims them, and only the keys already in
      // the ledger (a retry, a rerun, another run's) go through the take-over rules below.
      const fresh = await sql`
        INSERT INTO side_effect_ledger (key, kind, job_id, status)
        SELECT v.key, v.kind, ${jobId}, 'claimed'
        FROM unnest(${sql.array(entries.map((e) => e.key))}::text[], ${sql.array(entries.map((e) => e.kind))}::text[])
          AS v(key, kind)
        ON CONFLICT (key) DO NOTHING
        RETURNING key`;
      const inserted = new Set(fresh.map((r) => r.key as string));
      for (const key of inserted) outcome.claimed.push(key);
      const existing = entries.filter((e) => !inserted.has(e.key));
      if (existing.length === 0) return outcome;
      // The outer SELECT sees the ledger as it was before this statement's INSERT, which is
      // what tells a key we could not claim (done, or held) from one we just took.
      const rows = await sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${jsonParam(sql, existing)}) AS v(key text, kind text)
        ), taken AS (
          INSERT INTO side_effect_ledger AS l (key, kind, job_id, status)
          SELECT key, kind, ${jobId}, 'claimed' FROM input
          ON CONFLICT (key) DO UPDATE
            SET job_id = EXCLUDED.job_id, status = 'claimed', claimed_at = now(), completed_at = NULL,
                tries = l.tries + 1
            WHERE l.status IN ('failed', 'released')
               OR (l.status = 'claimed' AND (
                    l.job_id = EXCLUDED.job_id
                 OR l.claimed_at < now() - ${leaseMs} * interval '1 millisecond'
                 OR EXISTS (SELECT 1 FROM scheduled_jobs j
                            WHERE j.id = l.job_id AND j.status IN ${sql(TERMINAL_STATUSES)})))
          RETURNING l.key, l.tries
        )
        SELECT i.key, t.tries, before.status AS status_before
        FROM input i
        LEFT JOIN taken t ON t.key = i.key
        LEFT JOIN side_effect_ledger before ON before.key = i.key`;
      for (const row of rows) {
        if (row.tries !== null) {
          outcome.claimed.push(row.key);
          // Only an unconfirmed claim may hide a sent email; a failed or released one did not send.
          if (row.status_before === 'claimed') outcome.repeated.push(row.key);
        } else if (row.status_before === 'done') outcome.alreadyDone++;
        else outcome.heldElsewhere++;
      }
      return outcome;
    },

    /** The effect happened; the key is done for good. False if the claim was lost meanwhile. */
    confirm: (jobId: string, key: string, externalId: string | null) =>
      settleBatch({ key, jobId, status: 'done', ...(externalId ? { externalId } : {}) }),

    /** The effect definitely did not happen (the service refused it); a later run may try again. */
    fail: (jobId: string, key: string, error: string) => settleBatch({ key, jobId, status: 'failed', error }),

    /** Hands back claims the run never acted on (it was stopped), so the next run need not wait. */
    async release(jobId: string, keys: readonly string[]): Promise<number> {
      if (keys.length === 0) return 0;
      const result = await sql`
        UPDATE side_effect_ledger
        SET status = 'released'
        WHERE key = ANY(${sql.array([...keys])}::text[])
          AND job_id = ${jobId} AND status = 'claimed'`;
      return result.count;
    },
  };
}

export type SideEffectLedger = ReturnType<typeof createSideEffectLedger>;
