import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from '../http-error.ts';

/** Deeper than this, a body is refused: no payload of ours nests anywhere near it. */
export const MAX_BODY_DEPTH = 32;

/**
 * What Postgres cannot store, refused at the edge for every route before any route sees it:
 * the NUL character (text and jsonb refuse it), a lone UTF-16 surrogate (not valid Unicode, so
 * not valid UTF-8 either), and bodies nested deeper than MAX_BODY_DEPTH (which would also
 * overflow the stack of whatever walks them, the audit writer included). The answer is a 400
 * naming the field; the rejected body is dropped, so the audit row of the call records none of it.
 */
export const inputGuardPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request, reply) => {
      const problem =
        unstorable(request.query, 'querystring') ??
        unstorable(request.params, 'params') ??
        unstorable(request.body, 'body');
      if (!problem) return;
      request.body = undefined;
      return reply.code(400).send(errorBody('validation_failed', problem, { problems: [problem] }));
    });
  },
  { name: 'input-guard' },
);

/**
 * The first thing in `value` that Postgres cannot store, as "<where>.<path>: <why>", or null.
 * Walks with its own stack, so a hostile depth costs a bounded loop, never a stack overflow.
 */
export function unstorable(value: unknown, where: string): string | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: where, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop() as (typeof pending)[number];
    if (typeof current === 'string') {
      const why = badText(current);
      if (why) return `${path}: ${why}`;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return `${path}: nested deeper than ${MAX_BODY_DEPTH} levels`;
    for (const [key, child] of Object.entries(current)) {
      const why = badText(key);
      if (why) return `${path}: a key ${why}`;
      pending.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it has a lone surrogate such as \\ud800)';
  return null;
}
