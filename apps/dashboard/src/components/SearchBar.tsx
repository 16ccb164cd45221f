import { parseJobQuery, type QueryProblem, serializeJobQuery } from '@scheduler/client/job-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import './search-bar.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The keys of the query language, as the help lists them. */
const HELP: Array<[string, string]> = [
  ['type:weekly_digest', 'job type (a,b: any of them)'],
  ['status:failed,cancelled', 'status: pending, running, completed, failed, cancelled'],
  ['tag:backfill', 'carries the tag (repeat: all of them)'],
  ['schedule:nightly', 'started by that schedule'],
  ['id:3fa85f64', 'the id starts with it (the short id of a row)'],
  ['startedBy:service', 'a user id, service or scheduler'],
  ['from:2026-12-01 to:2026-12-05', 'created from, up to (a date includes its day)'],
  ['payload.isoWeek:2026-W48', 'a payload key (a.b for nested keys) equals the value'],
  ['payload:{"dryRun":true}', 'the payload contains this JSON'],
  ['"ECONNRESET" or words', 'the error contains the text (any case)'],
];

export const problemText = (problems: QueryProblem[]) => problems.map((p) => `${p.term}: ${p.message}`).join('; ');

/**
 * One search box in the query language of `@scheduler/client/job-query`; Enter applies it. A term
 * it cannot read is said at once, and nothing is searched; a whole job id opens the job.
 * `problem` is what the page says is wrong with the search in effect (the URL's, or the API's 400).
 */
export function SearchBar({
  query,
  problem,
  onSearch,
  onOpenJob,
}: {
  query: string;
  problem: string | null;
  onSearch: (query: string) => void;
  onOpenJob: (id: string) => void;
}) {
  const [text, setText] = useState(query);
  const [typed, setTyped] = useState<string | null>(null);
  const problemId = useId();
  // The URL changed (back, a link, the search applied): the box shows it.
  useEffect(() => {
    setText(query);
    setTyped(null);
  }, [query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = text.trim();
    if (UUID.test(wanted)) {
      onOpenJob(wanted.toLowerCase());
      return;
    }
    const parsed = parseJobQuery(wanted);
    if (!parsed.ok) {
      setTyped(problemText(parsed.problems));
      return;
    }
    setTyped(null);
    const canonical = serializeJobQuery(parsed.query);
    setText(canonical);
    onSearch(canonical);
  };
  const shown = typed ?? problem;

  return (
    <search className="search-bar" aria-label="Jobs">
      <form onSubmit={submit}>
        <div className="search-row">
          <label htmlFor={`${problemId}-q`}>Search</label>
          <input
            id={`${problemId}-q`}
            type="search"
            value={text}
            spellCheck={false}
            autoComplete="off"
            placeholder='type:weekly_digest status:failed tag:backfill "ECONNRESET"'
            aria-invalid={shown ? true : undefined}
            aria-describedby={shown ? problemId : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">Search</button>
          <details className="search-help">
            <summary>Keys</summary>
            <div className="search-help-body">
              <p>Terms separated by spaces; every one must hold. Quote a value with spaces.</p>
              <dl>
                {HELP.map(([term, what]) => (
                  <div key={term}>
                    <dt>
                      <code>{term}</code>
                    </dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </div>
          </details>
        </div>
        {shown && (
          <p id={problemId} role="alert" className="problem search-problem">
            {shown}
          </p>
        )}
      </form>
    </search>
  );
}
