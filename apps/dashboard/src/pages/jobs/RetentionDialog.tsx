import { useEffect, useState } from 'react';
import { ApiError, api, type JobType, unwrap } from '../../api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useIntents } from '../../intents.ts';
import { retentionWords, SOURCE_WORDS } from './retention-words.ts';

/** The API's refusals by field ("body.days: must be at least 1 day" → days). */
function refusalsByField(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !Array.isArray(error.body.problems)) return {};
  const byField: Record<string, string> = {};
  for (const problem of error.body.problems as string[]) {
    const match = /^body\.(\w+):\s*(.*)$/.exec(problem);
    if (match?.[1] && !byField[match[1]]) byField[match[1]] = match[2] ?? problem;
  }
  return byField;
}

/**
 * Changes how long a type's finished jobs stay before cleanup_old_data archives them (completed
 * and cancelled ones, and failures, often kept longer), or hands it back to the type's code.
 * The API's refusals show beside their fields.
 */
export function RetentionDialog({
  type,
  onOpenChange,
  onSaved,
}: {
  type: JobType | null;
  onOpenChange(open: boolean): void;
  onSaved(message: string): void;
}) {
  const [kept, setKept] = useState('');
  const [failed, setFailed] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const sendOnce = useIntents();
  useEffect(() => {
    setKept(type ? String(type.retention.days) : '');
    setFailed(type ? String(type.retention.failedDays) : '');
    setErrors({});
    setProblem(null);
  }, [type]);
  if (!type) return null;
  const { declared } = type.retention;

  const send = async (
    work: (headers: { 'idempotency-key': string }) => Promise<unknown>,
    intent: string,
    said: string,
  ) => {
    try {
      setErrors({});
      setProblem(null);
      const answer = await sendOnce(intent, work);
      if (answer === undefined) return;
      onSaved(said);
    } catch (caught) {
      setErrors(refusalsByField(caught));
      setProblem(caught);
    }
  };
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const body = { days: Number(kept), failedDays: Number(failed) };
    void send(
      (headers) =>
        unwrap(api.PUT('/api/job-types/{name}/retention', { params: { path: { name: type.name } }, body, headers })),
      `retention:${type.name}:${JSON.stringify(body)}`,
      `${type.name}: finished jobs kept ${retentionWords({ ...type.retention, ...body })}.`,
    );
  };
  const reset = () =>
    void send(
      (headers) =>
        unwrap(api.DELETE('/api/job-types/{name}/retention', { params: { path: { name: type.name } }, headers })),
      `retention-reset:${type.name}`,
      `${type.name}: back to ${SOURCE_WORDS[declared.source]}, ${retentionWords({ ...type.retention, ...declared })}.`,
    );

  return (
    <Dialog
      open
      onOpenChange={onOpenChange}
      title={`Keep ${type.name} jobs`}
      description="How long finished jobs stay in the job list before the nightly cleanup moves them to the archive."
    >
      <form className="retention-form" onSubmit={save} noValidate>
        <div className="fields">
          <NumberField
            id="retention-days"
            label="Completed and cancelled jobs, days"
            value={kept}
            onChange={setKept}
            error={errors.days}
          />
          <NumberField
            id="retention-failed-days"
            label="Failed jobs, days"
            value={failed}
            onChange={setFailed}
            error={errors.failedDays}
          />
        </div>
        <p className="muted">
          Without a change here: {retentionWords({ ...type.retention, ...declared })} ({SOURCE_WORDS[declared.source]}).
        </p>
        <Problem error={Object.keys(errors).length ? null : problem} />
        <div className="actions">
          <button type="submit" className="confirm">
            Save
          </button>
          {type.retention.source === 'admin' ? (
            <button type="button" onClick={reset}>
              Use {SOURCE_WORDS[declared.source]}
            </button>
          ) : null}
        </div>
      </form>
    </Dialog>
  );
}

function NumberField({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={1}
        max={3650}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}
