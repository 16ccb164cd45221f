import {
  InvalidPayloadError,
  JobAlreadyActiveError,
  JobNotImplementedError,
  UnknownJobTypeError,
} from '@scheduler/jobs';
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
  if (error instanceof JobNotImplementedError) throw new HttpError(501, 'not_implemented', error.message);
  throw error;
}
