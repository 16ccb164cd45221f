import { buildCatalogue, productionJobs } from '@scheduler/jobs';
import { declaringTestJob, testJobs } from '@scheduler/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULES, declaredSchedules, differingFields } from '../src/schedules/declarations.ts';

describe('declared schedules', () => {
  it("are the production types' own: every one declared where the type is defined", () => {
    expect(DEFAULT_SCHEDULES.map((d) => [d.name, d.jobType, d.declared.cron, d.enabled])).toEqual([
      ['crawl-pending', 'crawl_pending', '*/15 * * * *', true],
      ['weekly-digest', 'weekly_digest', '0 9 * * 1', true],
      // The two that email people on their own start disabled.
      ['submission-notifications', 'submission_notifications', '*/10 * * * *', false],
      ['moderation-updates', 'moderation_updates', '0 8 * * *', false],
      ['cleanup-old-data', 'cleanup_old_data', '0 2 * * *', true],
      ['update-metrics', 'update_metrics', '5 * * * *', true],
      ['recalculate-trending', 'recalculate_trending', '*/10 * * * *', true],
    ]);
    expect(DEFAULT_SCHEDULES).toHaveLength(productionJobs.filter((j) => j.schedule).length);
    expect(DEFAULT_SCHEDULES[0]?.declared).toEqual({
      cron: '*/15 * * * *',
      everyMs: null,
      timezone: 'UTC',
      payload: {},
      priority: null,
      description: 'Crawl newly submitted content.',
      missedPolicy: 'run_once',
      catchUpMax: null,
      catchUpWindowMs: null,
      overlapPolicy: 'skip',
    });
  });

  it('refuse at start-up a payload the type refuses, naming the schedule', () => {
    const bad = declaringTestJob('test_bad_payload', {
      cron: '0 3 * * *',
      payload: { region: 7 },
      description: 'Bad.',
    });
    expect(() => buildCatalogue({ extraJobs: [...testJobs, bad] })).toThrow(
      /schedule "test-bad-payload" of job type "test_bad_payload" declares a payload its schema refuses: payload\.region/,
    );
  });

  it('refuse two types claiming one schedule name', () => {
    const a = declaringTestJob('test_a', { cron: '0 3 * * *', description: 'A.', name: 'sweep' });
    const b = declaringTestJob('test_b', { cron: '0 4 * * *', description: 'B.', name: 'sweep' });
    expect(() => buildCatalogue({ extraJobs: [a, b] })).toThrow(
      /"test_a" and "test_b" both declare a schedule "sweep"/,
    );
  });

  it('refuse a timing or policy that cannot run, and store the zone by its canonical name', () => {
    const never = declaringTestJob('test_never', { cron: '0 3 30 2 *', description: 'Never.' });
    expect(() => declaredSchedules(buildCatalogue({ extraJobs: [never] }))).toThrow(
      /"test-never" of job type "test_never" cannot run: cron: "0 3 30 2 \*" is not a valid cron expression/,
    );
    const halfCatchUp = declaringTestJob('test_half', {
      everyMs: 60_000,
      description: 'Half a catch-up.',
      missedPolicy: 'catch_up',
      catchUpMax: 2,
    });
    expect(() => declaredSchedules(buildCatalogue({ extraJobs: [halfCatchUp] }))).toThrow(/needs both catchUpMax/);
    const berlin = declaringTestJob('test_berlin', { cron: '0 7 * * *', timezone: 'europe/berlin', description: 'B.' });
    const [declared] = declaredSchedules(buildCatalogue({ extraJobs: [berlin] })).filter(
      (d) => d.jobType === 'test_berlin',
    );
    expect(declared?.declared.timezone).toBe('Europe/Berlin');
  });

  it('compare a schedule with its declaration field by field (payloads by value)', () => {
    const declared = DEFAULT_SCHEDULES[0]?.declared;
    if (!declared) throw new Error('no declaration');
    expect(differingFields({ ...declared, payload: {} }, declared)).toEqual([]);
    expect(differingFields({ ...declared, cron: '0 * * * *', payload: { a: 1 } }, declared)).toEqual([
      'cron',
      'payload',
    ]);
  });
});
