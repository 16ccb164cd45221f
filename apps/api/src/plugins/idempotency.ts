import { createHash } from 'node:crypto';
import { type IdempotencyKeys, withDatabaseDeadline } from '@scheduler/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { HttpError } from '../http-error.ts';
import type { Principal } from './auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Fields of the answer never kept for a replay (a secret shown once): a repeat of the request
     * gets the answer without them, null in their place.
     */
    idempotencyForgets?: readonly string[];
  }
  interface FastifyRequest {
    /** The Idempotency-Key this call claimed, until its answer is kept. */
    idempotency: { owner: string; key: string } | null;
  }
}

/** The methods of commands: every route with one of them takes an Idempotency-Key. */
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const CLAIM_TIMEOUT_MS = 2000;

const idempotencyKeyHeader = z
  .string()
  .optional()
  .describe(
    'Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat ' +
      'within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the ' +
      'same key with another request is refused (422).',
  );

/**
 * Every command of the scope it is registered in (each POST, PUT, PATCH and DELETE route, those
 * added later included) runs at most once per Idempotency-Key, per caller, for 24 hours: a repeat
 * of the same request (method, path and body) gets the first answer again, with
 * `Idempotent-Replayed: true`, and changes nothing. Answers below 500 are kept; after a 5xx the
 * key is free for a real retry. Without the header, the command simply runs. The header is
 * added to each route's schema, so the OpenAPI document shows it.
 */
export const idempotencyPlugin = fp(
  async (app: FastifyInstance, { keys }: { keys: IdempotencyKeys }) => {
    app.decorateRequest('idempotency', null);

    app.addHook('onRoute', (route) => {
      if (![route.method].flat().some((method) => COMMAND_METHODS.has(method))) return;
      const schema = route.schema ?? {};
      const headers = schema.headers instanceof z.ZodObject ? schema.headers : z.object({});
      route.schema = { ...schema, headers: headers.extend({ 'idempotency-key': idempotencyKeyHeader }).loose() };
    });

    // After authentication and validation: the caller is known and the request is well formed.
    app.addHook('preHandler', async (request, reply) => {
      if (!COMMAND_METHODS.has(request.method)) return;
      const header = request.headers['idempotency-key'];
      if (header === undefined) return;
      const key = Array.isArray(header) ? header[0] : header;
      if (!key || !KEY_PATTERN.test(key)) {
        throw new HttpError(
          400,
          'invalid_idempotency_key',
          'Idempotency-Key must be 1 to 255 printable ASCII characters',
        );
      }
      const owner = ownerOf(request.principal);
      // Bounded like a trigger: a hung Postgres gets the caller a 503, not a wait.
      const claim = await withDatabaseDeadline(
        keys.claim(owner, key, requestHash(request)),
        CLAIM_TIMEOUT_MS,
        'the key',
      );
      if (claim.kind === 'replay') {
        return reply.code(claim.statusCode).header('idempotent-replayed', 'true').send(claim.response);
      }
      if (claim.kind === 'mismatch') {
        throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request');
      }
      if (claim.kind === 'in_progress') {
        throw new HttpError(
          409,
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being answered',
        );
      }
      request.idempotency = { owner, key };
    });

    // The answer, whatever produced it (the handler or a refusal), is kept before it is sent.
    app.addHook('onSend', async (request, reply, payload) => {
      const claimed = request.idempotency;
      if (!claimed) return payload;
      request.idempotency = null;
      if (reply.statusCode >= 500) {
        await withDatabaseDeadline(keys.release(claimed.owner, claimed.key), CLAIM_TIMEOUT_MS, 'the key').catch(
          () => {},
        );
        return payload;
      }
      // The work is done: the caller gets its answer even if the key cannot be updated now (a
      // retry then finds the claim unanswered, and after a minute takes it over).
      await withDatabaseDeadline(
        keys.complete(
          claimed.owner,
          claimed.key,
          reply.statusCode,
          forget(bodyOf(payload), request.routeOptions.config.idempotencyForgets),
        ),
        CLAIM_TIMEOUT_MS,
        'the key',
      ).catch((error: unknown) => request.log.warn({ err: error }, 'could not store the answer of an idempotency key'));
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['auth'] },
);

/** What makes two requests the same: method, path (with the job or schedule it names) and body. */
const requestHash = (request: FastifyRequest) =>
  createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');

const bodyOf = (payload: unknown) => {
  if (typeof payload !== 'string' || payload === '') return null;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return null;
  }
};

/** The answer as kept: the fields the route forgets are null (a secret is never stored twice). */
const forget = (body: unknown, fields: readonly string[] | undefined) => {
  if (!fields?.length || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return { ...body, ...Object.fromEntries(fields.map((field) => [field, null])) };
};

const ownerOf = (principal: Principal | null) =>
  !principal ? 'anonymous' : principal.kind === 'service' ? 'service' : `user:${principal.clerkUserId}`;
