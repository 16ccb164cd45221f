import { ApiError, createSchedulerClient, type Middleware } from '@scheduler/client';
import { QueryClient } from '@tanstack/react-query';
import createQueryHooks from 'openapi-react-query';

/**
 * Every answer that is not a success becomes an ApiError with the API's code and message, here
 * once: a query's `error`, a mutation's, and `unwrap`'s are the same thing.
 */
const throwOnError: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const body = (await response
      .clone()
      .json()
      .catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      typeof body.error === 'string' ? body.error : 'error',
      typeof body.message === 'string' ? body.message : `The API answered ${response.status}`,
      body,
    );
  },
};

/** The API, same origin: the browser sends its session cookie. */
export const api = createSchedulerClient();
api.use(throwOnError);

/** Typed TanStack Query hooks over the same client: `$api.useQuery('get', '/api/jobs', …)`. */
export const $api = createQueryHooks(api);

/** A refusal is not retried (it would be refused again); a fault or a lost answer is, twice. */
const shouldRetry = (failures: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500) && failures < 2;

/**
 * The one cache of server state for the whole app. Nothing refetches on a timer or on focus:
 * the event stream keeps the cache current (see live/), and what it cannot patch it marks stale.
 */
export function createAppQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}
