import type { AlertKind, AlertSubject, AlertSubjectKind } from './alert-rules.ts';
import type { Sql } from './client.ts';

export type AlertState = 'open' | 'resolved';
export type AlertTransition = 'opened' | 'resolved';

export interface AlertNotificationState {
  channelId: string;
  channelName: string;
  transition: AlertTransition;
  deliveredAt: Date | null;
  /** When its tries ran out (ALERT_DELIVERY_ATTEMPTS): it is not sent again. */
  gaveUpAt: Date | null;
  attempts: number;
  lastError: string | null;
}

export interface Alert {
  id: string;
  ruleId: string;
  kind: AlertKind;
  subject: AlertSubject;
  state: AlertState;
  summary: string;
  details: Record<string, unknown>;
  openedAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
  silencedUntil: Date | null;
  silencedBy: string | null;
  notifications: AlertNotificationState[];
}

/** A condition a rule sees now: the evaluator opens an alert for it, or keeps the open one up to date. */
export interface Firing {
  subject: AlertSubject;
  summary: string;
  details: Record<string, unknown>;
}

export interface AlertFilter {
  state: AlertState | 'all';
  kind?: AlertKind | undefined;
  /** A subject's name (a job type, schedule or queue). */
  subject?: string | undefined;
  /** The id of the last alert of the previous page. */
  cursor?: string | undefined;
  limit: number;
}

/** One undelivered notification, with what its delivery needs. */
export interface DueNotification {
  id: string;
  alertId: string;
  channelId: string;
  transition: AlertTransition;
  attempts: number;
}

type Row = Record<string, unknown>;

const toAlert = (r: Row, notifications: AlertNotificationState[] = []): Alert => ({
  id: r.id as string,
  ruleId: r.rule_id as string,
  kind: r.kind as AlertKind,
  subject: { kind: r.subject_kind as AlertSubjectKind, name: r.subject_name as string },
  state: r.state as AlertState,
  summary: r.summary as string,
  details: (r.details as Record<string, unknown>) ?? {},
  openedAt: r.opened_at as Date,
  resolvedAt: (r.resolved_at as Date | null) ?? null,
  resolution: (r.resolution as string | null) ?? null,
  silencedUntil: (r.silenced_until as Date | null) ?? null,
  silencedBy: (r.silenced_by as string | null) ?? null,
  notifications,
});

/**
 * The `alerts` table with its silences and its notification outbox. Every change of an alert's
 * state writes, in the same transaction, its notifications (one per channel, unless silenced)
 * and its audit row (actor `system`), so whatever stops the process in between, an alert is
 * never notified twice nor left unnotified.
 */
