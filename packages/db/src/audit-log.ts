import { createBatcher } from './batcher.ts';
import type { Sql } from './client.ts';
import { jsonParam, selectPage } from './sql-helpers.ts';

export interface AuditEntry {
  actorKind: 'user' | 'service';
  actorUserId: string | null;
  actorClerkId: string | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  statusCode: number;
  clientIp: string | null;
  requestId: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  occurredAt: Date;
  outcome: 'succeeded' | 'rejected' | 'failed';
}

export interface AuditFilter {
  /** A users.id, a Clerk id, or 'service'. */
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  page: number;
  /** The id of the last entry of the previous page: continue after it (instead of `page`). */
  after?: string;
}

const outcomeOf = (status: number) => (status < 400 ? 'succeeded' : status < 500 ? 'rejected' : 'failed');

export function createAuditLog(sql: Sql) {
  const recordBatched = createBatcher(async (entries: AuditEntry[]) => {
    const rows = entries.map((e) => ({ ...e, outcome: outcomeOf(e.statusCode) }));
    await sql`
      INSERT INTO scheduler_audit_log
        (actor_kind, actor_user_id, actor_clerk_id, actor_role, action, target, details,
         status_code, outcome, client_ip, request_id)
      SELECT "actorKind", "actorUserId", "actorClerkId", "actorRole", action, target, details,
             "statusCode", outcome, "clientIp", "requestId"
      FROM jsonb_to_recordset(${jsonParam(sql, rows)}) AS v(
        "actorKind" text, "actorUserId" text, "actorClerkId" text, "actorRole" text, action text,
        target text, details jsonb, "statusCode" int, outcome text, "clientIp" text, "requestId" text)`;
    return entries.map(() => undefined);
  });

  return {
    /** Concurrent calls share one INSERT (see createBatcher). */
    record: (entry: AuditEntry): Promise<void> => recordBatched(entry),

    async list(filter: AuditFilter): Promise<{ entries: AuditRecord[]; total: number; totalIsExact: boolean }> {
      const { rows, total, totalIsExact } = await selectPage(
        sql,
        'scheduler_audit_log',
        [
          filter.actor ? sql`(actor_user_id = ${filter.actor} OR actor_clerk_id = ${filter.actor})` : null,
          filter.action ? sql`action = ${filter.action}` : null,
          filter.from ? sql`occurred_at >= ${filter.from}` : null,
          filter.to ? sql`occurred_at < ${filter.to}` : null,
        ],
        sql`occurred_at DESC, id DESC`,
        filter,
        // Positioned on the cursor row itself, so entries of the same instant are neither skipped nor repeated.
        filter.after
          ? sql`(occurred_at, id) < (SELECT occurred_at, id FROM scheduler_audit_log WHERE id = ${filter.after})`
          : null,
      );
      return {
        total,
        totalIsExact,
        entries: rows.map((r) => ({
          id: String(r.id),
          occurredAt: r.occurred_at as Date,
          actorKind: r.actor_kind as AuditEntry['actorKind'],
          actorUserId: (r.actor_user_id as string | null) ?? null,
          actorClerkId: (r.actor_clerk_id as string | null) ?? null,
          actorRole: (r.actor_role as string | null) ?? null,
          action: r.action as string,
          target: (r.target as string | null) ?? null,
          details: (r.details as Record<string, unknown>) ?? {},
          statusCode: r.status_code as number,
          outcome: r.outcome as AuditRecord['outcome'],
          clientIp: (r.client_ip as string | null) ?? null,
          requestId: (r.request_id as string | null) ?? null,
        })),
      };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
