import { createHash } from 'node:crypto';
import { type IdempotencyKeys, withDatabaseDeadline } from '@scheduler/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, HttpError } from './http-error.ts';
import type { Principal } from './plugins/auth.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const CLAIM_TIMEOUT_MS = 2000;

/**
 * Runs `handle` at most once per Idempotency-Key (per caller, for 24 hours): a repeat of the
 * same request gets the first answer again (with `Idempotent-Replayed: true`) and creates
 * nothing. Answers below 500 are kept; after a 5xx the key is free for a real retry. Without the
 * header, `handle` simply runs.
 */
export async function withIdempotency(
  keys: IdempotencyKeys,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: () => Promise<{ statusCode: number; body: unknown }>,
) {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    const { statusCode, body } = await handle();
    return reply.code(statusCode).send(body);
  }
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !KEY_PATTERN.test(key)) {
    throw new HttpError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 printable ASCII characters');
  }
  const principal = ownerOf(request.principal);
  const requestHash = createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
  // Bounded like the trigger itself: a hung Postgres gets the caller a 503, not a wait.
  const claim = await withDatabaseDeadline(keys.claim(principal, key, requestHash), CLAIM_TIMEOUT_MS, 'the key');
  if (claim.kind === 'replay') {
    return reply.code(claim.statusCode).header('idempotent-replayed', 'true').send(claim.response);
  }
  if (claim.kind === 'mismatch') {
    throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request');
  }
  if (claim.kind === 'in_progress') {
    throw new HttpError(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key is still being answered');
  }

  // The work is done: the caller gets its answer even if the key cannot be updated now (a retry
  // then finds the claim unanswered, and after a minute takes it over).
  const keepAnswer = (statusCode: number, body: unknown) =>
    withDatabaseDeadline(keys.complete(principal, key, statusCode, body), CLAIM_TIMEOUT_MS, 'the key').catch(
      (error: unknown) => request.log.warn({ err: error }, 'could not store the answer of an idempotency key'),
    );
  try {
    const { statusCode, body } = await handle();
    await keepAnswer(statusCode, body);
    return reply.code(statusCode).send(body);
  } catch (error) {
    if (error instanceof HttpError && error.statusCode < 500) {
      await keepAnswer(error.statusCode, errorBody(error.code, error.message, error.extra));
    } else {
      await withDatabaseDeadline(keys.release(principal, key), CLAIM_TIMEOUT_MS, 'the key').catch(() => {});
    }
    throw error;
  }
}

const ownerOf = (principal: Principal | null) =>
  !principal ? 'anonymous' : principal.kind === 'service' ? 'service' : `user:${principal.clerkUserId}`;
