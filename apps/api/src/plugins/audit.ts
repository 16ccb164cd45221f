import { type AuditLog, isDatabaseUnavailable } from '@scheduler/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Marks a mutating route: each authenticated call leaves an audit row. With `once`, a repeat
     * that acts on nothing (an Idempotency-Key replay, or a handler that set `auditRepeat`) leaves
     * none: the action is on record once (a bulk operation answered again).
     */
    audit?: { action: string; fields: readonly string[]; once?: boolean };
  }
  interface FastifyInstance {
    /** Every action the audit trail can hold: each audited route's, and Bull Board's. */
    auditActions: Set<string>;
  }
  interface FastifyRequest {
    /** What the call acted on (a job id, a schedule name), set by the handler. */
    auditTarget: string | null;
    /** The audited action of a route that is not ours (Bull Board's), with its details, set by a hook. */
    auditAction: { action: string; details: Record<string, unknown> } | null;
    /** Set by a handler whose answer repeats an earlier action's (see `audit.once`). */
    auditRepeat: boolean;
  }
}

/**
 * Records every authenticated call of an audited route once its answer is sent: actor and
 * role, action, target, the request's relevant fields, the status, client IP and request id.
 * Calls refused before authentication (401) or past a rate limit (429) are in the request log
 * only, so a flood, anonymous or not, cannot fill the table.
 */
export const auditPlugin = fp(
  async (
    app: FastifyInstance,
    {
      auditLog,
      onDatabaseUnavailable,
    }: { auditLog: AuditLog; onDatabaseUnavailable?: (error: unknown, what: 'audit row') => void },
  ) => {
    app.decorateRequest('auditTarget', null);
    app.decorateRequest('auditAction', null);
    app.decorateRequest('auditRepeat', false);
    app.decorate('auditActions', new Set<string>());
    app.addHook('onRoute', (route) => {
      const action = (route.config as { audit?: { action: string } } | undefined)?.audit?.action;
      if (action) app.auditActions.add(action);
    });
    app.addHook('onResponse', async (request, reply) => {
      const audit = request.auditAction ?? auditOfRoute(request.routeOptions.config.audit, request.body);
      const principal = request.principal;
      if (!audit || !principal || reply.statusCode === 429) return;
      const repeat = request.auditRepeat || reply.getHeader('idempotent-replayed') === 'true';
      if (repeat && request.routeOptions.config.audit?.once) return;
      const { details } = audit;
      await auditLog
        .record({
          actorKind: principal.kind,
          actorUserId: principal.kind === 'service' ? principal.id : principal.userId,
          actorClerkId: principal.kind === 'user' ? principal.clerkUserId : null,
          actorRole: principal.role,
          action: audit.action,
          target: request.auditTarget,
          details,
          statusCode: reply.statusCode,
          clientIp: request.ip,
          requestId: request.id,
        })
        .catch((error: unknown) => {
          // While Postgres is away the database watch logs the outage once and counts the rows
          // lost; anything else is logged here.
          if (isDatabaseUnavailable(error) && onDatabaseUnavailable) onDatabaseUnavailable(error, 'audit row');
          else request.log.error({ err: error, action: audit.action }, 'could not write the audit row');
        });
    });
  },
  { name: 'audit', dependencies: ['auth'] },
);

/** A route's declared audit, with the named fields of its body as details. */
function auditOfRoute(audit: { action: string; fields: readonly string[] } | undefined, rawBody: unknown) {
  if (!audit) return null;
  const body = (rawBody ?? {}) as Record<string, unknown>;
  return {
    action: audit.action,
    details: Object.fromEntries(audit.fields.filter((f) => f in body).map((f) => [f, body[f]])),
  };
}
