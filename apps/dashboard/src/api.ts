import { type Answer, ApiError, unwrap } from '@scheduler/client';

export { $api, api } from './data/client.ts';
export { ApiError, unwrap };

export type Job = Answer<'/api/jobs/{jobId}', 'get', 200>;
export type JobRow = Answer<'/api/jobs', 'get', 200>['jobs'][number];
export type JobType = Answer<'/api/job-types', 'get', 200>['jobTypes'][number];
export type Schedule = Answer<'/api/schedules', 'get', 200>['schedules'][number];
export type Stats = Answer<'/api/stats', 'get', 200>;
export type AuditEntry = Answer<'/api/audit', 'get', 200>['entries'][number];
export type Principal = Answer<'/api/session', 'get', 200>['principal'];
export type LogLine = Answer<'/api/jobs/{jobId}/logs', 'get', 200>['logs'][number];

export { jobStatusValues as JOB_STATUSES } from '@scheduler/client';

/** A message for a person from whatever a call threw. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** An Idempotency-Key for one press of a button: a double click sends the same one. */
export const newIdempotencyKey = () => crypto.randomUUID();
