import { useState } from 'react';
import type { SetSearchParams } from 'wouter';

/**
 * Paging by cursor (the last row seen, kept as `after` in the URL), so rows written meanwhile
 * never shift a page. The cursors of the pages before this one are remembered to go back ('' is
 * the first page); a reload keeps the page but not the way back to it, so Newer then goes to the
 * newest page, and says so.
 */
export function useCursorPages(params: URLSearchParams, setParams: SetSearchParams) {
  const [trail, setTrail] = useState<string[]>([]);
  const after = params.get('after') ?? undefined;
  const goTo = (cursor: string | undefined) => {
    const next = new URLSearchParams(params);
    if (cursor) next.set('after', cursor);
    else next.delete('after');
    setParams(next);
  };
  return {
    after,
    /** Whether Newer leads to the newest page because the way back is not known. */
    newest: Boolean(after) && trail.length === 0,
    newer: () => {
      goTo(trail.at(-1) || undefined);
      setTrail((t) => t.slice(0, -1));
    },
    older: (nextAfter: string) => {
      setTrail((t) => [...t, after ?? '']);
      goTo(nextAfter);
    },
    /** Another search starts at its first page: drops the cursor from `next` and the way back. */
    restart: (next: URLSearchParams) => {
      next.delete('after');
      setTrail([]);
    },
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** Newer and Older buttons over a list read by cursor; `nextAfter` is the cursor of the next page, if any. */
export function CursorPager({ pages, nextAfter }: { pages: CursorPages; nextAfter: string | null | undefined }) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={!pages.after} onClick={pages.newer}>
        {pages.newest ? 'Newest' : 'Newer'}
      </button>
      <button
        type="button"
        disabled={!nextAfter}
        onClick={() => {
          if (nextAfter) pages.older(nextAfter);
        }}
      >
        Older
      </button>
    </nav>
  );
}
