import { useId } from 'react';

/** The part of JSON Schema our payload schemas use (zod's toJSONSchema of a strict object). */
export interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
  items?: FieldSchema;
  anyOf?: FieldSchema[];
}
export interface ObjectSchema {
  properties?: Record<string, FieldSchema>;
  required?: string[];
}

/** The defaults a schema declares, as a form starts with them. */
export function defaultsOf(schema: ObjectSchema): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([, field]) => field.default !== undefined)
      .map(([name, field]) => [name, field.default]),
  );
}

const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
const kindOf = (field: FieldSchema): string => {
  if (field.enum) return 'enum';
  const type = Array.isArray(field.type) ? field.type.find((t) => t !== 'null') : field.type;
  if (type) return type;
  return field.anyOf?.map(kindOf).find((k) => k !== 'null') ?? 'string';
};

/**
 * One input per property of a job type's payload schema, with its default filled in and the
 * API's messages beside the fields they are about. Our payloads are flat objects of strings,
 * numbers, booleans, enums and arrays of those: a form library that renders any JSON Schema
 * would weigh more than the whole dashboard.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  errors,
  disabled = false,
}: {
  schema: ObjectSchema;
  value: Record<string, unknown>;
  onChange(next: Record<string, unknown>): void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const id = useId();
  const set = (name: string, next: unknown) => {
    const copy = { ...value };
    if (next === undefined || next === '') delete copy[name];
    else copy[name] = next;
    onChange(copy);
  };
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return <p className="muted">This job type takes no payload.</p>;
  return (
    <div className="fields">
      {entries.map(([name, field]) => {
        const fieldId = `${id}-${name}`;
        const kind = kindOf(field);
        const current = value[name];
        const error = errors[name];
        const describedBy = error ? `${fieldId}-error` : undefined;
        const common = {
          id: fieldId,
          disabled,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
        };
        let input: React.ReactNode;
        if (kind === 'boolean') {
          input = (
            <input
              type="checkbox"
              {...common}
              checked={current === true}
              onChange={(e) => set(name, e.target.checked)}
            />
          );
        } else if (kind === 'enum') {
          input = (
            <select
              {...common}
              value={current === undefined ? '' : String(current)}
              onChange={(e) => set(name, e.target.value || undefined)}
            >
              <option value="">–</option>
              {field.enum?.map((option) => (
                <option key={String(option)} value={String(option)}>
                  {String(option)}
                </option>
              ))}
            </select>
          );
        } else if (kind === 'integer' || kind === 'number') {
          input = (
            <input
              type="number"
              {...common}
              step={kind === 'integer' ? 1 : 'any'}
              min={field.minimum}
              max={field.maximum}
              value={current === undefined ? '' : String(current)}
              onChange={(e) => set(name, e.target.value === '' ? undefined : Number(e.target.value))}
            />
          );
        } else if (kind === 'array') {
          input = (
            <input
              type="text"
              {...common}
              placeholder="comma-separated"
              value={Array.isArray(current) ? current.join(', ') : ''}
              onChange={(e) =>
                set(
                  name,
                  e.target.value.trim() === ''
                    ? undefined
                    : e.target.value.split(',').map((part) => {
                        const text = part.trim();
                        const itemKind = field.items ? kindOf(field.items) : 'string';
                        return itemKind === 'integer' || itemKind === 'number' ? Number(text) : text;
                      }),
                )
              }
            />
          );
        } else {
          input = (
            <input
              type="text"
              {...common}
              maxLength={field.maxLength}
              value={current === undefined ? '' : String(current)}
              onChange={(e) => set(name, e.target.value)}
            />
          );
        }
        return (
          <div className={`field field-${kind}`} key={name}>
            <label htmlFor={fieldId}>
              {words(name)}
              {schema.required?.includes(name) ? ' *' : ''}
            </label>
            {input}
            {field.description ? <small className="muted">{field.description}</small> : null}
            {field.default !== undefined ? (
              <small className="muted">default {JSON.stringify(field.default)}</small>
            ) : null}
            {error ? (
              <small id={`${fieldId}-error`} className="field-error" role="alert">
                {error}
              </small>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** The API's validation problems ("body.payload.batchSize: too big") by field name. */
export function fieldErrors(body: Record<string, unknown> | undefined): Record<string, string> {
  const problems = Array.isArray(body?.problems) ? (body.problems as string[]) : [];
  const message = typeof body?.message === 'string' ? body.message : '';
  const all = problems.length ? problems : message ? [message] : [];
  const errors: Record<string, string> = {};
  for (const problem of all) {
    const match = /(?:body\.payload\.|payload\.)(\w+)[^:]*:\s*(.*)$/.exec(problem);
    if (match?.[1]) errors[match[1]] = match[2] ?? problem;
  }
  return errors;
}
