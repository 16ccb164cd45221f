import type { NewSchedule } from '@scheduler/db';
import type { JobName } from '@scheduler/jobs';

/**
 * The schedules a fresh installation starts with. Inserted once, when missing: an admin's edit
 * (or disabling) is never undone by a deploy. Times are UTC. Types that email people on their
 * own start disabled: turning them on is a product decision.
 */
export const DEFAULT_SCHEDULES: readonly (NewSchedule & { jobType: JobName })[] = [
  {
    name: 'crawl-pending',
    jobType: 'crawl_pending',
    cron: '*/15 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Crawl newly submitted content every 15 minutes (as the original service ran it).',
  },
  {
    name: 'weekly-digest',
    jobType: 'weekly_digest',
    cron: '0 9 * * 1',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Weekly trending digest, Mondays 09:00 (as the original service ran it).',
  },
  {
    name: 'cleanup-old-data',
    jobType: 'cleanup_old_data',
    cron: '0 2 * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Retention and archiving, daily at 02:00 (as the original service ran it).',
  },
  {
    name: 'update-metrics',
    jobType: 'update_metrics',
    cron: '5 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Recompute per-discovery counts every hour.',
  },
  {
    name: 'recalculate-trending',
    jobType: 'recalculate_trending',
    cron: '*/10 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: true,
    description: 'Keep the 1h trending window fresh: every 10 minutes.',
  },
  {
    name: 'submission-notifications',
    jobType: 'submission_notifications',
    cron: '*/10 * * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: false,
    description: 'Tell submitters about reviews every 10 minutes (emails users: enable deliberately).',
  },
  {
    name: 'moderation-updates',
    jobType: 'moderation_updates',
    cron: '0 8 * * *',
    everyMs: null,
    timezone: 'UTC',
    enabled: false,
    description: 'Daily moderation summary at 08:00 (emails staff: enable deliberately).',
  },
];
