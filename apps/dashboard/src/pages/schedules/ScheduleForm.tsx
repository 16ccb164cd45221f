import type { Priority } from '@scheduler/client';
import { useId, useState } from 'react';
import { api, type JobType, type Schedule, unwrap } from '../../api.ts';
import { JobInputs } from '../../components/JobInputs.tsx';
import { Problem } from '../../components/Problem.tsx';
import { defaultsOf, type ObjectSchema } from '../../components/SchemaForm.tsx';
import { MAX_TAGS, tagsOfText, tagsProblem } from '../../components/tags.ts';
import { duration } from '../../format.ts';
import { useIntents } from '../../intents.ts';
import { type ScheduleField, type ScheduleProblems, scheduleProblems } from './schedule-problems.ts';
import { type TimingDraft, TimingFields, timingDraftOf, timingOf, useTimingPreview } from './TimingEditor.tsx';

type MissedPolicy = Schedule['missedPolicy'];
type OverlapPolicy = Schedule['overlapPolicy'];

const MISSED: Array<[MissedPolicy, string]> = [
  ['skip', 'skip them'],
  ['run_once', 'run once'],
  ['catch_up', 'catch up'],
];
const OVERLAP: Array<[OverlapPolicy, string]> = [
  ['skip', 'skip the new run'],
  ['queue', 'queue one run after it'],
  ['cancel', 'cancel the running one'],
];

/** Everything the form edits, as typed (numbers stay text until sent). */
interface Draft {
  name: string;
  jobType: string;
  payload: Record<string, unknown>;
  priority: Priority | '';
  /** As typed: separated by spaces or commas. */
  tags: string;
  timing: TimingDraft;
  description: string;
  enabled: boolean;
  missedPolicy: MissedPolicy;
  catchUpMax: string;
  catchUpWindowMinutes: string;
  overlapPolicy: OverlapPolicy;
  graceSeconds: string;
}

const text = (n: number | null | undefined, unit = 1) => (n === null || n === undefined ? '' : String(n / unit));
const numberOr = (typed: string, unit = 1) => (typed.trim() === '' ? null : Math.round(Number(typed) * unit));

function draftOf(schedule: Schedule | undefined, type: JobType | undefined): Draft {
  return {
    name: schedule?.name ?? '',
    jobType: schedule?.jobType ?? type?.name ?? '',
    payload: schedule?.payload ?? (type ? defaultsOf(type.payloadSchema as ObjectSchema) : {}),
    priority: schedule?.priorityOverride ?? '',
    tags: schedule?.tags.join(' ') ?? '',
    timing: timingDraftOf(schedule),
    description: schedule?.description ?? '',
    enabled: schedule?.enabled ?? true,
    missedPolicy: schedule?.missedPolicy ?? 'run_once',
    catchUpMax: text(schedule?.catchUpMax),
    catchUpWindowMinutes: text(schedule?.catchUpWindowMs, 60_000),
    overlapPolicy: schedule?.overlapPolicy ?? 'skip',
    graceSeconds: text(schedule?.graceMsOverride, 1000),
  };
}

/** The draft as PUT /api/schedules/:name takes it: every field it sets. */
function bodyOf(draft: Draft) {
  const catchingUp = draft.missedPolicy === 'catch_up';
  return {
    ...timingOf(draft.timing),
    payload: draft.payload,
    priority: draft.priority === '' ? null : draft.priority,
    tags: tagsOfText(draft.tags),
    description: draft.description.trim() === '' ? null : draft.description.trim(),
    missedPolicy: draft.missedPolicy,
    catchUpMax: catchingUp ? numberOr(draft.catchUpMax) : null,
    catchUpWindowMs: catchingUp ? numberOr(draft.catchUpWindowMinutes, 60_000) : null,
    overlapPolicy: draft.overlapPolicy,
    graceMs: numberOr(draft.graceSeconds, 1000),
  };
}

/** Only what changed: a field left as it was is not sent, so it is not counted as an override of the code's. */
function changesOf(draft: Draft, schedule: Schedule) {
  const before = bodyOf(draftOf(schedule, undefined));
  const after = bodyOf(draft);
  const changed = Object.fromEntries(
    Object.entries(after).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof typeof before]),
    ),
  ) as Partial<typeof after>;
  // A timing is sent whole: the API reads cron and everyMs together with the zone.
  if ('cron' in changed || 'everyMs' in changed || 'timezone' in changed)
    Object.assign(changed, timingOf(draft.timing));
  return changed;
}