export function createAlerts(sql: Sql) {
  const withNotifications = async (rows: readonly Row[], db: Sql = sql): Promise<Alert[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id as string);
    const sent = await db`
      SELECT n.alert_id, n.channel_id, c.name AS channel_name, n.transition, n.delivered_at, n.gave_up_at, n.attempts,
        n.last_error
      FROM alert_notifications n JOIN alert_channels c ON c.id = n.channel_id
      WHERE n.alert_id IN ${db(ids)}
      ORDER BY n.created_at, c.name`;
    const byAlert = new Map<string, AlertNotificationState[]>();
    for (const n of sent) {
      const list = byAlert.get(n.alert_id as string) ?? [];
      list.push({
        channelId: n.channel_id as string,
        channelName: n.channel_name as string,
        transition: n.transition as AlertTransition,
        deliveredAt: (n.delivered_at as Date | null) ?? null,
        gaveUpAt: (n.gave_up_at as Date | null) ?? null,
        attempts: n.attempts as number,
        lastError: (n.last_error as string | null) ?? null,
      });
      byAlert.set(n.alert_id as string, list);
    }
    return rows.map((r) => toAlert(r, byAlert.get(r.id as string) ?? []));
  };

  const audit = (db: Sql, action: string, alert: Row, details: Record<string, unknown>) => db`
    INSERT INTO scheduler_audit_log (actor_kind, actor_user_id, actor_role, action, target, details, status_code, outcome)
    VALUES ('service', 'system', 'system', ${action}, ${alert.id as string},
            ${db.json({ kind: alert.kind, subject: `${alert.subject_kind}:${alert.subject_name}`, ...details } as never)},
            200, 'succeeded')`;

  return {
    /**
     * Opens an alert for `firing` under `ruleId`, or refreshes the summary and details of the
     * one already open for that rule and subject (so a storm of failures keeps one alert).
     * A new alert takes on a silence of its rule and subject still running.
     */
    async fire(rule: { id: string; kind: AlertKind }, firing: Firing): Promise<{ alert: Alert; opened: boolean }> {
      return sql.begin(async (tx) => {
        const [row] = await tx`
          INSERT INTO alerts (rule_id, kind, subject_kind, subject_name, summary, details, silenced_until, silenced_by)
          SELECT ${rule.id}, ${rule.kind}, ${firing.subject.kind}, ${firing.subject.name}, ${firing.summary},
                 ${tx.json(firing.details as never)}, s.until, s.created_by
          FROM (SELECT 1) one
          LEFT JOIN alert_silences s ON s.rule_id = ${rule.id} AND s.subject_kind = ${firing.subject.kind}
            AND s.subject_name = ${firing.subject.name} AND s.until > now()
          ON CONFLICT (rule_id, subject_kind, subject_name) WHERE state = 'open'
          DO UPDATE SET summary = EXCLUDED.summary, details = EXCLUDED.details
          RETURNING *, (xmax = 0) AS inserted`;
        const alertRow = row as Row;
        const opened = alertRow.inserted === true;
        if (opened) {
          await tx`
            INSERT INTO alert_notifications (alert_id, channel_id, transition)
            SELECT ${alertRow.id as string}, c.id, 'opened'
            FROM alert_rules r JOIN alert_channels c
              ON (r.channel_ids IS NULL AND c.is_default) OR c.id = ANY(r.channel_ids)
            WHERE r.id = ${rule.id} AND NOT coalesce(${alertRow.silenced_until as Date | null} > now(), FALSE)
            ON CONFLICT DO NOTHING`;
          await audit(tx as unknown as Sql, 'alert.open', alertRow, { summary: firing.summary });
        }
        const [alert] = await withNotifications([alertRow], tx as unknown as Sql);
        return { alert: alert as Alert, opened };
      });
    },

    /**
     * Resolves an open alert with a message saying why. The channels told it opened are told it
     * resolved, unless it is silenced. Null when it was not open (resolved already).
     */
    async resolve(id: string, resolution: string): Promise<Alert | null> {
      return sql.begin(async (tx) => {
        const [row] = await tx`
          UPDATE alerts SET state = 'resolved', resolved_at = now(), resolution = ${resolution}
          WHERE id = ${id} AND state = 'open'
          RETURNING *`;
        if (!row) return null;
        await tx`
          INSERT INTO alert_notifications (alert_id, channel_id, transition)
          SELECT alert_id, channel_id, 'resolved' FROM alert_notifications
          WHERE alert_id = ${id} AND transition = 'opened'
            AND NOT coalesce(${row.silenced_until as Date | null} > now(), FALSE)
          ON CONFLICT DO NOTHING`;
        await audit(tx as unknown as Sql, 'alert.resolve', row, { resolution });
        const [alert] = await withNotifications([row], tx as unknown as Sql);
        return alert ?? null;
      });
    },

    /** Every open alert (few: one per rule and subject at most). */
    async open(): Promise<Alert[]> {
      const rows = await sql`SELECT * FROM alerts WHERE state = 'open' ORDER BY opened_at`;
      return rows.map((r) => toAlert(r));
    },

    /**
     * Opened-notifications of open alerts that have none yet for a channel they should reach:
     * an alert whose silence has ended, or a channel added to its rule (or made a default) since
     * it opened.
     */
    async notifyUnsilenced(): Promise<number> {
      const rows = await sql`
        INSERT INTO alert_notifications (alert_id, channel_id, transition)
        SELECT a.id, c.id, 'opened'
        FROM alerts a
        JOIN alert_rules r ON r.id = a.rule_id
        JOIN alert_channels c ON (r.channel_ids IS NULL AND c.is_default) OR c.id = ANY(r.channel_ids)
        WHERE a.state = 'open' AND (a.silenced_until IS NULL OR a.silenced_until <= now())
        ON CONFLICT DO NOTHING
        RETURNING id`;
      return rows.length;
    },

    async get(id: string): Promise<Alert | null> {
      const [row] = await sql`SELECT * FROM alerts WHERE id = ${id}`;
      if (!row) return null;
      return (await withNotifications([row]))[0] ?? null;
    },

    /** Newest first; `cursor` continues after the last alert of the previous page. */
    async list(filter: AlertFilter): Promise<Alert[]> {
      const rows = await sql`
        SELECT * FROM alerts
        WHERE TRUE
          ${filter.state === 'all' ? sql`` : sql`AND state = ${filter.state}`}
          ${filter.kind ? sql`AND kind = ${filter.kind}` : sql``}
          ${filter.subject ? sql`AND subject_name = ${filter.subject}` : sql``}
          ${filter.cursor ? sql`AND (opened_at, id) < (SELECT opened_at, id FROM alerts WHERE id = ${filter.cursor})` : sql``}
        ORDER BY opened_at DESC, id DESC
        LIMIT ${filter.limit}`;
      return withNotifications(rows);
    },

    /**
     * No notification for this alert, nor for its rule and subject should it open again,
     * until `until`. Null when there is no such alert.
     */
    async silence(id: string, until: Date, by: string): Promise<Alert | null> {
      return sql.begin(async (tx) => {
        const [row] = await tx`
          UPDATE alerts SET silenced_until = ${until}, silenced_by = ${by} WHERE id = ${id} RETURNING *`;
        if (!row) return null;
        await tx`
          INSERT INTO alert_silences (rule_id, subject_kind, subject_name, until, created_by)
          VALUES (${row.rule_id as string}, ${row.subject_kind as string}, ${row.subject_name as string}, ${until}, ${by})
          ON CONFLICT (rule_id, subject_kind, subject_name)
          DO UPDATE SET until = EXCLUDED.until, created_by = EXCLUDED.created_by, created_at = now()`;
        return (await withNotifications([row], tx as unknown as Sql))[0] ?? null;
      });
    },

    /** Ends a silence now: an open alert is notified at the next pass. */
    async unsilence(id: string): Promise<Alert | null> {
      return sql.begin(async (tx) => {
        const [row] = await tx`
          UPDATE alerts SET silenced_until = NULL, silenced_by = NULL WHERE id = ${id} RETURNING *`;
        if (!row) return null;
        await tx`
          DELETE FROM alert_silences WHERE rule_id = ${row.rule_id as string}
            AND subject_kind = ${row.subject_kind as string} AND subject_name = ${row.subject_name as string}`;
        return (await withNotifications([row], tx as unknown as Sql))[0] ?? null;
      });
    },
  };
}

