import {
  type AlertKind,
  type AlertRule,
  type AlertSubject,
  createJobStats,
  createScheduleMisses,
  type Firing,
  jsonParam,
  type ScheduleRecord,
  type Sql,
} from '@scheduler/db';
import prettyMilliseconds from 'pretty-ms';
import { effectiveGraceMs } from '../schedules/grace.ts';
import { describeMiss, type OverdueReason, overdueSlots } from '../schedules/overdue.ts';
import { nextFireTimes } from '../schedules/timing.ts';
import { RULE_PARAMS, type RuleParams } from './params.ts';

/** What the rules read, gathered once per pass and shared by every rule. */
export interface RuleContext {
  sql: Sql;
  now: Date;
  /** The job types workers run (each has its queue). */
  jobTypes: readonly string[];
  schedules: ScheduleRecord[];
  /** Queues a live worker serves now. */
  liveQueues: ReadonlySet<string>;
  /** Queues paused in BullMQ now. */
  pausedQueues: ReadonlySet<string>;
  /** When this evaluator started: "no worker seen" counts from here when none ever was. */
  watchingSince: Date;
}

/** What a rule sees now: its firing subjects, and why each of the others is fine (a resolution). */
export interface Evaluation {
  firing: Firing[];
  /** A subject's resolution message, keyed by subjectKey; a default one is used otherwise. */
  resolutions: Map<string, string>;
}

export const subjectKey = (s: AlertSubject) => `${s.kind}:${s.name}`;

const span = (ms: number) => prettyMilliseconds(Math.max(ms, 0), { unitCount: 2, verbose: true });
const iso = (d: Date) => d.toISOString();

/** The subjects of `names` a rule watches: every one for `any`, else the one it names (if it exists). */
const watched = (rule: AlertRule, names: readonly string[]) =>
  rule.subject.kind === 'any' ? names : names.filter((n) => n === rule.subject.name);

type Evaluator = (rule: AlertRule, ctx: RuleContext) => Promise<Evaluation>;

/** final_failure: the newest finished job of a type failed its last attempt (since the rule exists). */
const finalFailure: Evaluator = async (rule, { sql, jobTypes }) => {
  const types = watched(rule, jobTypes);
  const evaluation: Evaluation = { firing: [], resolutions: new Map() };
  if (types.length === 0) return evaluation;
  const rows = await sql`
    SELECT t.type, last.id, last.status, last.completed_at, last.error, ok.id AS ok_id, ok.completed_at AS ok_at,
      (SELECT count(*)::int FROM (
         SELECT 1 FROM scheduled_jobs f
         WHERE f.job_type = t.type AND f.status = 'failed' AND f.created_at > greatest(ok.created_at, ${rule.createdAt})
         LIMIT 10000) capped) AS failures
    FROM jsonb_array_elements_text(${jsonParam(sql, types)}) AS t(type)
    CROSS JOIN LATERAL (
      SELECT id, status, completed_at, error, created_at FROM scheduled_jobs
      WHERE job_type = t.type AND status IN ('completed', 'failed')
      ORDER BY created_at DESC LIMIT 1) last
    LEFT JOIN LATERAL (
      SELECT id, created_at, completed_at FROM scheduled_jobs
      WHERE job_type = t.type AND status = 'completed'
      ORDER BY created_at DESC LIMIT 1) ok ON TRUE`;
  for (const r of rows) {
    const subject: AlertSubject = { kind: 'job_type', name: r.type as string };
    const failedAt = r.completed_at as Date | null;
    if (r.status === 'failed' && failedAt && failedAt > rule.createdAt) {
      const failures = r.failures as number;
      evaluation.firing.push({
        subject,
        summary:
          failures > 1
            ? `${failures} ${subject.name} jobs failed their last attempt; the latest: ${firstLine(r.error)}`
            : `A ${subject.name} job failed its last attempt: ${firstLine(r.error)}`,
        details: { jobId: r.id, failedAt: failedAt && iso(failedAt), error: r.error ?? null, failures },
      });
    } else if (r.ok_id) {
      evaluation.resolutions.set(
        subjectKey(subject),
        `A later ${subject.name} job completed (${r.ok_id} at ${iso(r.ok_at as Date)})`,
      );
    }
  }
  return evaluation;
};

