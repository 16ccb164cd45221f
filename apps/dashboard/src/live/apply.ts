import {
  type DisplayState,
  type JobPage,
  type JobQuery,
  type JobSummary,
  type Overview,
  rowOf,
} from '../data/types.ts';

/**
 * How a batch of events changes what the cache holds: pure functions from the cached answer and
 * the batch to the new answer, so that they can be read (and tested) without a browser.
 */
export interface Batch {
  /** The newest summary of every job the batch speaks of, by id. */
  jobs: Map<string, JobSummary>;
  /** Jobs created in the batch, oldest first. */
  created: JobSummary[];
  /** More jobs were created than the batch kept: lists cannot be patched, only read again. */
  overflow: boolean;
}

export const emptyBatch = (): Batch => ({ jobs: new Map(), created: [], overflow: false });

/** The event's job is at least as new as the cached one (the cache never goes back in time). */
export const isNewer = (incoming: JobSummary, cached: { updatedAt: string }) =>
  Date.parse(incoming.updatedAt) >= Date.parse(cached.updatedAt);

/** The cached job with what the event says; fields only a read carries (payload, eta) stay. */
export function mergeJob<T extends { id: string; updatedAt: string }>(cached: T, incoming: JobSummary | undefined): T {
  if (!incoming || !isNewer(incoming, cached)) return cached;
  return { ...cached, ...incoming };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const compact = (id: string) => id.replace(/-/g, '').toLowerCase();

/**
 * Whether a job belongs in a list with these filters: true, false, or 'unknown' when the
 * dashboard cannot tell (the list is then read again instead of patched).
 */
export function matches(job: JobSummary, query: JobQuery): boolean | 'unknown' {
  const listed = (value: string | undefined) => value?.split(',').map((item) => item.trim());
  const all = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
  if (query.type && !listed(query.type)?.includes(job.jobType)) return false;
  if (query.status && !listed(query.status)?.includes(job.status)) return false;
  if (query.startedBy && job.startedBy !== query.startedBy) return false;
  if (query.schedule && job.scheduleName !== query.schedule) return false;
  if (!all(query.tag).every((tag) => job.tags.includes(tag))) return false;
  if (query.error && !(job.error ?? '').toLowerCase().includes(query.error.toLowerCase())) return false;
  // A summary has no payload: whether it matches is the API's to say.
  if (query.payload !== undefined || query.contains !== undefined) return 'unknown';
  if (query.idPrefix && !compact(job.id).startsWith(compact(query.idPrefix))) return false;
  for (const [bound, date] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (!date) continue;
    if (!DATE.test(date)) return 'unknown';
    // Dates are whole days in UTC, as the API reads them: `to` includes its day.
    const day = job.createdAt.slice(0, 10);
    if (bound === 'from' ? day < date : day > date) return false;
  }
  return true;
}

export interface Patched<T> {
  value: T;
  changed: boolean;
  /** The answer may now be wrong in a way a patch cannot fix: read it again (throttled). */
  stale: boolean;
}

/**
 * A page of GET /api/jobs after the batch: rows patched in place; on the first page (no cursor)
 * the new jobs that match its filters on top, as the API would list them (newest first).
 */
export function patchJobPage(page: JobPage, query: JobQuery, batch: Batch, insert = true): Patched<JobPage> {
  let changed = false;
  let stale = false;
  const present = new Set<string>();
  let jobs = page.jobs.map((row) => {
    present.add(row.id);
    const merged = mergeJob(row, batch.jobs.get(row.id));
    if (merged !== row) {
      changed = true;
      // A status filter the job no longer meets: it leaves the list on the next read.
      if (matches(merged, query) === false) stale = true;
    }
    return merged;
  });
  if (!insert) return { value: changed ? { ...page, jobs } : page, changed, stale };

  const createdIds = new Set(batch.created.map((job) => job.id));
  const firstPage = !query.after;
  if (firstPage && batch.overflow) stale = true;
  const added: JobSummary[] = [];
  if (firstPage) {
    for (const job of batch.created) {
      if (present.has(job.id)) continue;
      const fits = matches(batch.jobs.get(job.id) ?? job, query);
      if (fits === 'unknown') stale = true;
      else if (fits) added.push(batch.jobs.get(job.id) ?? job);
    }
  }
  // A job that was not created now but moved into a status filter (a list of the failed ones,
  // say) belongs somewhere in the list by its age: only a read puts it there.
  if (query.status) {
    for (const job of batch.jobs.values()) {
      if (!present.has(job.id) && !createdIds.has(job.id) && matches(job, query) === true) stale = true;
    }
  }
  if (added.length === 0) return { value: changed ? { ...page, jobs } : page, changed, stale };

  const limit = page.limit || jobs.length;
  const rows = added.reverse().map(rowOf);
  jobs = [...rows, ...jobs];
  let nextAfter = page.nextAfter;
  if (jobs.length > limit) {
    jobs = jobs.slice(0, limit);
    nextAfter = jobs[jobs.length - 1]?.id ?? nextAfter;
  }
  return {
    value: { ...page, jobs, nextAfter, total: page.total + added.length },
    changed: true,
    stale,
  };
}

const RUNNING: ReadonlySet<DisplayState> = new Set(['running', 'stopping']);
const WAITING: ReadonlySet<DisplayState> = new Set(['waiting_to_retry', 'paused']);
const SHOWN = { running: 10, waiting: 10, failures: 5 };

/**
 * One section of the Overview after the batch: its jobs patched, those whose state left it
 * taken out, and (when inserting) those whose state entered it added in the section's order.
 */
function patchSection<T extends JobSummary>(
  list: T[],
  batch: Batch,
  belongs: (job: JobSummary) => boolean,
  order: (a: JobSummary, b: JobSummary) => number,
  max: number,
  insert: boolean,
): { list: T[]; added: number; removed: number } {
  const present = new Set(list.map((job) => job.id));
  const patched = list.map((job) => mergeJob(job, batch.jobs.get(job.id)));
  const kept = patched.filter(belongs);
  const removed = patched.length - kept.length;
  const entering = insert
    ? [...batch.jobs.values()].filter((job) => !present.has(job.id) && belongs(job)).map((job) => job as T)
    : [];
  const changed = removed > 0 || entering.length > 0 || patched.some((job, i) => job !== list[i]);
  if (!changed) return { list, added: 0, removed: 0 };
  return { list: [...kept, ...entering].sort(order).slice(0, max), added: entering.length, removed };
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);
const newestStartedFirst = (a: JobSummary, b: JobSummary) => -(time(a.startedAt) - time(b.startedAt)) || 0;
const soonestRetryFirst = (a: JobSummary, b: JobSummary) => time(a.display.retryAt) - time(b.display.retryAt) || 0;
const newestEndedFirst = (a: JobSummary, b: JobSummary) => time(b.completedAt) - time(a.completedAt) || 0;

/**
 * The Overview after the batch: running cards move and leave when their job ends, jobs that
 * start or wait appear, new failures come first. Figures by type are not derived here: the
 * Overview is read again for them, a few seconds apart.
 */
export function patchOverview(overview: Overview, batch: Batch, insert = true): Patched<Overview> {
  const running = patchSection(
    overview.running,
    batch,
    (job) => RUNNING.has(job.display.state),
    newestStartedFirst,
    SHOWN.running,
    insert,
  );
  const waiting = patchSection(
    overview.waiting,
    batch,
    (job) => WAITING.has(job.display.state),
    soonestRetryFirst,
    SHOWN.waiting,
    insert,
  );
  const failures = patchSection(
    overview.recentFailures,
    batch,
    (job) => job.status === 'failed',
    newestEndedFirst,
    SHOWN.failures,
    insert,
  );
  const changed =
    running.list !== overview.running || waiting.list !== overview.waiting || failures.list !== overview.recentFailures;
  if (!changed) return { value: overview, changed: false, stale: false };
  const total = (before: number, moved: { added: number; removed: number }, shown: number) =>
    Math.max(shown, before + moved.added - moved.removed);
  return {
    value: {
      ...overview,
      running: running.list.map((job) => ({ ...job, eta: job.eta ?? null })),
      runningTotal: total(overview.runningTotal, running, running.list.length),
      waiting: waiting.list,
      waitingTotal: total(overview.waitingTotal, waiting, waiting.list.length),
      recentFailures: failures.list,
    },
    changed: true,
    stale: false,
  };
}
