import type { BulkAction, BulkOperations, BulkSelection, SearchPool } from '@scheduler/db';
import type { Catalogue } from '@scheduler/jobs';
import { decide, isTerminal, type State } from '@scheduler/lifecycle';
import { checkRunnable, InvalidPayloadError } from '../trigger.ts';

/**
 * Why a bulk action leaves a job in this state alone, in a few words that group well (the operation counts
 * refusals by these): the same verdict the lifecycle's table gives the single action.
 */
export function refusalOf(state: State): string {
  if (state === 'absent') return 'no such job';
  if (isTerminal(state)) return `already ${state}`;
  return `still ${state === 'cancelling' ? 'stopping' : state}`;
}

/** Whether the action would act on a job in this state, as the single action's lifecycle event decides. */
export function actsOn(action: BulkAction, state: State): boolean {
  if (action === 'cancel') return decide('requestCancel', state).allowed;
  if (action === 'retry') return decide('retry', state).allowed;
  // Only finished jobs are archived; the archive is no state change, so the table has no event for it.
  return state !== 'absent' && isTerminal(state);
}

/**
 * A JSON merge patch (RFC 7386) applied to a payload: keys of the patch replace the payload's,
 * objects merge key by key, and `null` removes a key. The original is left as it is.
 */
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (isPlainObject(value)) merged[key] = mergePatch(isPlainObject(merged[key]) ? merged[key] : {}, value);
    else merged[key] = value;
  }
  return merged;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A payload patch that some matched job's type refuses once merged into its payload. */
export class InvalidPatchError extends Error {
  constructor(readonly problems: string[]) {
    super(`The payload patch makes payloads their type refuses: ${problems.join('; ')}`);
  }
}

/**
 * Checks a retry's payload patch against every distinct (type, payload) it would be merged into:
 * each merged payload must pass its type's schema, as a single retry with that payload would.
 * Throws InvalidPatchError naming up to five problems.
 */
export function checkPatch(
  catalogue: Catalogue,
  patch: Record<string, unknown>,
  jobs: ReadonlyArray<{ jobType: string; payload: Record<string, unknown> }>,
): void {
  const problems = new Set<string>();
  for (const job of jobs) {
    try {
      checkRunnable(catalogue, job.jobType, mergePatch(job.payload, patch));
    } catch (error) {
      // Unknown or unimplemented types are refused job by job when the action runs.
      if (!(error instanceof InvalidPayloadError)) continue;
      for (const problem of error.problems) problems.add(`${job.jobType}: ${problem}`);
      if (problems.size >= 5) break;
    }
  }
  if (problems.size > 0) throw new InvalidPatchError([...problems].slice(0, 5));
}

export interface BulkPreview {
  /** Jobs the selection matches now (ids without a row included), up to the bound. */
  matched: number;
  /** False when more than the bound match (then the action would be refused: narrow the filter). */
  matchedIsExact: boolean;
  /** Jobs the action would act on as they stand now. */
  wouldAct: number;
  /** Jobs it would leave alone, by reason. */
  wouldRefuse: Record<string, number>;
  /** Matches by status (`absent` for ids without a row; `stopping` for running jobs asked to stop). */
  byStatus: Record<string, number>;
}

/** What an action over a selection would do now, from one count by status. */
export async function previewBulk(
  store: BulkOperations,
  action: BulkAction,
  selection: BulkSelection,
  maxJobs: number,
  within: SearchPool,
): Promise<BulkPreview> {
  const census = await store.census(selection, maxJobs, within);
  const preview: BulkPreview = {
    matched: Math.min(census.matched, maxJobs),
    matchedIsExact: census.isExact,
    wouldAct: 0,
    wouldRefuse: {},
    byStatus: {},
  };
  for (const { status, stopping, count } of census.byState) {
    const state: State = status === null ? 'absent' : stopping && status === 'running' ? 'cancelling' : status;
    const shown = state === 'cancelling' ? 'stopping' : state;
    preview.byStatus[shown] = (preview.byStatus[shown] ?? 0) + count;
    if (actsOn(action, state)) preview.wouldAct += count;
    else {
      const reason = refusalOf(state);
      preview.wouldRefuse[reason] = (preview.wouldRefuse[reason] ?? 0) + count;
    }
  }
  return preview;
}
