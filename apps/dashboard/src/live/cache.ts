import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';
import type { JobPage, JobQuery, JobSummary, Overview } from '../data/types.ts';
import { type Batch, emptyBatch, mergeJob, patchJobPage, patchOverview } from './apply.ts';

/** A list the events cannot patch is read again at most this often. */
const LIST_REREAD_MS = 3_000;
/** The Overview's figures move with every job that ends: read again at most this often. */
const OVERVIEW_REREAD_MS = 5_000;
/** The newest summaries kept to correct answers that were read before their events came. */
const KNOWN_JOBS = 5_000;

// openapi-react-query's keys: [method, path, init].
const JOBS = ['get', '/api/jobs'] as const;
const JOB = ['get', '/api/jobs/{jobId}'] as const;
const OVERVIEW = ['get', '/api/overview'] as const;
const RETRY_WAITS = ['get', '/api/retry-waits'] as const;

const queryOf = (key: QueryKey) =>
  ((key[2] as { params?: { query?: JobQuery } } | undefined)?.params?.query ?? {}) as JobQuery;
const pathOf = (key: QueryKey) => key[1];

/**
 * The event stream's side of the query cache. `apply` patches every cached job list, job and
 * overview with a batch; answers that cannot be patched are read again, throttled; an answer
 * that arrives after newer events (a read that was under way) is brought up to the newest known
 * state of its jobs; `resync` (a stream that re-opened or was reset) reads everything again.
 */
export function createLiveCache(client: QueryClient, isHolding: () => boolean) {
  const known = new Map<string, JobSummary>();
  const rereads = new Map<string, ReturnType<typeof setTimeout>>();
  let heldRereads = new Set<string>();

  function remember(batch: Batch) {
    for (const job of batch.jobs.values()) {
      known.delete(job.id);
      known.set(job.id, job);
    }
    for (const id of known.keys()) {
      if (known.size <= KNOWN_JOBS) break;
      known.delete(id);
    }
  }

  // A read under way is left to finish (cancelling it would show as a failed request).
  const reread = (queryKey: QueryKey) =>
    void client.invalidateQueries({ queryKey, exact: true }, { cancelRefetch: false });

  /** Reads the query again once `gapMs` has passed since its last answer; one pending at a time. */
  function rereadSoon(query: Query, gapMs: number) {
    if (rereads.has(query.queryHash)) return;
    const wait = Math.max(0, query.state.dataUpdatedAt + gapMs - Date.now());
    rereads.set(
      query.queryHash,
      setTimeout(() => {
        rereads.delete(query.queryHash);
        // Held rows stay still: the read waits for the hold to end.
        if (isHolding()) heldRereads.add(query.queryHash);
        else reread(query.queryKey);
      }, wait),
    );
  }

  function patchAll(batch: Batch, insert: boolean, only?: Query) {
    const cache = client.getQueryCache();
    const queries = only ? [only] : cache.getAll();
    for (const query of queries) {
      const data = query.state.data;
      if (data === undefined) continue;
      const path = pathOf(query.queryKey);
      if (query.queryKey[0] !== 'get') continue;
      if (path === JOBS[1]) {
        const patched = patchJobPage(data as JobPage, queryOf(query.queryKey), batch, insert);
        if (patched.changed) client.setQueryData(query.queryKey, patched.value);
        if (patched.stale && insert) rereadSoon(query, LIST_REREAD_MS);
      } else if (path === JOB[1]) {
        // What only a read carries (result, attempts, ETA) the job page reads itself.
        const job = data as JobSummary;
        const merged = mergeJob(job, batch.jobs.get(job.id));
        if (merged !== job) client.setQueryData(query.queryKey, merged);
      } else if (path === RETRY_WAITS[1]) {
        // A job that failed an attempt comes in, one that starts (or ends) goes: read the list
        // again, throttled, when the batch has either.
        const listed = new Set((data as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id));
        const touches = [...batch.jobs.values()].some(
          (job) => listed.has(job.id) || job.display.state === 'waiting_to_retry',
        );
        if (touches && insert) rereadSoon(query, LIST_REREAD_MS);
      } else if (path === OVERVIEW[1]) {
        const patched = patchOverview(data as Overview, batch, insert);
        if (patched.changed) client.setQueryData(query.queryKey, patched.value);
        if (insert) rereadSoon(query, OVERVIEW_REREAD_MS);
      }
    }
  }

  // What each job list shows, so that a read answering during a hold cannot move its rows.
  const shown = new Map<string, unknown>();

  const unsubscribe = client.getQueryCache().subscribe((event) => {
    if (event.type === 'removed') shown.delete(event.query.queryHash);
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    const { query } = event;
    if (query.queryKey[0] === 'get' && pathOf(query.queryKey) === JOBS[1]) {
      // A read under way when the hold began answers now: the rows stay as they were, and the
      // list is read again when the hold ends (it may hold jobs that came in since).
      if (!event.action.manual && isHolding() && shown.has(query.queryHash)) {
        heldRereads.add(query.queryHash);
        client.setQueryData(query.queryKey, shown.get(query.queryHash));
        return;
      }
      shown.set(query.queryHash, query.state.data);
    }
    // A read that was under way when newer events were applied answers older states: correct it.
    if (event.action.manual || known.size === 0) return;
    patchAll({ ...emptyBatch(), jobs: known }, false, query);
  });

  return {
    /** `insert` false: shown rows change in place, nothing comes in or is read again (a held table). */
    apply(batch: Batch, insert = true) {
      remember(batch);
      patchAll(batch, insert);
    },
    /** A hold ended: the reads it postponed happen now. */
    released() {
      const hashes = heldRereads;
      heldRereads = new Set();
      for (const query of client.getQueryCache().getAll()) {
        if (hashes.has(query.queryHash)) reread(query.queryKey);
      }
    },
    /** The stream (re)opened or was reset: events may have been missed, every answer is read again. */
    resync() {
      // Held rows stay still, even when the stream opens after the hold began: read at release.
      if (isHolding()) {
        for (const query of client.getQueryCache().getAll()) heldRereads.add(query.queryHash);
        return;
      }
      // A read under way started after the gap and stands.
      void client.invalidateQueries(undefined, { cancelRefetch: false });
    },
    close() {
      unsubscribe();
      for (const timer of rereads.values()) clearTimeout(timer);
    },
  };
}
