import { useCallback, useEffect, useState } from 'react';
import { type AuditEntry, api, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { dateTime } from '../format.ts';

/** Who did what, when, and how it ended; admins only (the API says so to others). */
export default function Audit() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState({ actor: '', action: '', from: '', to: '' });
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
      const answer = await unwrap(api.GET('/api/audit', { params: { query: { ...query, page, limit: 50 } } }));
      setEntries(answer.entries);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [filters, page]);
  useEffect(() => {
    void load();
  }, [load]);
  const set = (name: keyof typeof filters) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setPage(1);
    setFilters({ ...filters, [name]: e.target.value });
  };
  return (
    <div>
      <h1>Audit</h1>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          actor
          <input value={filters.actor} onChange={set('actor')} placeholder="service or a user id" />
        </label>
        <label>
          action
          <input value={filters.action} onChange={set('action')} placeholder="job.trigger" />
        </label>
        <label>
          from
          <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          to
          <input type="date" value={filters.to} onChange={set('to')} />
        </label>
      </form>
      <Problem error={error} />
      <table>
        <thead>
          <tr>
            <th scope="col">when</th>
            <th scope="col">who</th>
            <th scope="col">action</th>
            <th scope="col">target</th>
            <th scope="col">outcome</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.occurredAt)}</td>
              <td>
                {e.actorKind === 'service' ? 'service' : (e.actorClerkId ?? e.actorUserId)}{' '}
                <span className="muted">{e.actorRole}</span>
              </td>
              <td>{e.action}</td>
              <td>{e.target ?? '–'}</td>
              <td>
                {e.outcome} ({e.statusCode})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
          Newer
        </button>
        <button type="button" disabled={entries.length < 50} onClick={() => setPage(page + 1)}>
          Older
        </button>
      </nav>
    </div>
  );
}
