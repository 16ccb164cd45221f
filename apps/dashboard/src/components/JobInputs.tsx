import { type Priority, priorityValues } from '@scheduler/client';
import { useId } from 'react';
import type { JobType } from '../api.ts';
import { type ObjectSchema, SchemaForm } from './SchemaForm.tsx';

/**
 * What a run of a job type is given: its payload, a form made from the type's JSON Schema, and
 * its priority. Trigger starts one run with them; a schedule keeps them for each of its runs.
 */
export function JobInputs({
  type,
  payload,
  onPayloadChange,
  priority,
  onPriorityChange,
  errors,
  priorityError,
}: {
  type: JobType;
  payload: Record<string, unknown>;
  onPayloadChange(next: Record<string, unknown>): void;
  /** '' is the type's default. */
  priority: Priority | '';
  onPriorityChange(next: Priority | ''): void;
  /** The API's messages about the payload, by field name. */
  errors: Record<string, string>;
  priorityError?: string | undefined;
}) {
  const id = useId();
  return (
    <>
      <SchemaForm
        schema={type.payloadSchema as ObjectSchema}
        value={payload}
        onChange={onPayloadChange}
        errors={errors}
      />
      <div className="field">
        <label htmlFor={`${id}-priority`}>priority</label>
        <select
          id={`${id}-priority`}
          value={priority}
          aria-invalid={priorityError ? true : undefined}
          aria-describedby={priorityError ? `${id}-priority-error` : undefined}
          onChange={(e) => onPriorityChange(e.target.value as Priority | '')}
        >
          <option value="">the type's default ({type.defaults.priority})</option>
          {priorityValues.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        {priorityError ? (
          <small id={`${id}-priority-error`} className="field-error" role="alert">
            {priorityError}
          </small>
        ) : null}
      </div>
    </>
  );
}