/**
 * The outbox of alert notifications. Only the watch's one replica delivers; each delivery is
 * claimed (its attempt counted and its next try set) before it is sent, so a process killed
 * mid-send tries again later rather than never.
 */
export function createAlertOutbox(sql: Sql) {
  return {
    /**
     * Notifications due now, oldest first, claimed for `leaseMs`. A resolution waits for its
     * opening to be delivered (or given up) on the same channel, so a receiver hears them in order.
     */
    async claimDue(limit: number, leaseMs: number): Promise<DueNotification[]> {
      const rows = await sql`
        UPDATE alert_notifications n
        SET attempts = attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
        WHERE n.id IN (
          SELECT d.id FROM alert_notifications d
          WHERE d.delivered_at IS NULL AND d.gave_up_at IS NULL AND d.next_attempt_at <= now()
            AND NOT EXISTS (
              SELECT 1 FROM alert_notifications o
              WHERE d.transition = 'resolved' AND o.alert_id = d.alert_id AND o.channel_id = d.channel_id
                AND o.transition = 'opened' AND o.delivered_at IS NULL AND o.gave_up_at IS NULL)
          ORDER BY d.next_attempt_at, d.created_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING n.id, n.alert_id, n.channel_id, n.transition, n.attempts`;
      return rows.map((r) => ({
        id: r.id as string,
        alertId: r.alert_id as string,
        channelId: r.channel_id as string,
        transition: r.transition as AlertTransition,
        attempts: r.attempts as number,
      }));
    },

    async delivered(id: string, status: number | null): Promise<void> {
      await sql`
        UPDATE alert_notifications SET delivered_at = now(), last_status = ${status}, last_error = NULL WHERE id = ${id}`;
    },

    /** A failed try: again after `retryInMs`, or never (null) once the attempts ran out. */
    async failed(
      id: string,
      failure: { status: number | null; error: string; retryInMs: number | null },
    ): Promise<void> {
      await sql`
        UPDATE alert_notifications SET
          last_status = ${failure.status}, last_error = ${failure.error.slice(0, 1000)},
          next_attempt_at = CASE WHEN ${failure.retryInMs}::bigint IS NULL THEN next_attempt_at
                                 ELSE now() + ${failure.retryInMs}::bigint * interval '1 millisecond' END,
          gave_up_at = CASE WHEN ${failure.retryInMs}::bigint IS NULL THEN now() END
        WHERE id = ${id}`;
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
export type AlertOutbox = ReturnType<typeof createAlertOutbox>;
