import { keepPreviousData } from '@tanstack/react-query';
import { $api } from './client.ts';
import type { JobQuery } from './types.ts';

/**
 * The reads of the live pages. Their keys are openapi-react-query's ([method, path, init]), so
 * the event stream finds and patches them (live/cache.ts) whichever hook read them.
 */

const drop = <T extends object>(query: T) =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as T;

/** A page of GET /api/jobs; the previous page stays shown while the next one loads. */
export const useJobPage = (query: JobQuery, enabled = true) =>
  $api.useQuery('get', '/api/jobs', { params: { query: drop(query) } }, { placeholderData: keepPreviousData, enabled });

/** What no event tells (a queue paused in Bull Board, the next runs): the Overview reads it again this often. */
const OVERVIEW_IDLE_REREAD_MS = 15_000;

/**
 * GET /api/overview: everything the Overview shows, in one read. While jobs move, the event
 * stream reads it again every few seconds (live/cache.ts); when nothing moves, this does.
 */
export const useOverview = (days: 1 | 7 | 30) =>
  $api.useQuery(
    'get',
    '/api/overview',
    { params: { query: { days } } },
    { placeholderData: keepPreviousData, refetchInterval: OVERVIEW_IDLE_REREAD_MS },
  );

/** The job types' names (for filters); they change with a deploy, not with events. */
export const useJobTypeNames = () =>
  $api.useQuery(
    'get',
    '/api/job-types',
    {},
    { staleTime: Number.POSITIVE_INFINITY, select: (answer) => answer.jobTypes.map((type) => type.name) },
  );

/** How often the Overview's sparklines are read again: their points are hours, moving by the minute. */
const SPARKLINES_REREAD_MS = 60_000;

/** GET /api/history/sparklines: every type's finished and failed jobs per hour over 24 h. */
export const useSparklines = () =>
  $api.useQuery(
    'get',
    '/api/history/sparklines',
    { params: { query: { range: '24h' } } },
    { refetchInterval: SPARKLINES_REREAD_MS, staleTime: SPARKLINES_REREAD_MS },
  );

/** How often a history view is read again (its newest point is the current minute). */
const HISTORY_REREAD_MS = 30_000;

/** GET /api/job-types/:name/history: the previous range stays shown while the other loads. */
export const useTypeHistory = (name: string, range: '24h' | '30d') =>
  $api.useQuery(
    'get',
    '/api/job-types/{name}/history',
    { params: { path: { name }, query: { range } } },
    { refetchInterval: HISTORY_REREAD_MS, placeholderData: keepPreviousData },
  );
