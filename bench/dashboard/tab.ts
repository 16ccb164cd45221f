import type { Page } from 'playwright-core';

/** An event stream (the app's, or a job page's): held open, so not counted as requests. */
export const isEventStream = (path: string) => path === '/api/events' || /^\/api\/jobs\/[^/]+\/events$/.test(path);

/** Ids in paths become `:id`, so failures group by route rather than by job. */
export const routeOf = (path: string) =>
  path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id');

interface Stamped {
  at: number;
  text: string;
}

/**
 * What one browser tab asks of the API and what goes wrong in it, as Playwright sees it: every
 * request to /api/* with the moment it left, failed requests (no answer, or HTTP ≥ 400) and
 * console errors (console.error and uncaught exceptions). Counted over a window of time, so one
 * tab can be measured idle and then under load.
 */
export function watchTab(page: Page, name: string) {
  const requests: Stamped[] = [];
  const streams: Stamped[] = [];
  const failures: Stamped[] = [];
  const consoleErrors: Stamped[] = [];
  const inFlight = new Set<unknown>();
  const apiPath = (url: string) => {
    const { pathname } = new URL(url);
    return pathname.startsWith('/api/') ? pathname : null;
  };

  page.on('request', (request) => {
    const path = apiPath(request.url());
    if (!path) return;
    const entry = { at: Date.now(), text: `${request.method()} ${routeOf(path)}` };
    if (isEventStream(path)) streams.push(entry);
    else {
      requests.push(entry);
      inFlight.add(request);
    }
  });
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => {
    inFlight.delete(request);
    const path = apiPath(request.url()) ?? new URL(request.url()).pathname;
    failures.push({
      at: Date.now(),
      text: `${request.method()} ${routeOf(path)} failed: ${request.failure()?.errorText ?? 'no answer'}`,
    });
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const request = response.request();
    failures.push({
      at: Date.now(),
      text: `${request.method()} ${routeOf(new URL(response.url()).pathname)} ${response.status()}`,
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push({ at: Date.now(), text: message.text() });
  });
  page.on('pageerror', (error) => consoleErrors.push({ at: Date.now(), text: `uncaught: ${error.message}` }));

  const within = (list: Stamped[], from: number, to: number) => list.filter((e) => e.at >= from && e.at < to);

  return {
    name,
    page,
    /** Requests (not event streams) sent and not yet answered. */
    pending: () => inFlight.size,
    /** Figures for the window [from, to) (Date.now() times). */
    figures(from: number, to: number): TabFigures {
      const sent = within(requests, from, to);
      const seconds = (to - from) / 1000;
      // Requests per second in each whole 10-s window (the whole phase if shorter).
      const windowMs = Math.min(10_000, to - from);
      const windows = Math.max(1, Math.floor((to - from) / windowMs));
      const perWindow = Array.from({ length: windows }, () => 0);
      for (const r of sent) {
        const index = Math.floor((r.at - from) / windowMs);
        if (index < windows) perWindow[index] = (perWindow[index] ?? 0) + 1;
      }
      return {
        requests: sent.length,
        perSecond: sent.length / seconds,
        maxPerSecond: Math.max(...perWindow) / (windowMs / 1000),
        byRoute: countBy(sent.map((r) => r.text)),
        streamsOpened: within(streams, from, to).length,
        failures: countBy(within(failures, from, to).map((f) => f.text)),
        consoleErrors: within(consoleErrors, from, to).map((e) => e.text),
      };
    },
  };
}
export type TabWatch = ReturnType<typeof watchTab>;

export interface TabFigures {
  requests: number;
  perSecond: number;
  maxPerSecond: number;
  byRoute: Map<string, number>;
  streamsOpened: number;
  failures: Map<string, number>;
  consoleErrors: string[];
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1]));
}

/**
 * Runs in the page before its own scripts: notes, for each job row (tr[data-job-id]), when it
 * was first seen and when it first showed data-status="completed" (a row inserted already
 * completed counts from its insertion). Date.now() in the observer's callback: the moment React
 * committed the change, on the same clock as Postgres's completed_at (one machine).
 * A string, not a function: the loader's helpers would not exist in the page.
 */
export const ROW_OBSERVER = `(() => {
  const rows = (window.__benchRows = new Map());
  const note = (el) => {
    const id = el.getAttribute('data-job-id');
    if (!id) return;
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { seen: Date.now(), completed: null }));
    if (row.completed === null && el.getAttribute('data-status') === 'completed') row.completed = Date.now();
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') {
        if (m.target.matches('tr[data-job-id]')) note(m.target);
        continue;
      }
      for (const node of m.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches('tr[data-job-id]')) note(node);
        for (const row of node.querySelectorAll('tr[data-job-id]')) note(row);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-job-id'] });
})();`;

export interface SeenRow {
  id: string;
  seen: number;
  completed: number | null;
}

/** The rows the observer noted in this tab. */
export async function seenRows(page: Page): Promise<SeenRow[]> {
  const json = (await page.evaluate(
    'JSON.stringify([...(window.__benchRows ?? new Map())].map(([id, r]) => ({ id, ...r })))',
  )) as string;
  return JSON.parse(json) as SeenRow[];
}

/** Whether every job row the tab shows now says completed (nothing left to catch up). */
export async function showsAllCompleted(page: Page): Promise<boolean> {
  return (await page.evaluate(
    `[...document.querySelectorAll('tr[data-job-id]')].every((row) => row.getAttribute('data-status') === 'completed')`,
  )) as boolean;
}
