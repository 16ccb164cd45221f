import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { $api, api } from './client.ts';
import type { JobPage, JobQuery, Overview } from './types.ts';

/**
 * The reads of the live pages. Their keys are openapi-react-query's ([method, path, init]), so
 * the event stream finds and patches them (live/cache.ts) whichever hook read them.
 */

const drop = <T extends object>(query: T) =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as T;

/** A page of GET /api/jobs; the previous page stays shown while the next one loads. */
export function useJobPage(query: JobQuery) {
  const init = { params: { query: drop(query) } };
  return useQuery({
    queryKey: ['get', '/api/jobs', init],
    queryFn: async ({ signal }) => {
      // biome-ignore lint/suspicious/noExplicitAny: the query may carry filters newer than the generated types
      const { data } = await api.GET('/api/jobs', { ...(init as any), signal });
      return data as unknown as JobPage;
    },
    placeholderData: keepPreviousData,
  });
}

/** GET /api/overview: everything the Overview shows, in one read. */
export function useOverview(days: number) {
  const init = { params: { query: { days } } };
  return useQuery({
    queryKey: ['get', '/api/overview', init],
    queryFn: async ({ signal }) => {
      // biome-ignore lint/suspicious/noExplicitAny: until the client is generated with the route
      const { data } = await (api as any).GET('/api/overview', { ...init, signal });
      return data as Overview;
    },
    placeholderData: keepPreviousData,
  });
}

/** The job types' names (for filters); they change with a deploy, not with events. */
export function useJobTypeNames() {
  return $api.useQuery(
    'get',
    '/api/job-types',
    {},
    { staleTime: Number.POSITIVE_INFINITY, select: (d) => d.jobTypes.map((t) => t.name) },
  );
}
