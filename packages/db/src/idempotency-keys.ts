import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/** How long a key answers with its first response. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
/** After this long without an answer, a claim is taken to be abandoned. */
const ABANDONED_CLAIM_SECONDS = 60;

/**
 * Idempotency keys of API callers: the first request with a key claims it, its answer is
 * stored, and a repeat within the window gets that answer back. Keys belong to a principal, so
 * one caller cannot replay (or block) another's.
 */
export function createIdempotencyKeys(sql: Sql) {
  const window = sql`${IDEMPOTENCY_WINDOW_HOURS} * interval '1 hour'`;
  return {
    async claim(principal: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
      // A key past its window is reused as if new; so is a claim left unanswered for a minute
      // (its API process died, or its statement reached Postgres after the caller was answered).
      const [fresh] = await sql`
        INSERT INTO idempotency_keys (principal, key, request_hash) VALUES (${principal}, ${key}, ${requestHash})
        ON CONFLICT (principal, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL, created_at = now()
          WHERE idempotency_keys.created_at < now() - ${window}
             OR (idempotency_keys.status_code IS NULL
                 AND idempotency_keys.created_at < now() - ${ABANDONED_CLAIM_SECONDS} * interval '1 second')
        RETURNING 1`;
      if (fresh) return { kind: 'new' };
      const [row] = await sql`
        SELECT request_hash, status_code, response FROM idempotency_keys WHERE principal = ${principal} AND key = ${key}`;
      if (!row) return { kind: 'in_progress' }; // abandoned between the two statements
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.status_code === null) return { kind: 'in_progress' };
      return { kind: 'replay', statusCode: row.status_code as number, response: row.response };
    },

    async complete(principal: string, key: string, statusCode: number, response: unknown): Promise<void> {
      await sql`
        UPDATE idempotency_keys SET status_code = ${statusCode}, response = ${jsonParam(sql, response)}
        WHERE principal = ${principal} AND key = ${key}`;
    },

    /** The request failed in a way worth retrying (5xx): the key is free again. */
    async release(principal: string, key: string): Promise<void> {
      await sql`DELETE FROM idempotency_keys WHERE principal = ${principal} AND key = ${key} AND status_code IS NULL`;
    },
  };
}

export type IdempotencyKeys = ReturnType<typeof createIdempotencyKeys>;
