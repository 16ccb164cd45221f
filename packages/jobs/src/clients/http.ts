import ky, { HTTPError, type KyInstance, TimeoutError } from 'ky';
import { ServiceCallError } from '../errors.ts';

export interface ServiceClientOptions {
  /** Name used in error messages, e.g. "crawler-service". */
  service: string;
  baseUrl: string;
  timeoutMs: number;
  serviceKey?: string | undefined;
}

const MAX_ERROR_BODY = 500;

/**
 * A ky instance for one sibling service: base URL, timeout, the service token, and no
 * automatic retries (each job decides what a failed call means for it).
 */
export function createServiceHttp(options: ServiceClientOptions): KyInstance {
  return ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeoutMs,
    retry: 0,
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
    const body = await error.response.text().catch(() => '');
    const trimmed = body.length > MAX_ERROR_BODY ? `${body.slice(0, MAX_ERROR_BODY)}…` : body;
    return new ServiceCallError(
      service,
      `answered ${error.response.status}${trimmed ? `: ${trimmed}` : ''}`,
      error.response.status,
    );
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
