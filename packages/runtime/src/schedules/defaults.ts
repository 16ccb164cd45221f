import type { NewSchedule } from '@scheduler/db';
import type { JobName } from '@scheduler/jobs';

/**
 * The schedules a fresh installation starts with. Inserted once, when missing: an admin's edit
 * (or disabling) is never undone by a deploy. Times are UTC. Types that email people on their
 * own start disabled: turning them on is a product decision. A description says what a schedule
 * is for; its timing in words comes from the cron (the `when` of the API), so it cannot go stale.
 */
export const DEFAULT_SCHEDULES: readonly (NewSchedule & { jobType: JobName })[] = [
  {
    name: 'crawl-pending',
    jobType: 'crawl_pending',
    cron: '*/15 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Crawl newly submitted content.',
  },
  {
    name: 'weekly-digest',
    jobType: 'weekly_digest',
    cron: '0 9 * * 1',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Email the weekly trending digest to opted-in users.',
  },
  {
    name: 'cleanup-old-data',
    jobType: 'cleanup_old_data',
    cron: '0 2 * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Retention and archiving of old jobs, logs and interactions.',
  },
  {
    name: 'update-metrics',
    jobType: 'update_metrics',
    cron: '5 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Recompute per-discovery counts from user interactions.',
  },
  {
    name: 'recalculate-trending',
    jobType: 'recalculate_trending',
    cron: '*/10 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Keep the trending windows fresh (the 1-hour one most of all).',
  },
  {
    name: 'submission-notifications',
    jobType: 'submission_notifications',
    cron: '*/10 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: false,
    description: 'Tell submitters their content was reviewed (emails users: enable deliberately).',
  },
  {
    name: 'moderation-updates',
    jobType: 'moderation_updates',
    cron: '0 8 * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: false,
    description: 'Moderation summary for staff (emails staff: enable deliberately).',
  },
];
