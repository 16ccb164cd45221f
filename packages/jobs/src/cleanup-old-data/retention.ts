import {
  createJobArchive,
  createJobTypeSettings,
  IDEMPOTENCY_WINDOW_HOURS,
  type JobStatus,
  type Sql,
  TERMINAL_STATUSES,
} from '@scheduler/db';
import type { Catalogue } from '../catalogue.ts';
import { type EffectiveRetention, effectiveRetention } from '../retention-policy.ts';

export interface TableShare {
  /** Rows the cleanup would remove. */
  candidates: number;
  /** Rows in the table now. */
  total: number;
}

/** A condition on a table's rows, as a query fragment. */
type Condition = ReturnType<Sql>;

/** A type's retention as this run applies it. */
export type TypeRetention = EffectiveRetention & { jobType: string };

/**
 * Finished jobs that go to the archive: of these types (null: every type the catalogue does
 * not know, e.g. one removed from the code), that ended so, created before `before`.
 */
export interface ArchiveRule {
  jobTypes: readonly string[] | null;
  statuses: readonly JobStatus[];
  before: Date;
}

const FAILED: readonly JobStatus[] = ['failed'];
const ENDED_OTHERWISE: readonly JobStatus[] = TERMINAL_STATUSES.filter((s) => s !== 'failed');

/**
 * The rules that archive each type's finished jobs past its retention, as of `now`: two per
 * type (failures may be kept longer), and two for types the catalogue does not know, with the
 * default.
 */
export function archiveRules(retentions: readonly TypeRetention[], defaultDays: number, now: number): ArchiveRule[] {
  const daysAgo = (days: number) => new Date(now - days * 86_400_000);
  return [
    ...retentions.flatMap((r) => [
      { jobTypes: [r.jobType], statuses: ENDED_OTHERWISE, before: daysAgo(r.days) },
      { jobTypes: [r.jobType], statuses: FAILED, before: daysAgo(r.failedDays) },
    ]),
    { jobTypes: null, statuses: ENDED_OTHERWISE, before: daysAgo(defaultDays) },
    { jobTypes: null, statuses: FAILED, before: daysAgo(defaultDays) },
  ];
}

/**
 * The queries behind cleanup_old_data. Every delete takes one small batch per statement, so
 * no lock is held for long and a cancelled run stops between batches with what it did kept.
 */

export function createRetention(sql: Sql, catalogue: Pick<Catalogue, 'all'>) {
  const settings = createJobTypeSettings(sql);
  const known = catalogue.all.map((d) => d.name);
  // One rule's rows of scheduled_jobs (as `alias`): an index range of (job_type, status, created_at) per type.
  const ruleCondition = ({ jobTypes, statuses, before }: ArchiveRule, alias = 'scheduled_jobs'): Condition => {
    const column = (name: string) => sql(`${alias}.${name}`);
    const types = jobTypes ?? known;
    const ofTypes = jobTypes
      ? sql`${column('job_type')} IN ${sql(types)}`
      : types.length > 0
        ? sql`${column('job_type')} NOT IN ${sql(types)}`
        : sql`TRUE`;
    return sql`${ofTypes} AND ${column('status')} IN ${sql(statuses)} AND ${column('created_at')} < ${before}`;
  };
  const anyRule = (rules: readonly ArchiveRule[], alias?: string): Condition =>
    rules
      .map((rule): Condition => sql`(${ruleCondition(rule, alias)})`)
      .reduce((all: Condition, c) => sql`${all} OR ${c}`, sql`FALSE`);
  // Log lines older than the shortest retention whose job is archived, or is about to be.
  const oldLogs = (rules: readonly ArchiveRule[]): Condition => {
    const oldest = new Date(Math.max(...rules.map((r) => r.before.getTime())));
    return sql`at < ${oldest} AND NOT EXISTS (
      SELECT 1 FROM scheduled_jobs j WHERE j.id = job_logs.job_id AND NOT (${anyRule(rules, 'j')}))`;
  };
  // Bookkeeping the ledger no longer needs: settled keys of weeks and days long past.
  const settledLedgerBefore = (cutoff: Date): Condition => sql`status <> 'claimed' AND claimed_at < ${cutoff}`;
  const expiredKeys: Condition = sql`created_at < now() - ${IDEMPOTENCY_WINDOW_HOURS} * interval '1 hour'`;
  const archive = createJobArchive(sql);

  const share = async (table: string, condition: Condition): Promise<TableShare> => {
    const [row] = await sql`
      SELECT (SELECT count(*)::int FROM ${sql(table)} WHERE ${condition}) AS candidates,
             (SELECT count(*)::int FROM ${sql(table)}) AS total`;
    return { candidates: row?.candidates as number, total: row?.total as number };
  };

  return {
    interactionsShare: (cutoff: Date) => share('user_interactions', sql`created_at < ${cutoff}`),
    archivableJobsShare: (rules: readonly ArchiveRule[]) => share('scheduled_jobs', anyRule(rules)),
    settledLedgerShare: (cutoff: Date) => share('side_effect_ledger', settledLedgerBefore(cutoff)),
    expiredIdempotencyKeysShare: () => share('idempotency_keys', expiredKeys),
    oldJobLogsShare: (rules: readonly ArchiveRule[]) => share('job_logs', oldLogs(rules)),

    /** Each type of the catalogue with the retention that applies to it now (an admin's, its code's, the default). */
    async typeRetentions(defaultDays: number): Promise<TypeRetention[]> {
      const overrides = await settings.retentionOverrides();
      return catalogue.all.map((definition) => ({
        jobType: definition.name,
        ...effectiveRetention(definition, overrides.get(definition.name), defaultDays),
      }));
    },
    oldJobEventsShare: (cutoff: Date) => share('job_events', sql`at < ${cutoff}`),

    /** Events serve live views and reconnecting clients, not history: they go after days. */
    async deleteOldJobEvents(cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM job_events WHERE id IN (
          SELECT id FROM job_events WHERE at < ${cutoff} ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },

    /** Log lines go with their jobs: those of archived jobs, once older than the shortest retention. */
    async deleteOldJobLogs(rules: readonly ArchiveRule[], batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM job_logs WHERE id IN (
          SELECT id FROM job_logs WHERE ${oldLogs(rules)} ORDER BY at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },

    /** Deletes up to `batch` interactions older than `cutoff`, oldest first. */
    async deleteInteractions(cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM user_interactions WHERE id IN (
          SELECT id FROM user_interactions WHERE created_at < ${cutoff}
          ORDER BY created_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },

    /** Moves up to `batch` finished jobs the rule names, with their attempts, into the archive tables, atomically. */
    async archiveJobs(rule: ArchiveRule, batch: number): Promise<number> {
      return (await archive.archiveWhere(ruleCondition(rule), batch)).length;
    },

    /** Idempotency keys past their window answer nothing any more. */
    async deleteExpiredIdempotencyKeys(_cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM idempotency_keys WHERE (principal, key) IN (
          SELECT principal, key FROM idempotency_keys WHERE ${expiredKeys} LIMIT ${batch})`;
      return result.count;
    },

    async deleteSettledLedger(cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM side_effect_ledger WHERE key IN (
          SELECT key FROM side_effect_ledger WHERE ${settledLedgerBefore(cutoff)}
          LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
