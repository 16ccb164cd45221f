import { keepPreviousData } from '@tanstack/react-query';
import { Link, useSearchParams } from 'wouter';
import { $api, type AuditEntry } from '../api.ts';
import { CursorPager, useCursorPages } from '../components/CursorPager.tsx';
import { Problem } from '../components/Problem.tsx';
import { dateTime } from '../format.ts';

const PAGE_SIZE = 50;
const FILTERS = ['actor', 'action', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** What an entry acted on, as a link to it where the dashboard shows it. */
function Target({ entry }: { entry: AuditEntry }) {
  if (!entry.target) return <>–</>;
  if (entry.targetKind === 'job') return <Link href={`/jobs/${entry.target}`}>job {entry.target.slice(0, 8)}</Link>;
  if (entry.targetKind === 'schedule') return <Link href="/schedules">schedule {entry.target}</Link>;
  return <>{entry.target}</>;
}

/**
 * Who did what, when, and how it ended; admins only (the API says so to others). Older pages are
 * read by cursor (the last entry seen), so entries written meanwhile never shift a page.
 */
export default function Audit() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>;
  const pages = useCursorPages(params, setParams);
  const after = pages.after;
  const query = {
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
    limit: PAGE_SIZE,
    ...(after ? { after } : {}),
  };
  const audit = $api.useQuery('get', '/api/audit', { params: { query } }, { placeholderData: keepPreviousData });
  const entries = audit.data?.entries ?? [];
  const nextAfter = audit.data?.nextAfter ?? null;
  const set = (name: Filter) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const next = new URLSearchParams(params);
    if (e.target.value) next.set(name, e.target.value);
    else next.delete(name);
    pages.restart(next);
    setParams(next, { replace: true });
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
      <Problem error={audit.error} />
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
            <tr key={e.id} data-audit-id={e.id}>
              <td>{dateTime(e.occurredAt)}</td>
              <td>
                {e.actorKind === 'service' ? (
                  'service'
                ) : (
                  <>
                    {e.actorClerkId ?? e.actorUserId} <span className="muted">{e.actorRole}</span>
                  </>
                )}
              </td>
              <td>{e.action}</td>
              <td>
                <Target entry={e} />
              </td>
              <td>
                {e.outcome} ({e.statusCode})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPager pages={pages} nextAfter={nextAfter} />
    </div>
  );
}
