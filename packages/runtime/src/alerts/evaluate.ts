import type { Alert, AlertRules, Alerts } from '@scheduler/db';
import { DEFAULT_RESOLUTION, EVALUATORS, type Evaluation, type RuleContext, subjectKey } from './rules.ts';

export interface EvaluateDeps {
  rules: AlertRules;
  alerts: Alerts;
  log: { warn(obj: object, msg: string): void };
}

/** What one evaluation changed. */
export interface EvaluationOutcome {
  opened: Alert[];
  resolved: Alert[];
}

/**
 * Evaluates every rule once: opens an alert for each subject that fires and has none open,
 * refreshes the open ones whose summary changed, and resolves the open ones that no longer
 * fire (or whose rule was disabled or deleted). A rule that cannot be evaluated (Postgres
 * hiccup) leaves its alerts as they are: silence is never taken for "all clear".
 */
export async function evaluateRules(deps: EvaluateDeps, ctx: RuleContext): Promise<EvaluationOutcome> {
  const outcome: EvaluationOutcome = { opened: [], resolved: [] };
  const [rules, open] = await Promise.all([deps.rules.list(), deps.alerts.open()]);
  const openByRule = new Map<string, Alert[]>();
  for (const alert of open) openByRule.set(alert.ruleId, [...(openByRule.get(alert.ruleId) ?? []), alert]);
  const resolve = async (alert: Alert, resolution: string) => {
    const done = await deps.alerts.resolve(alert.id, resolution);
    if (done) outcome.resolved.push(done);
  };

  for (const rule of rules) {
    const openOfRule = openByRule.get(rule.id) ?? [];
    openByRule.delete(rule.id);
    if (!rule.enabled) {
      for (const alert of openOfRule) await resolve(alert, `The rule "${rule.name}" was disabled`);
      continue;
    }
    let evaluation: Evaluation;
    try {
      evaluation = await EVALUATORS[rule.kind](rule, ctx);
    } catch (error) {
      deps.log.warn({ err: error, rule: rule.id, kind: rule.kind }, 'could not evaluate an alert rule');
      continue;
    }
    const openByKey = new Map(openOfRule.map((a) => [subjectKey(a.subject), a]));
    for (const firing of evaluation.firing) {
      const key = subjectKey(firing.subject);
      const current = openByKey.get(key);
      openByKey.delete(key);
      if (current && current.summary === firing.summary && sameJson(current.details, firing.details)) continue;
      const { alert, opened } = await deps.alerts.fire(rule, firing);
      if (opened) outcome.opened.push(alert);
    }
    for (const [key, alert] of openByKey) {
      await resolve(alert, evaluation.resolutions.get(key) ?? DEFAULT_RESOLUTION[rule.kind](alert.subject));
    }
  }
  // Alerts whose rule is gone.
  for (const alerts of openByRule.values()) {
    for (const alert of alerts) await resolve(alert, 'The rule was deleted');
  }
  return outcome;
}

/** Equal as JSON, whatever the order of keys (jsonb keeps its own). */
const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