/** Which message of the API each draft field answers. */
const FIELD_OF_DRAFT: Partial<Record<keyof Draft, ScheduleField>> = {
  name: 'name',
  jobType: 'jobType',
  priority: 'priority',
  tags: 'tags',
  timing: 'timing',
  description: 'description',
  missedPolicy: 'missedPolicy',
  catchUpMax: 'catchUpMax',
  catchUpWindowMinutes: 'catchUpWindowMs',
  overlapPolicy: 'overlapPolicy',
  graceSeconds: 'graceMs',
};
function withoutMessagesOf(
  problems: ScheduleProblems,
  changed: Array<keyof Draft>,
  payloadFields: string[],
): ScheduleProblems {
  const fields = { ...problems.fields };
  for (const key of changed) {
    const field = FIELD_OF_DRAFT[key];
    if (field) delete fields[field];
  }
  const payload = Object.fromEntries(Object.entries(problems.payload).filter(([key]) => !payloadFields.includes(key)));
  return { fields, payload, rest: problems.rest };
}

/** A field's message from the API, under it, and the input's description pointing at it. */
function useFieldMessages(problems: ScheduleProblems) {
  const id = useId();
  return (field: ScheduleField) => {
    const message = problems.fields[field];
    return {
      input: {
        'aria-invalid': message ? true : undefined,
        'aria-describedby': message ? `${id}-${field}-error` : undefined,
      },
      message: message ? (
        <small id={`${id}-${field}-error`} className="field-error" role="alert">
          {message}
        </small>
      ) : null,
    };
  };
}

/**
 * A schedule's every setting, to create one ("New schedule") or change one (its name and job
 * type fixed): the payload form of its type (the same as Trigger's), priority, timing with its
 * preview, description, and what happens to missed runs and to a run that is still going.
 * The API checks it all; each refusal is shown at its field.
 */
