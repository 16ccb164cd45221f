import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api-types.ts';

/**
 * The values of the document's enums, for what a page lists (a status filter, a priority
 * select): generated with the types, so a value the API adds reaches the dashboard by itself.
 */
export {
  displayStateValues,
  jobActionValues,
  jobEventKindValues,
  jobStatusValues,
  priorityValues,
} from './api-types.ts';
export type { components, paths };

type Schemas = components['schemas'];
/** A job's stored status. */
export type JobStatus = Schemas['JobStatus'];
export type Priority = Schemas['Priority'];
/** What a job shows as, decided by the server (its status, told apart where the status is not enough). */
export type DisplayState = Schemas['DisplayState'];
/** `display` of a job: its state, and when a job waiting to retry tries again. */
export type JobDisplay = Schemas['JobDisplay'];
/** What the caller may do to a job now. */
export type JobAction = Schemas['JobAction'];
/** The kinds of event the event streams send (and take in `?kinds=`). */
export type JobEventKind = Schemas['JobEventKind'];
/** A job without payload and result: list rows, the Overview's lists, and each event's `job`. */
export type JobSummary = Schemas['JobSummary'];
/** A job with its payload and result (GET /api/jobs rows; GET /api/jobs/{jobId} adds attempts and eta). */
export type JobView = Schemas['JobView'];
/** GET /api/overview's answer. */
export type Overview = Schemas['Overview'];
/** A type's row of GET /api/stats and the Overview's `types`. */
export type TypeStats = Schemas['TypeStats'];
/** The estimate of a running job's completion. */
export type Eta = NonNullable<Overview['running'][number]['eta']>;

/**
 * The data of an event of a stream: the job it is about and, for every kind but `log`, the job
 * as read at or after the event. Other fields depend on the kind (`progress` carries the
 * progress, `log` the line, `failed` the error).
 */
export type JobEventData = Schemas['JobEventData'];
export type QueueEventData = Schemas['QueueEventData'];

/** The JSON answer of a route with a status, e.g. `Answer<'/api/jobs/{jobId}', 'get', 200>`. */
export type Answer<
  Path extends keyof paths,
  Method extends keyof paths[Path],
  Status extends number,
> = paths[Path][Method] extends { responses: { [S in Status]: { content: { 'application/json': infer Body } } } }
  ? Body
  : never;

/** The `{ error, message }` body of every error answer, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** Where the API is; '' for the same origin (the dashboard). */
  baseUrl?: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }` for a service. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/**
 * The scheduler's API, typed from its OpenAPI document (src/api-types.ts, generated). Browsers
 * send their session cookie (same origin); services pass their key in `headers`.
 */
export function createSchedulerClient({ baseUrl = '', headers, fetch: fetchImpl }: ClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl,
    credentials: 'same-origin',
    ...(headers ? { headers } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return client;
}

export type SchedulerClient = ReturnType<typeof createSchedulerClient>;

/** The data of an answer, or an ApiError with the API's code and message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as Record<string, unknown>;
  throw new ApiError(
    response.status,
    typeof body.error === 'string' ? body.error : 'error',
    typeof body.message === 'string' ? body.message : `The API answered ${response.status}`,
    body,
  );
}

export type { Middleware };
