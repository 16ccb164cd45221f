import { useId } from 'react';
import { inWords } from './field-messages.ts';

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
  format?: string;
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

/** What a field of a special form expects, beside its picker (for browsers without one, too). */
const HINTS: Record<string, string | undefined> = {
  week: 'an ISO week, e.g. 2026-W49',
  date: 'a date, e.g. 2026-12-06',
  'date-time': `your local time (${Intl.DateTimeFormat().resolvedOptions().timeZone})`,
};

/** An ISO instant as a datetime-local input shows it: the browser's local wall time. */
function localInputValue(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
/** An ISO week label, e.g. 2026-W49 (the pattern our schemas give such fields). */
const isIsoWeek = (field: FieldSchema) => field.pattern?.includes('-W') === true;
const kindOf = (field: FieldSchema): string => {
  if (field.enum) return 'enum';
  if (field.format === 'date-time') return 'date-time';
  if (field.format === 'date') return 'date';
  if (isIsoWeek(field)) return 'week';
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
        const hint = HINTS[kind];
        const describedBy =
          [error ? `${fieldId}-error` : null, hint ? `${fieldId}-hint` : null].filter(Boolean).join(' ') || undefined;
        const common = {
          id: fieldId,
          disabled,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
        };
        let input: React.ReactNode;
        if (kind === 'week' || kind === 'date') {
          // The browser's pickers give exactly the API's forms: 2026-W49 and 2026-12-06.
          input = (
            <input
              type={kind}
              {...common}
              placeholder={hint}
              value={current === undefined ? '' : String(current)}
              onChange={(e) => set(name, e.target.value || undefined)}
            />
          );
        } else if (kind === 'date-time') {
          input = (
            <input
              type="datetime-local"
              step={1}
              {...common}
              value={typeof current === 'string' ? localInputValue(current) : ''}
              onChange={(e) => set(name, e.target.value ? new Date(e.target.value).toISOString() : undefined)}
            />
          );
        } else if (kind === 'boolean') {
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
            {hint ? (
              <small id={`${fieldId}-hint`} className="muted">
                {hint}
                {kind === 'date-time' && typeof current === 'string' ? ` · sent as ${current}` : ''}
              </small>
            ) : null}
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
    // The first problem of a field is the one to fix first ("must look like 2026-W48").
    if (match?.[1] && !errors[match[1]]) errors[match[1]] = inWords(match[2] ?? problem);
  }
  return errors;
}