export function ScheduleForm({
  schedule,
  types,
  existingNames = [],
  typeP90,
  onSaved,
}: {
  /** Absent: a new schedule. */
  schedule?: Schedule;
  types: JobType[];
  existingNames?: string[];
  typeP90(jobType: string): number | null;
  onSaved(saved: Schedule, created: boolean): void;
}) {
  const creating = schedule === undefined;
  const [draft, setDraft] = useState<Draft>(() => draftOf(schedule, types[0]));
  const [problems, setProblems] = useState<ScheduleProblems>({ fields: {}, payload: {}, rest: null });
  const [busy, setBusy] = useState(false);
  const id = useId();
  const field = useFieldMessages(problems);
  const set = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    // A field being changed is no longer what the API refused: its message goes.
    const payloadFields = change.payload
      ? Object.keys({ ...draft.payload, ...change.payload }).filter(
          (key) => JSON.stringify(draft.payload[key]) !== JSON.stringify(change.payload?.[key]),
        )
      : [];
    setProblems((p) => withoutMessagesOf(p, Object.keys(change) as Array<keyof Draft>, payloadFields));
  };
  const type = types.find((t) => t.name === draft.jobType);
  const preview = useTimingPreview(draft.timing, draft.jobType);
  const sendOnce = useIntents();

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const name = draft.name.trim();
    if (creating && existingNames.includes(name)) {
      setProblems({
        fields: { name: `${name} exists already: pick another name, or edit it` },
        payload: {},
        rest: null,
      });
      return;
    }
    // The API would refuse them with the same words: said at once, nothing sent.
    const tagsWrong = tagsProblem(tagsOfText(draft.tags));
    if (tagsWrong) {
      setProblems({ fields: { tags: tagsWrong }, payload: {}, rest: null });
      return;
    }
    const body = creating
      ? { jobType: draft.jobType, enabled: draft.enabled, ...bodyOf(draft) }
      : changesOf(draft, schedule);
    try {
      // The intent is this form as it stands: a double click saves once, an edit is a new intent.
      const saved = await sendOnce(`schedule:${name}:${JSON.stringify(body)}`, async (headers) => {
        setBusy(true);
        setProblems({ fields: {}, payload: {}, rest: null });
        try {
          return await unwrap(api.PUT('/api/schedules/{name}', { params: { path: { name } }, body, headers }));
        } finally {
          setBusy(false);
        }
      });
      if (saved) onSaved(saved, creating);
    } catch (caught) {
      setProblems(scheduleProblems(caught));
    }
  };

  const name = field('name');
  const jobType = field('jobType');
  const description = field('description');
  const catchUpMax = field('catchUpMax');
  const catchUpWindow = field('catchUpWindowMs');
  const grace = field('graceMs');
  const missed = field('missedPolicy');
  const overlap = field('overlapPolicy');
  const tags = field('tags');
  return (
    <form
      className="schedule-form"
      onSubmit={save}
      noValidate
      aria-label={creating ? 'New schedule' : `Edit ${schedule.name}`}
    >
      {creating ? (
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${id}-name`}>name</label>
            <input
              id={`${id}-name`}
              value={draft.name}
              onChange={(e) => set({ name: e.target.value })}
              placeholder="e.g. nightly-report"
              autoComplete="off"
              {...name.input}
            />
            <small className="muted">lower-case letters, digits, - and _</small>
            {name.message}
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`}>job type</label>
            <select
              id={`${id}-type`}
              value={draft.jobType}
              onChange={(e) => {
                const next = types.find((t) => t.name === e.target.value);
                // Another type takes another payload: start from its defaults.
                set({ jobType: e.target.value, payload: next ? defaultsOf(next.payloadSchema as ObjectSchema) : {} });
              }}
              {...jobType.input}
            >
              {types.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
            {type ? <small className="muted">{type.description}</small> : null}
            {jobType.message}
          </div>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-description`}>description</label>
        <input
          id={`${id}-description`}
          value={draft.description}
          maxLength={500}
          onChange={(e) => set({ description: e.target.value })}
          placeholder="What it is for"
          {...description.input}
        />
        {description.message}
      </div>

      <fieldset className="group">
        <legend>Each run is given</legend>
        {type ? (
          <JobInputs
            type={type}
            payload={draft.payload}
            onPayloadChange={(payload) => set({ payload })}
            priority={draft.priority}
            onPriorityChange={(priority) => set({ priority })}
            errors={problems.payload}
            priorityError={problems.fields.priority}
          />
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-tags`}>tags</label>
          <input
            id={`${id}-tags`}
            value={draft.tags}
            spellCheck={false}
            autoComplete="off"
            placeholder="nightly team:growth"
            onChange={(e) => set({ tags: e.target.value })}
            {...tags.input}
            aria-describedby={[`${id}-tags-help`, tags.input['aria-describedby']].filter(Boolean).join(' ')}
          />
          <small id={`${id}-tags-help`} className="muted">
            Copied onto each run, to find them by (tag:nightly). Up to {MAX_TAGS}, separated by spaces: lower-case
            letters, digits, _ . : -
          </small>
          {tags.message}
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>When</legend>
        <TimingFields
          value={draft.timing}
          onChange={(timing) => set({ timing })}
          preview={preview.data}
          typeP90={typeP90(draft.jobType)}
          error={problems.fields.timing}
        />
        {creating ? (
          <div className="field field-boolean">
            <label htmlFor={`${id}-enabled`}>enabled</label>
            <input
              id={`${id}-enabled`}
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => set({ enabled: e.target.checked })}
            />
            <small className="muted">runs on its timing from now on; untick to create it switched off</small>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="group" aria-describedby={missed.input['aria-describedby']}>
        <legend>Runs missed (no worker, the queue paused, Redis lost, a deploy)</legend>
        {MISSED.map(([value, label]) => (
          <label className="inline" key={value}>
            <input
              type="radio"
              name={`${id}-missed`}
              checked={draft.missedPolicy === value}
              onChange={() => set({ missedPolicy: value })}
            />{' '}
            {label}
          </label>
        ))}
        {missed.message}
        {draft.missedPolicy === 'catch_up' ? (
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-catch-up-max`}>at most (runs)</label>
              <input
                id={`${id}-catch-up-max`}
                type="number"
                min={1}
                step={1}
                value={draft.catchUpMax}
                onChange={(e) => set({ catchUpMax: e.target.value })}
                {...catchUpMax.input}
              />
              {catchUpMax.message}
            </div>
            <div className="field">
              <label htmlFor={`${id}-catch-up-window`}>of those within the last (minutes)</label>
              <input
                id={`${id}-catch-up-window`}
                type="number"
                min={0}
                step="any"
                value={draft.catchUpWindowMinutes}
                onChange={(e) => set({ catchUpWindowMinutes: e.target.value })}
                {...catchUpWindow.input}
              />
              {catchUpWindow.message}
            </div>
          </div>
        ) : (
          <p className="muted">
            {draft.missedPolicy === 'skip'
              ? 'Missed runs are recorded and not run.'
              : 'However many were missed, one run starts once a worker can take it.'}
          </p>
        )}
      </fieldset>

      <fieldset className="group" aria-describedby={overlap.input['aria-describedby']}>
        <legend>The run before is still going</legend>
        {OVERLAP.map(([value, label]) => (
          <label className="inline" key={value}>
            <input
              type="radio"
              name={`${id}-overlap`}
              checked={draft.overlapPolicy === value}
              onChange={() => set({ overlapPolicy: value })}
            />{' '}
            {label}
          </label>
        ))}
        {overlap.message}
      </fieldset>

      <div className="field">
        <label htmlFor={`${id}-grace`}>a run may start late by (seconds)</label>
        <input
          id={`${id}-grace`}
          type="number"
          min={1}
          step="any"
          value={draft.graceSeconds}
          placeholder={schedule ? `default: ${duration(schedule.graceMs)}` : 'default: half the period, 1 s to 10 min'}
          onChange={(e) => set({ graceSeconds: e.target.value })}
          {...grace.input}
        />
        <small className="muted">later than this, a run counts as missed; empty for the default</small>
        {grace.message}
      </div>

      <Problem error={problems.rest} />
      <div className="actions dialog-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || !type || !preview.data || preview.data.problems.length > 0}
        >
          {creating ? 'Create the schedule' : 'Save'}
        </button>
      </div>
    </form>
  );
}