const REASON_WORDS: Record<OverdueReason, (type: string) => string> = {
  no_worker: (type) => `no worker serves ${type}`,
  queue_paused: (type) => `the ${type} queue is paused`,
  not_fired: () => 'its slot did not fire',
};

/** missed_slot: the dead man's switch, from the firing engine's own idea of an overdue slot. */
const missedSlot: Evaluator = async (rule, ctx) => {
  const names = new Set(
    watched(
      rule,
      ctx.schedules.map((s) => s.name),
    ),
  );
  const schedules = ctx.schedules.filter((s) => names.has(s.name));
  const overdue = overdueSlots(schedules, ctx.now, (type) =>
    !ctx.liveQueues.has(type) ? 'no_worker' : ctx.pausedQueues.has(type) ? 'queue_paused' : true,
  );
  const evaluation: Evaluation = { firing: [], resolutions: new Map() };
  for (const slot of overdue) {
    evaluation.firing.push({
      subject: { kind: 'schedule', name: slot.scheduleName },
      summary:
        `${slot.scheduleName}: the run due at ${iso(slot.slotAt)} did not start by ${iso(slot.dueBy)}` +
        `${slot.slots > 1 ? ` (${slot.slots} slots missed)` : ''}: ${REASON_WORDS[slot.reason](slot.jobType)}`,
      details: {
        jobType: slot.jobType,
        slotAt: iso(slot.slotAt),
        dueBy: iso(slot.dueBy),
        slots: slot.slots,
        reason: slot.reason,
      },
    });
  }
  // What was done about the slots, in the engine's words, for the resolution.
  const fine = schedules.filter((s) => !overdue.some((o) => o.scheduleName === s.name)).map((s) => s.name);
  const misses = await createScheduleMisses(ctx.sql).latestFor(fine);
  for (const name of fine) {
    const miss = misses.get(name);
    const schedule = schedules.find((s) => s.name === name);
    evaluation.resolutions.set(
      subjectKey({ kind: 'schedule', name }),
      miss && schedule ? `On time again; ${describeMiss(miss, schedule.timezone)}` : `${name} is on time again`,
    );
  }
  return evaluation;
};

/** A type's duration history, read at most once a minute per process (it changes slowly). */
const durationCache = new WeakMap<Sql, { at: number; p90: Map<string, { p90: number; samples: number }> }>();
async function p90s(sql: Sql, types: readonly string[], now: number) {
  const cached = durationCache.get(sql);
  if (cached && now - cached.at < 60_000) return cached.p90;
  const p90 = await createJobStats(sql).durations(types);
  durationCache.set(sql, { at: now, p90 });
  return p90;
}
/** Runs this few say nothing about a type's usual duration. */
const MIN_SAMPLES = 5;

/** long_run: a running job past a fixed bound, or past factor × its type's p90 (at least minMs). */
const longRun: Evaluator = async (rule, { sql, jobTypes, now }) => {
  const params = RULE_PARAMS.long_run.parse(rule.params) as RuleParams<'long_run'>;
  const types = watched(rule, jobTypes);
  const evaluation: Evaluation = { firing: [], resolutions: new Map() };
  if (types.length === 0) return evaluation;
  const history = params.maxMs === null ? await p90s(sql, jobTypes, now.getTime()) : new Map();
  const boundOf = (type: string): { ms: number; why: string } | null => {
    if (params.maxMs !== null) return { ms: params.maxMs, why: `the bound of ${span(params.maxMs)}` };
    const h = history.get(type);
    if (!h || h.samples < MIN_SAMPLES) return null;
    const ms = Math.max(params.minMs, Math.round(params.factor * h.p90 * 1000));
    return {
      ms,
      why: `${span(ms)} (${params.factor} × its p90 of ${span(h.p90 * 1000)}, at least ${span(params.minMs)})`,
    };
  };
  const running = await sql`
    SELECT job_type, id, started_at FROM scheduled_jobs
    WHERE status = 'running' AND started_at IS NOT NULL AND job_type IN ${sql(types as string[])}
    ORDER BY started_at`;
  const seen = new Set<string>();
  for (const job of running) {
    const type = job.job_type as string;
    if (seen.has(type)) continue;
    const bound = boundOf(type);
    const startedAt = job.started_at as Date;
    if (!bound || now.getTime() - startedAt.getTime() <= bound.ms) continue;
    seen.add(type);
    const over = running.filter(
      (j) => j.job_type === type && now.getTime() - (j.started_at as Date).getTime() > bound.ms,
    ).length;
    evaluation.firing.push({
      subject: { kind: 'job_type', name: type },
      summary: `A ${type} job (${job.id}) has been running since ${iso(startedAt)}, past ${bound.why}${over > 1 ? `; ${over} such jobs` : ''}`,
      details: { jobId: job.id, startedAt: iso(startedAt), boundMs: bound.ms, jobs: over },
    });
  }
  return evaluation;
};

