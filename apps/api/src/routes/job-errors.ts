import {
  InvalidPayloadError,
  InvalidTagsError,
  JobAlreadyActiveError,
  JobNotImplementedError,
  JobRefusedError,
  UnknownJobTypeError,
} from '@scheduler/runtime';
import { HttpError } from '../http-error.ts';

/**
 * The API's one answer to a job command that says no (a refusal of the lifecycle's table, a job
 * that cannot run), used by the routes and by Bull Board's actions alike; an HttpError is its
 * own answer; null for anything else (a fault, not a refusal).
 */
export function commandHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof UnknownJobTypeError) return new HttpError(400, 'unknown_job_type', error.message);
  if (error instanceof InvalidPayloadError) {
    return new HttpError(400, 'invalid_payload', error.message, { problems: error.problems });
  }
  if (error instanceof InvalidTagsError) return new HttpError(400, 'invalid_tags', error.message);
  if (error instanceof JobAlreadyActiveError) {
    return new HttpError(409, 'already_active', error.message, {
      activeJobId: error.active.id,
      activeStatus: error.active.status,
    });
  }
  if (error instanceof JobRefusedError) {
    if (error.state === 'absent') return new HttpError(404, 'not_found', error.message);
    return new HttpError(409, REFUSAL_CODE[error.event] ?? 'refused', error.message, {
      status: error.state === 'cancelling' ? 'running' : error.state,
    });
  }
  if (error instanceof JobNotImplementedError) return new HttpError(501, 'not_implemented', error.message);
  return null;
}

/** Throws the answer commandHttpError gives, or the error itself when it is no refusal. */
export function asJobHttpError(error: unknown): never {
  throw commandHttpError(error) ?? error;
}

const REFUSAL_CODE: Partial<Record<JobRefusedError['event'], string>> = {
  requestCancel: 'not_cancellable',
  retry: 'not_retryable',
  remove: 'not_removable',
  promote: 'not_promotable',
};
