import { ApiError, createSchedulerClient, type paths, unwrap } from '@scheduler/client';

/** The API, same origin: the browser sends its session cookie. */
export const api = createSchedulerClient();
export { ApiError, unwrap };

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Job = Json<'/api/jobs/{jobId}', 'get', 200>;
export type JobRow = Json<'/api/jobs', 'get', 200>['jobs'][number];
export type JobType = Json<'/api/job-types', 'get', 200>['jobTypes'][number];
export type Schedule = Json<'/api/schedules', 'get', 200>['schedules'][number];
export type Stats = Json<'/api/stats', 'get', 200>;
export type AuditEntry = Json<'/api/audit', 'get', 200>['entries'][number];
export type Principal = Json<'/api/session', 'get', 200>['principal'];
export type LogLine = Json<'/api/jobs/{jobId}/logs', 'get', 200>['logs'][number];

export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;

/** A message for a person from whatever a call threw. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** An Idempotency-Key for one press of a button: a double click sends the same one. */
export const newIdempotencyKey = () => crypto.randomUUID();
