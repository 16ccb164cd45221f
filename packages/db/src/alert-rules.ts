import type { Sql } from './client.ts';
import { jsonParam, uuidArray } from './sql-helpers.ts';

export const ALERT_KINDS = [
  'final_failure',
  'missed_slot',
  'long_run',
  'no_success',
  'backlog_age',
  'no_worker',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What an alert is about: always one named job type, schedule or queue. */
export const ALERT_SUBJECT_KINDS = ['job_type', 'schedule', 'queue'] as const;
export type AlertSubjectKind = (typeof ALERT_SUBJECT_KINDS)[number];
export interface AlertSubject {
  kind: AlertSubjectKind;
  name: string;
}

/** What a rule watches: one named subject, or `any` (every subject of the rule's kind). */
export type RuleSubject = { kind: AlertSubjectKind; name: string } | { kind: 'any'; name: null };

export interface AlertRule {
  id: string;
  kind: AlertKind;
  name: string;
  subject: RuleSubject;
  /** Per kind (see the evaluator's rule modules). */
  params: Record<string, unknown>;
  enabled: boolean;
  /** Null: the default channels. */
  channelIds: string[] | null;
  builtIn: boolean;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewAlertRule = Pick<AlertRule, 'kind' | 'name' | 'subject' | 'params' | 'enabled' | 'channelIds'>;
export type AlertRuleChange = Partial<Pick<AlertRule, 'name' | 'subject' | 'params' | 'enabled' | 'channelIds'>>;

const toRule = (r: Record<string, unknown>): AlertRule => ({
  id: r.id as string,
  kind: r.kind as AlertKind,
  name: r.name as string,
  subject:
    r.subject_kind === 'any'
      ? { kind: 'any', name: null }
      : { kind: r.subject_kind as AlertSubjectKind, name: r.subject_name as string },
  params: (r.params as Record<string, unknown>) ?? {},
  enabled: r.enabled as boolean,
  channelIds: (r.channel_ids as string[] | null) ?? null,
  builtIn: r.built_in !== null,
  updatedBy: r.updated_by as string,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

/** The `alert_rules` table. The built-in rules come with the migration; admins edit them and add their own. */
export function createAlertRules(sql: Sql) {
  return {
    async list(): Promise<AlertRule[]> {
      const rows = await sql`SELECT * FROM alert_rules ORDER BY built_in IS NULL, created_at, id`;
      return rows.map(toRule);
    },

    async get(id: string): Promise<AlertRule | null> {
      const [row] = await sql`SELECT * FROM alert_rules WHERE id = ${id}`;
      return row ? toRule(row) : null;
    },

    async create(rule: NewAlertRule, by: string): Promise<AlertRule> {
      const [row] = await sql`
        INSERT INTO alert_rules (kind, name, subject_kind, subject_name, params, enabled, channel_ids, updated_by)
        VALUES (${rule.kind}, ${rule.name}, ${rule.subject.kind}, ${rule.subject.name}, ${jsonParam(sql, rule.params)},
                ${rule.enabled}, ${rule.channelIds ? uuidArray(sql, rule.channelIds) : null}, ${by})
        RETURNING *`;
      return toRule(row as Record<string, unknown>);
    },

    async update(id: string, change: AlertRuleChange, by: string): Promise<AlertRule | null> {
      const [row] = await sql`
        UPDATE alert_rules SET
          name = ${change.name ?? sql`name`},
          subject_kind = ${change.subject ? change.subject.kind : sql`subject_kind`},
          subject_name = ${change.subject ? change.subject.name : sql`subject_name`},
          params = ${change.params ? jsonParam(sql, change.params) : sql`params`},
          enabled = ${change.enabled ?? sql`enabled`},
          channel_ids = ${change.channelIds === undefined ? sql`channel_ids` : change.channelIds ? uuidArray(sql, change.channelIds) : null},
          updated_by = ${by}, updated_at = now()
        WHERE id = ${id}
        RETURNING *`;
      return row ? toRule(row) : null;
    },

    /**
     * Deletes a rule an admin made (built-in ones are disabled instead); the evaluator resolves
     * its open alerts at its next pass, and they stay in the history.
     */
    async remove(id: string): Promise<boolean> {
      const rows = await sql`DELETE FROM alert_rules WHERE id = ${id} AND built_in IS NULL RETURNING id`;
      return rows.length > 0;
    },
  };
}

export type AlertRules = ReturnType<typeof createAlertRules>;
