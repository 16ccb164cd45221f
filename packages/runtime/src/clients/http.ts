import { ServiceCallError } from '@scheduler/jobs';
import ky, { HTTPError, type KyInstance, type Options, TimeoutError } from 'ky';
import type { z } from 'zod';

export interface ServiceClientOptions {
  /** Name used in error messages, e.g. "crawler-service". */
  service: string;
  baseUrl: string;
  timeoutMs: number;
  serviceKey?: string | undefined;
  /** Retries after the first try, for calls that are safe to repeat (default 3). */
  retries?: number;
}

/** Answers worth another try: the service was overloaded, restarting or briefly unreachable. */
export const TRANSIENT_STATUSES = [408, 429, 500, 502, 503, 504];

const MAX_ERROR_BODY = 500;

/** A refusal as an error message shows it: the status and the start of its body. */
export function answeredWith(service: string, status: number, body: string): ServiceCallError {
  const trimmed = body.length > MAX_ERROR_BODY ? `${body.slice(0, MAX_ERROR_BODY)}…` : body;
  return new ServiceCallError(service, `answered ${status}${trimmed ? `: ${trimmed}` : ''}`, status);
}

/**
 * A ky instance for one sibling service: base URL, a timeout per try, the service token, and
 * retries with jittered exponential backoff on network errors, timeouts, 429 and 5xx.
 * Only safe calls are retried: GET/PUT/DELETE always, POST only when `retryPost` is set, which
 * a client may do only if every POST it makes carries an idempotency key.
 */
export function createServiceHttp(options: ServiceClientOptions, { retryPost = false } = {}): KyInstance {
  return ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeoutMs,
    retry: {
      limit: options.retries ?? 3,
      methods: retryPost ? ['get', 'put', 'head', 'delete', 'post'] : ['get', 'put', 'head', 'delete'],
      statusCodes: TRANSIENT_STATUSES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: 30_000,
      backoffLimit: 10_000,
      jitter: true,
      retryOnTimeout: true,
    },
    headers: options.serviceKey ? { 'X-Service-Token': options.serviceKey } : {},
  });
}

/** Turns whatever ky threw into a ServiceCallError that keeps the (trimmed) error body. */
export async function describeFailure(
  service: string,
  error: unknown,
  timeoutMs: number,
): Promise<ServiceCallError | unknown> {
  if (error instanceof HTTPError) {
    return answeredWith(service, error.response.status, await error.response.text().catch(() => ''));
  }
  if (error instanceof TimeoutError) {
    return new ServiceCallError(service, `did not answer within ${timeoutMs}ms`);
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (error instanceof TypeError) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new ServiceCallError(service, `unreachable (${cause?.code ?? cause?.message ?? error.message})`);
  }
  return error;
}

/**
 * POSTs JSON to a sibling service and reads an answer of the `{ success, error? }` kind. A
 * failed call, a body that does not fit `answer`, and a 2xx that says `success: false` (which
 * the old scheduler recorded as a success) all become a ServiceCallError.
 */
export async function postForSuccess<T extends { success: boolean; error?: string | undefined }>(
  http: KyInstance,
  { service, timeoutMs }: Pick<ServiceClientOptions, 'service' | 'timeoutMs'>,
  path: string,
  options: Options,
  answer: z.ZodType<T>,
): Promise<T> {
  let body: unknown;
  try {
    body = await http.post(path, options).json();
  } catch (error) {
    throw await describeFailure(service, error, timeoutMs);
  }
  return successAnswer(service, body, answer);
}

/**
 * A 2xx body of the `{ success, error? }` kind: one that does not fit `answer`, or that says
 * `success: false` (which the old scheduler recorded as a success), is a ServiceCallError.
 */
export function successAnswer<T extends { success: boolean; error?: string | undefined }>(
  service: string,
  body: unknown,
  answer: z.ZodType<T>,
): T {
  const parsed = answer.safeParse(body);
  if (!parsed.success) {
    throw new ServiceCallError(service, `answered with an unexpected body: ${JSON.stringify(body).slice(0, 300)}`);
  }
  if (!parsed.data.success) {
    throw new ServiceCallError(service, `reported failure: ${parsed.data.error ?? 'no reason given'}`);
  }
  return parsed.data;
}
