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
