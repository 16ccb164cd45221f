import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'wouter';
import { $api } from '../api.ts';
import { count } from '../components/BulkActions.tsx';
import { Problem } from '../components/Problem.tsx';
import { dateTime, fromNow } from '../format.ts';
import { useNow } from '../use-now.ts';
import { ACTION_WORDS, PROGRESS_READ_MS, selectionText } from './bulk/words.ts';

/** Every bulk operation, newest first, with its progress. */
export default function BulkOperations() {
  const now = useNow(5000);
  const list = $api.useQuery(
    'get',
    '/api/bulk-operations',
    { params: { query: { limit: 50 } } },
    {
      placeholderData: keepPreviousData,
      // While one runs its counts move: read again at the operation page's pace.
      refetchInterval: (query) =>
        query.state.data?.operations.some((op) => op.state === 'running') ? PROGRESS_READ_MS : false,
    },
  );
  const operations = list.data?.operations ?? [];
  return (
    <div>
      <h1>Bulk operations</h1>
      <Problem error={list.error} />
      {operations.length === 0 && list.data ? (
        <p className="muted">
          None yet: select jobs on the Jobs page, or all a filter matches, to act on many at once.
        </p>
      ) : (
        <table className="bulk-operations">
          <caption className="visually-hidden">Bulk operations, newest first</caption>
          <thead>
            <tr>
              <th scope="col">state</th>
              <th scope="col">action</th>
              <th scope="col">on</th>
              <th scope="col" data-num>
                done
              </th>
              <th scope="col" data-num>
                refused
              </th>
              <th scope="col" data-num>
                failed
              </th>
              <th scope="col" data-num>
                matched
              </th>
              <th scope="col">created</th>
            </tr>
          </thead>
          <tbody>
            {operations.map((op) => (
              <tr key={op.id} data-operation-id={op.id}>
                <td>
                  <span className="badge" data-bulk-state={op.state}>
                    {op.state}
                  </span>
                </td>
                <td>
                  <Link href={`/bulk/${op.id}`}>{ACTION_WORDS[op.action]}</Link>
                </td>
                <td>{selectionText(op)}</td>
                <td data-num>{count(op.done)}</td>
                <td data-num>{count(op.refused)}</td>
                <td data-num>{count(op.failed)}</td>
                <td data-num>{count(op.matched)}</td>
                <td title={dateTime(op.createdAt)}>{fromNow(op.createdAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
