import type { Answer } from '@scheduler/client';
import { count } from '../../components/BulkActions.tsx';

/** A bulk operation as GET /api/bulk-operations/:id answers it. */
export type Operation = Answer<'/api/bulk-operations/{id}', 'get', 200>;

/** A running operation is read once a second (its counters are one row, not events; see README's Bulk actions). */
export const PROGRESS_READ_MS = 1000;

export const ACTION_WORDS = { cancel: 'Cancel', retry: 'Retry', delete: 'Delete' } as const;

/** What an operation was for, in words: "jobs matching type=crawl_pending status=failed" or "12 selected jobs". */
export function selectionText(op: Pick<Operation, 'selection'>) {
  if (op.selection.ids !== undefined) return `${count(op.selection.ids)} selected jobs`;
  const parts = Object.entries(op.selection.filter ?? {}).map(([key, value]) => `${key}=${String(value)}`);
  return parts.length ? `jobs matching ${parts.join(' ')}` : 'every job';
}
