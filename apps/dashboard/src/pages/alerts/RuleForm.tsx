import { type FormEvent, useState } from 'react';
import { Problem } from '../../components/Problem.tsx';
import type { AlertChannel, AlertRule } from '../../data/alerts.ts';
import {
  ALERT_KINDS,
  type AlertKind,
  EMPTY_MEANS,
  fromFieldValue,
  isDurationParam,
  kindWords,
  paramLabel,
  RULE_SUBJECTS,
  toFieldValue,
} from './words.ts';

/** What a rule of each kind watches, said under the kind. */
const KIND_HELP: Record<AlertKind, string> = {
  final_failure: 'A job’s last attempt failed; resolves when a later job of the subject succeeds.',
  missed_slot: 'A schedule’s run did not start within its grace after its time.',
  long_run: 'A run lasts longer than a bound: fixed, or a multiple of the type’s p90.',
  no_success: 'No run of the subject succeeded within a window.',
  backlog_age: 'The oldest waiting job is older than a bound.',
  no_worker: 'No worker has been seen for the queue for a while.',
};

/**
 * The params a new rule of a kind starts with when no built-in rule of that kind is there to
 * copy (the API's defaults).
 */
const STARTING_PARAMS: Record<AlertKind, Record<string, number | null>> = {
  final_failure: {},
  missed_slot: {},
  long_run: { maxMs: null, factor: 3, minMs: 300_000 },
  no_success: { windowMs: null },
  backlog_age: { maxAgeMs: 900_000 },
  no_worker: { afterMs: 120_000 },
};
/** A kind's fields, in the order of its starting params (a stored rule may leave out a default one). */
const fieldsOf = (kind: AlertKind, params: Record<string, unknown>) =>
  Object.fromEntries(
    [...new Set([...Object.keys(STARTING_PARAMS[kind]), ...Object.keys(params)])].map((key) => [
      key,
      toFieldValue(key, params[key]),
    ]),
  );

/** What the form sends: a new rule's fields, or an edited one's (its kind stays). */
export type RuleBody = Pick<AlertRule, 'name' | 'subject' | 'params' | 'enabled' | 'channelIds'> & { kind?: AlertKind };

/**
 * A rule's fields: its kind (fixed once made), name, subject, bounds in human units (durations
 * in minutes), whether it is on, and where it is sent (the default channels, or chosen ones).
 */