/** The gap between a schedule's next two fires. */
function periodOf(schedule: ScheduleRecord, now: Date): number {
  if (schedule.everyMs) return schedule.everyMs;
  try {
    const [a, b] = nextFireTimes(schedule, 2, now);
    if (a && b) return b.getTime() - a.getTime();
  } catch {
    // A cron too costly to look ahead in: a day.
  }
  return 86_400_000;
}

/** no_success: no successful run of a schedule (or a type) within a window, counted from the rule or the schedule's last change. */
const noSuccess: Evaluator = async (rule, { sql, schedules, now }) => {
  const params = RULE_PARAMS.no_success.parse(rule.params) as RuleParams<'no_success'>;
  const evaluation: Evaluation = { firing: [], resolutions: new Map() };
  const targets: Array<{ subject: AlertSubject; windowMs: number; since: Date }> = [];
  if (rule.subject.kind === 'job_type') {
    if (params.windowMs !== null)
      targets.push({
        subject: { kind: 'job_type', name: rule.subject.name },
        windowMs: params.windowMs,
        since: rule.updatedAt,
      });
  } else {
    for (const s of schedules) {
      if (rule.subject.kind === 'schedule' && s.name !== rule.subject.name) continue;
      if (!s.enabled || (s.pausedUntil && s.pausedUntil > now)) continue;
      const windowMs = params.windowMs ?? 2 * periodOf(s, now) + effectiveGraceMs(s, now);
      const since = new Date(Math.max(s.updatedAt.getTime(), s.pausedUntil?.getTime() ?? 0, rule.updatedAt.getTime()));
      targets.push({ subject: { kind: 'schedule', name: s.name }, windowMs, since });
    }
  }
  if (targets.length === 0) return evaluation;
  // One index scan per subject: (schedule_name, created_at) or (job_type, created_at).
  const names = (kind: string) => targets.filter((t) => t.subject.kind === kind).map((t) => t.subject.name);
  const [bySchedule, byType] = await Promise.all([
    sql`
      SELECT 'schedule' AS kind, t.name, ok.id, ok.completed_at
      FROM jsonb_array_elements_text(${jsonParam(sql, names('schedule'))}) AS t(name)
      LEFT JOIN LATERAL (
        SELECT id, completed_at FROM scheduled_jobs
        WHERE schedule_name = t.name AND status = 'completed' ORDER BY created_at DESC LIMIT 1) ok ON TRUE`,
    sql`
      SELECT 'job_type' AS kind, t.name, ok.id, ok.completed_at
      FROM jsonb_array_elements_text(${jsonParam(sql, names('job_type'))}) AS t(name)
      LEFT JOIN LATERAL (
        SELECT id, completed_at FROM scheduled_jobs
        WHERE job_type = t.name AND status = 'completed' ORDER BY created_at DESC LIMIT 1) ok ON TRUE`,
  ]);
  const rows = [...bySchedule, ...byType];
  const lastOk = new Map(rows.map((r) => [`${r.kind}:${r.name}`, r]));
  for (const target of targets) {
    const key = subjectKey(target.subject);
    const ok = lastOk.get(key);
    const okAt = (ok?.completed_at as Date | null | undefined) ?? null;
    const from = okAt && okAt > target.since ? okAt : target.since;
    if (now.getTime() - from.getTime() > target.windowMs) {
      evaluation.firing.push({
        subject: target.subject,
        summary: `${target.subject.name} has not run successfully for over ${span(target.windowMs)}${okAt ? ` (last success ${iso(okAt)})` : ''}`,
        details: { lastSuccessAt: okAt && iso(okAt), lastSuccessJobId: ok?.id ?? null, windowMs: target.windowMs },
      });
    } else if (ok?.id) {
      evaluation.resolutions.set(key, `${target.subject.name} ran successfully (${ok.id} at ${iso(okAt as Date)})`);
    }
  }
  return evaluation;
};

