import { type FormEvent, useEffect, useState } from 'react';
import { JOB_STATUSES } from '../api.ts';
import './live.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_PREFIX = /^[0-9a-f-]+$/i;

export interface JobFilters {
  type?: string;
  status?: string;
  from?: string;
  to?: string;
  startedBy?: string;
  idPrefix?: string;
}

/**
 * The job list's filters. Choices apply at once; the text fields on Enter (or the Filter button).
 * A whole job id opens the job; its first characters (the short id the rows show) filter.
 */
export function FilterBar({
  filters,
  types,
  onChange,
  onOpenJob,
}: {
  filters: JobFilters;
  types: string[];
  onChange: (changes: Partial<JobFilters>) => void;
  onOpenJob: (id: string) => void;
}) {
  const [startedBy, setStartedBy] = useState(filters.startedBy ?? '');
  const [id, setId] = useState(filters.idPrefix ?? '');
  const [idError, setIdError] = useState<string | null>(null);
  // The URL changed (back, a link): the fields show it.
  useEffect(() => setStartedBy(filters.startedBy ?? ''), [filters.startedBy]);
  useEffect(() => setId(filters.idPrefix ?? ''), [filters.idPrefix]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = id.trim();
    if (UUID.test(wanted)) {
      onOpenJob(wanted.toLowerCase());
      return;
    }
    if (wanted && (!ID_PREFIX.test(wanted) || wanted.replace(/-/g, '').length > 32)) {
      setIdError('A job id, or its first characters (hex digits, as in the id column)');
      return;
    }
    setIdError(null);
    onChange({ startedBy: startedBy.trim(), idPrefix: wanted.toLowerCase() });
  };

  return (
    <form className="filter-bar" onSubmit={submit} aria-label="Filters">
      <label>
        type
        <select value={filters.type ?? ''} onChange={(e) => onChange({ type: e.target.value })}>
          <option value="">all</option>
          {types.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        status
        <select value={filters.status ?? ''} onChange={(e) => onChange({ status: e.target.value })}>
          <option value="">all</option>
          {JOB_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        from
        <input type="date" value={filters.from ?? ''} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label>
        to (inclusive)
        <input type="date" value={filters.to ?? ''} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
      <label>
        started by
        <input
          type="text"
          placeholder="service, scheduler, user id"
          value={startedBy}
          onChange={(e) => setStartedBy(e.target.value)}
        />
      </label>
      <label>
        job id
        <input
          type="search"
          value={id}
          onChange={(e) => setId(e.target.value)}
          placeholder="id or its start"
          aria-invalid={idError ? true : undefined}
          aria-describedby={idError ? 'job-id-error' : undefined}
        />
      </label>
      <button type="submit">Filter</button>
      {idError ? (
        <p id="job-id-error" className="field-error" role="alert">
          {idError}
        </p>
      ) : null}
    </form>
  );
}