export function RuleForm({
  rule,
  rules,
  channels,
  subjectNames,
  onSubmit,
}: {
  /** The rule edited, or null for a new one. */
  rule: AlertRule | null;
  rules: AlertRule[];
  channels: AlertChannel[];
  subjectNames: Record<'job_type' | 'schedule' | 'queue', string[]>;
  onSubmit(body: RuleBody): Promise<void>;
}) {
  const startingParams = (kind: AlertKind): Record<string, unknown> =>
    rules.find((r) => r.kind === kind && r.builtIn)?.params ?? STARTING_PARAMS[kind];
  const [kind, setKind] = useState<AlertKind>((rule?.kind as AlertKind) ?? 'final_failure');
  const [name, setName] = useState(rule?.name ?? '');
  const [subjectKind, setSubjectKind] = useState<string>(rule?.subject.kind ?? 'any');
  const [subjectName, setSubjectName] = useState(rule?.subject.name ?? '');
  const [fields, setFields] = useState<Record<string, string>>(() =>
    fieldsOf(kind, rule?.params ?? startingParams(kind)),
  );
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [chosen, setChosen] = useState<string[] | null>(rule?.channelIds ?? null);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  const changeKind = (next: AlertKind) => {
    setKind(next);
    setFields(fieldsOf(next, startingParams(next)));
    if (subjectKind !== 'any' && !RULE_SUBJECTS[next].includes(subjectKind as never)) setSubjectKind('any');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: string[] = [];
    const params: Record<string, number | null> = {};
    for (const [key, text] of Object.entries(fields)) {
      const value = fromFieldValue(key, text);
      if (value === undefined) found.push(`${paramLabel(key)}: a number, 0 or more`);
      else params[key] = value;
    }
    if (!name.trim()) found.push('name: say what the rule is for');
    if (subjectKind !== 'any' && !subjectName.trim()) found.push('subject: the name of what it watches');
    if (chosen !== null && chosen.length === 0) found.push('channels: choose at least one, or the defaults');
    setProblems(found);
    if (found.length) return;
    try {
      setError(null);
      await onSubmit({
        ...(rule ? {} : { kind }),
        name: name.trim(),
        subject: {
          kind: subjectKind as RuleBody['subject']['kind'],
          name: subjectKind === 'any' ? null : subjectName.trim(),
        },
        params,
        enabled,
        channelIds: chosen,
      });
    } catch (caught) {
      setError(caught);
    }
  };

  const names = subjectKind === 'any' ? [] : subjectNames[subjectKind as keyof typeof subjectNames];
  return (
    // Checked here and said in words (the browser's bubbles are not read with the other problems).
    <form className="rule-form" onSubmit={submit} aria-label={rule ? `Rule ${rule.name}` : 'New rule'} noValidate>
      <div className="field">
        <label htmlFor="rule-kind">watches</label>
        <select
          id="rule-kind"
          value={kind}
          disabled={rule !== null}
          onChange={(e) => changeKind(e.target.value as AlertKind)}
          aria-describedby="rule-kind-help"
        >
          {ALERT_KINDS.map((k) => (
            <option key={k} value={k}>
              {kindWords(k)}
            </option>
          ))}
        </select>
        <small id="rule-kind-help">{KIND_HELP[kind]}</small>
      </div>
      <div className="field">
        <label htmlFor="rule-name">name</label>
        <input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="fields">
        <div className="field">
          <label htmlFor="rule-subject-kind">for</label>
          <select id="rule-subject-kind" value={subjectKind} onChange={(e) => setSubjectKind(e.target.value)}>
            {(['any', ...RULE_SUBJECTS[kind]] as const).map((k) => (
              <option key={k} value={k}>
                {k === 'any' ? 'every subject' : k.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        {subjectKind !== 'any' ? (
          <div className="field">
            <label htmlFor="rule-subject-name">{subjectKind.replace('_', ' ')} name</label>
            <input
              id="rule-subject-name"
              list="rule-subject-names"
              value={subjectName}
              onChange={(e) => setSubjectName(e.target.value)}
            />
            <datalist id="rule-subject-names">
              {names.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </div>
        ) : null}
      </div>
      {Object.keys(fields).length > 0 ? (
        <fieldset className="fields">
          <legend>bounds</legend>
          {Object.entries(fields).map(([key, text]) => (
            <div className="field" key={key}>
              <label htmlFor={`rule-param-${key}`}>{paramLabel(key)}</label>
              <input
                id={`rule-param-${key}`}
                type="number"
                min={0}
                step="any"
                inputMode="decimal"
                value={text}
                onChange={(e) => setFields((f) => ({ ...f, [key]: e.target.value }))}
              />
              <small>
                {[EMPTY_MEANS[key], isDurationParam(key) ? '0.5 is 30 seconds; 1440 is a day' : null]
                  .filter(Boolean)
                  .join('; ')}
              </small>
            </div>
          ))}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>send to</legend>
        <label className="inline">
          <input type="radio" name="rule-channels" checked={chosen === null} onChange={() => setChosen(null)} /> the
          default channels
        </label>
        <label className="inline">
          <input
            type="radio"
            name="rule-channels"
            checked={chosen !== null}
            onChange={() => setChosen(rule?.channelIds ?? [])}
          />{' '}
          these channels
        </label>
        {chosen !== null ? (
          <div className="channel-choices">
            {channels.length === 0 ? <p className="muted">No channel yet: add one below.</p> : null}
            {channels.map((c) => (
              <label className="inline" key={c.id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(c.id)}
                  onChange={(e) =>
                    setChosen((now) =>
                      e.target.checked ? [...(now ?? []), c.id] : (now ?? []).filter((id) => id !== c.id),
                    )
                  }
                />{' '}
                {c.name}
              </label>
            ))}
          </div>
        ) : null}
      </fieldset>
      <label className="inline rule-enabled">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> enabled
      </label>
      {problems.length ? (
        <ul className="field-error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <Problem error={error} />
      <div className="actions">
        <button type="submit">{rule ? 'Save the rule' : 'Add the rule'}</button>
      </div>
    </form>
  );
}
