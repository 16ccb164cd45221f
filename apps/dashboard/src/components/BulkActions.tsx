import { useId, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError, api, unwrap } from '../api.ts';
import type { JobQuery } from '../data/types.ts';
import { useIntents } from '../intents.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { Problem } from './Problem.tsx';

type Action = 'cancel' | 'retry' | 'delete';
/** The filters the listing is asked with (what the search bar's query stands for), without paging. */
type JobFilters = Omit<JobQuery, 'after' | 'limit' | 'page'>;
type Selection = { ids: string[] } | { filter: JobFilters };
type Preview = {
  matched: number;
  matchedIsExact: boolean;
  wouldAct: number;
  wouldRefuse: Record<string, number>;
};

const WORDS: Record<Action, { verb: string; acts: string }> = {
  cancel: { verb: 'Cancel', acts: 'will be cancelled (running ones are asked to stop, and their worker stops them)' },
  retry: { verb: 'Retry', acts: 'will run again as new jobs' },
  delete: { verb: 'Delete', acts: 'will move to the archive' },
};

export const count = (n: number) => n.toLocaleString('en');
const jobs = (n: number) => `${count(n)} ${n === 1 ? 'job' : 'jobs'}`;

/**
 * The bulk bar of the Jobs page: what is selected (rows, or every job the filter matches), and
 * Cancel, Retry (with an optional JSON patch of the payloads) and Delete. Each asks first with
 * the count the API matches now and what it would leave alone; confirming sends that count, so a
 * match that changed meanwhile is asked again rather than acted on. Then the operation's page.
 */
export function BulkActions({
  selected,
  allMatching,
  filters,
  total,
  totalIsExact,
  onSelectAllMatching,
  onClear,
}: {
  selected: ReadonlySet<string>;
  allMatching: boolean;
  filters: JobFilters;
  total: number;
  totalIsExact: boolean;
  onSelectAllMatching(): void;
  onClear(): void;
}) {
  const [, navigate] = useLocation();
  const sendOnce = useIntents();
  const patchId = useId();
  const [patchText, setPatchText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState<{
    action: Action;
    selection: Selection;
    patch: Record<string, unknown> | undefined;
    preview: Preview;
    changedFrom?: number;
  } | null>(null);

  if (!allMatching && selected.size === 0) return null;
  const selection: Selection = allMatching ? { filter: filters } : { ids: [...selected] };
  const what = allMatching
    ? `all ${totalIsExact ? '' : 'of more than '}${jobs(total)} matching the filter`
    : jobs(selected.size);

  const readPatch = (): Record<string, unknown> | undefined | null => {
    if (!patchText.trim()) return undefined;
    try {
      const parsed: unknown = JSON.parse(patchText);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Said below.
    }
    setError(new Error('The payload patch must be a JSON object, e.g. {"dryRun": true}'));
    return null;
  };

  const ask = async (action: Action) => {
    setError(null);
    const patch = action === 'retry' ? readPatch() : undefined;
    if (patch === null) return;
    try {
      const preview = await unwrap(
        api.POST('/api/bulk-operations/preview', {
          body: { action, ...selection, ...(patch ? { payloadPatch: patch } : {}) } as never,
        }),
      );
      if (!preview.matchedIsExact) {
        setError(new Error(`More than ${jobs(preview.matched)} match: narrow the filter first.`));
        return;
      }
      setAsking({ action, selection, patch, preview });
    } catch (caught) {
      setError(caught);
    }
  };

  const confirm = async () => {
    if (!asking) return;
    const { action, patch, preview } = asking;
    const body = {
      action,
      ...asking.selection,
      ...(patch ? { payloadPatch: patch } : {}),
      expectedCount: preview.matched,
    };
    setAsking(null);
    try {
      const operation = await sendOnce(`bulk:${JSON.stringify(body)}`, (headers) =>
        unwrap(api.POST('/api/bulk-operations', { body: body as never, headers })),
      );
      if (!operation) return;
      onClear();
      navigate(`/bulk/${operation.id}`);
    } catch (caught) {
      // The match moved since the count was shown: ask again with the new count.
      if (caught instanceof ApiError && caught.code === 'count_changed') {
        const matched = Number((caught.body as { matched?: number }).matched ?? preview.matched);
        const again = await unwrap(
          api.POST('/api/bulk-operations/preview', {
            body: { action, ...asking.selection, ...(patch ? { payloadPatch: patch } : {}) } as never,
          }),
        ).catch(() => ({ ...preview, matched, wouldAct: matched }));
        setAsking({ ...asking, preview: again, changedFrom: preview.matched });
      } else setError(caught);
    }
  };

  const refused = asking ? Object.entries(asking.preview.wouldRefuse) : [];
  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <p className="bulk-bar-summary">
        <strong>{allMatching ? `All ${jobs(total)} matching the filter` : `${jobs(selected.size)} selected`}</strong>
        {!allMatching && total > selected.size ? (
          <>
            {' '}
            <button type="button" className="link" onClick={onSelectAllMatching}>
              Select all {totalIsExact ? '' : 'of more than '}
              {jobs(total)} matching the filter
            </button>
          </>
        ) : null}{' '}
        <button type="button" className="link" onClick={onClear}>
          Clear selection
        </button>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void ask('cancel')}>
          Cancel {what}
        </button>
        <button type="button" onClick={() => void ask('retry')}>
          Retry {what}
        </button>
        <button type="button" onClick={() => void ask('delete')}>
          Delete {what}
        </button>
      </div>
      <details className="bulk-patch">
        <summary>Retry with a payload patch</summary>
        <label htmlFor={patchId}>
          JSON merged into each job's payload (keys replace, objects merge, null removes a key); checked against each
          type before anything runs
        </label>
        <textarea
          id={patchId}
          rows={3}
          spellCheck={false}
          value={patchText}
          placeholder='{"dryRun": true}'
          onChange={(event) => setPatchText(event.currentTarget.value)}
        />
      </details>
      <Problem error={error} />
      {asking ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => {
            if (!open) setAsking(null);
          }}
          title={`${WORDS[asking.action].verb} ${jobs(asking.preview.matched)}?`}
          confirmLabel={`${WORDS[asking.action].verb} ${jobs(asking.preview.matched)}`}
          onConfirm={() => void confirm()}
        >
          {asking.changedFrom !== undefined ? (
            <p className="problem">
              The count changed since you were asked: {jobs(asking.changedFrom)} then, {count(asking.preview.matched)}{' '}
              now.
            </p>
          ) : null}
          <p>
            {'filter' in asking.selection
              ? `The filter matches ${jobs(asking.preview.matched)} now; jobs created later are not included.`
              : `${jobs(asking.preview.matched)} selected.`}
          </p>
          <p>
            {count(asking.preview.wouldAct)} {WORDS[asking.action].acts}.
          </p>
          {refused.length > 0 ? (
            <p>
              Left alone:{' '}
              {refused.map(([reason, n], i) => (
                <span key={reason}>
                  {i > 0 ? ', ' : ''}
                  {reason} ({count(n)})
                </span>
              ))}
              .
            </p>
          ) : null}
          {asking.patch ? (
            <p>
              Payload patch: <code>{JSON.stringify(asking.patch)}</code>
            </p>
          ) : null}
          <p>It runs in the background at a bounded pace; you can abort it from its page.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
