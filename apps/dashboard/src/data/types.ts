import type { Answer, JobSummary, JobView, paths } from '@scheduler/client';

export type {
  DisplayState,
  Eta,
  JobAction,
  JobDisplay,
  JobEventData,
  JobStatus,
  JobSummary,
  JobView,
  Overview,
} from '@scheduler/client';

/** A row of the job list: the summary plus what only a read carries. */
export type JobRow = JobView;
/** GET /api/jobs's answer. */
export type JobPage = Answer<'/api/jobs', 'get', 200>;
/** The query of GET /api/jobs as the dashboard sends it. */
export type JobQuery = NonNullable<paths['/api/jobs']['get']['parameters']['query']>;

/** Every summary field a list row has: an event's job patches a row whole. */
export const rowOf = (job: JobSummary): JobRow => ({ payload: {}, result: null, ...job });