/** backlog_age: the oldest job waiting in a type's queue (since it last became pending) is older than a bound. */
const backlogAge: Evaluator = async (rule, { sql, jobTypes, now, pausedQueues }) => {
  const params = RULE_PARAMS.backlog_age.parse(rule.params) as RuleParams<'backlog_age'>;
  const types = watched(rule, jobTypes);
  const evaluation: Evaluation = { firing: [], resolutions: new Map() };
  if (types.length === 0) return evaluation;
  const rows = await sql`
    SELECT job_type, min(updated_at) AS oldest, count(*)::int AS waiting FROM scheduled_jobs
    WHERE status = 'pending' AND job_type IN ${sql(types as string[])}
    GROUP BY job_type`;
  for (const r of rows) {
    const oldest = r.oldest as Date;
    if (now.getTime() - oldest.getTime() <= params.maxAgeMs) continue;
    const type = r.job_type as string;
    evaluation.firing.push({
      subject: { kind: 'job_type', name: type },
      summary:
        `${r.waiting} ${type} ${r.waiting === 1 ? 'job waits' : 'jobs wait'}; the oldest since ${iso(oldest)}, ` +
        `past ${span(params.maxAgeMs)}${pausedQueues.has(type) ? ' (the queue is paused)' : ''}`,
      details: {
        oldestSince: iso(oldest),
        waiting: r.waiting,
        maxAgeMs: params.maxAgeMs,
        paused: pausedQueues.has(type),
      },
    });
  }
  return evaluation;
};

/** no_worker: no live worker has said it serves a queue for afterMs. */
const noWorker: Evaluator = async (rule, { sql, jobTypes, now, liveQueues, watchingSince }) => {
  const params = RULE_PARAMS.no_worker.parse(rule.params) as RuleParams<'no_worker'>;
  const queues = watched(rule, jobTypes);
  const evaluation: Evaluation = { firing: [], resolutions: new Map() };
  const unserved = queues.filter((q) => !liveQueues.has(q));
  if (unserved.length === 0) return evaluation;
  // Stopped workers count too: "last seen" is when any worker last served the queue (a draining
  // one stopped serving it when its drain began).
  const rows = await sql`
    SELECT queue, max(COALESCE(draining_since, seen_at)) AS seen_at FROM worker_heartbeats, unnest(queues) AS queue
    WHERE queue IN ${sql(unserved)} GROUP BY queue`;
  const lastSeen = new Map(rows.map((r) => [r.queue as string, r.seen_at as Date]));
  for (const queue of unserved) {
    const seen = lastSeen.get(queue) ?? null;
    const from = seen ?? new Date(Math.max(watchingSince.getTime(), rule.updatedAt.getTime()));
    if (now.getTime() - from.getTime() <= params.afterMs) continue;
    evaluation.firing.push({
      subject: { kind: 'queue', name: queue },
      summary: seen
        ? `No worker has served ${queue} since ${iso(seen)} (over ${span(params.afterMs)})`
        : `No worker has served ${queue} since the alerts started watching (${iso(from)})`,
      details: { lastSeenAt: seen && iso(seen), afterMs: params.afterMs },
    });
  }
  return evaluation;
};

export const EVALUATORS: Record<AlertKind, Evaluator> = {
  final_failure: finalFailure,
  missed_slot: missedSlot,
  long_run: longRun,
  no_success: noSuccess,
  backlog_age: backlogAge,
  no_worker: noWorker,
};

/** What a resolution says when the rule gave no message of its own. */
export const DEFAULT_RESOLUTION: Record<AlertKind, (subject: AlertSubject) => string> = {
  final_failure: (s) => `${s.name} is no longer failing`,
  missed_slot: (s) => `${s.name} is on time again`,
  long_run: (s) => `No ${s.name} job runs past its bound any more`,
  no_success: (s) => `${s.name} ran successfully`,
  backlog_age: (s) => `No ${s.name} job has waited past the bound any more`,
  no_worker: (s) => `A worker serves ${s.name} again`,
};

const firstLine = (error: unknown) =>
  String(error ?? 'no error message')
    .split('\n')[0]
    ?.slice(0, 200);
