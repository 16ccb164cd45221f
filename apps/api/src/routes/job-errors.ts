import {
  InvalidPayloadError,
  JobAlreadyActiveError,
  JobNotImplementedError,
  JobRefusedError,
  UnknownJobTypeError,
} from '@scheduler/runtime';
import { HttpError } from '../http-error.ts';

/** The API's answer to the errors that say a job cannot run; anything else is rethrown. */
export function asJobHttpError(error: unknown): never {
  if (error instanceof UnknownJobTypeError) throw new HttpError(400, 'unknown_job_type', error.message);
  if (error instanceof InvalidPayloadError) {
    throw new HttpError(400, 'invalid_payload', error.message, { problems: error.problems });
  }
  if (error instanceof JobAlreadyActiveError) {
    throw new HttpError(409, 'already_active', error.message, {
      activeJobId: error.active.id,
      activeStatus: error.active.status,
    });
  }
  if (error instanceof JobRefusedError) {
    if (error.state === 'absent') throw new HttpError(404, 'not_found', error.message);
    throw new HttpError(409, REFUSAL_CODE[error.event] ?? 'refused', error.message, {
      status: error.state === 'cancelling' ? 'running' : error.state,
    });
  }
  if (error instanceof JobNotImplementedError) throw new HttpError(501, 'not_implemented', error.message);
  throw error;
}

const REFUSAL_CODE: Partial<Record<JobRefusedError['event'], string>> = {
  requestCancel: 'not_cancellable',
  retry: 'not_retryable',
  remove: 'not_removable',
  promote: 'not_promotable',
};
