import { Link } from 'wouter';
import { $api } from '../../api.ts';
import { Problem } from '../../components/Problem.tsx';
import { dateTime } from '../../format.ts';

const POLICY_WORDS: Record<string, string> = { skip: 'skip', run_once: 'run once', catch_up: 'catch up' };

/**
 * A schedule's missed runs, newest first: which slots nobody ran (no worker, the queue paused,
 * Redis lost, a deploy), what its policy did about them, and the runs that did it.
 */
export function Misses({ name }: { name: string }) {
  const misses = $api.useQuery('get', '/api/schedules/{name}/misses', {
    params: { path: { name }, query: { limit: 20 } },
  });
  const list = misses.data?.misses ?? [];
  return (
    <section aria-labelledby="misses" className="misses">
      <h2 id="misses">Missed runs</h2>
      <Problem error={misses.error} />
      {misses.data && list.length === 0 ? <p className="muted">No missed runs recorded.</p> : null}
      {list.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">settled</th>
              <th scope="col">missed, and what was done (in the schedule's zone)</th>
              <th scope="col" data-num>
                slots
              </th>
              <th scope="col">policy</th>
              <th scope="col">runs</th>
            </tr>
          </thead>
          <tbody>
            {list.map((miss) => (
              <tr key={miss.id} data-miss={miss.id}>
                <td>{dateTime(miss.settledAt)}</td>
                <td>{miss.summary}</td>
                <td data-num>{miss.slots}</td>
                <td>{POLICY_WORDS[miss.policy] ?? miss.policy}</td>
                <td>
                  {miss.runIds.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <span className="run-links">
                      {miss.runIds.map((id) => (
                        <Link key={id} href={`/jobs/${id}`} className="mono">
                          {id.slice(0, 8)}
                        </Link>
                      ))}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
