import { ApiError } from '@scheduler/client';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../src/api.ts';
import { driftOf, driftSentence } from '../src/pages/schedules/ScheduleNotes.tsx';
import { scheduleProblems } from '../src/pages/schedules/schedule-problems.ts';

describe("the schedule form's refusals, each at its field", () => {
  it('puts a request problem at the field it names, in words', () => {
    const refused = new ApiError(400, 'validation_failed', 'body.catchUpMax: Too small', {
      problems: ['body.catchUpMax: Too small: expected number to be >=1', 'params.name: must be lower-case letters'],
    });
    expect(scheduleProblems(refused)).toEqual({
      fields: { catchUpMax: 'must be at least 1', name: 'must be lower-case letters' },
      payload: {},
      rest: null,
    });
  });

  it("puts the timing's problems at the timing, the payload's at their fields", () => {
    const timing = new ApiError(400, 'invalid_schedule', 'cron: not a cron expression', {
      problems: ['cron: not a cron expression'],
    });
    expect(scheduleProblems(timing).fields).toEqual({ timing: 'cron: not a cron expression' });
    const payload = new ApiError(400, 'invalid_payload', 'Invalid payload', {
      problems: ['payload.sleepMs: Too small: expected number to be >=0'],
    });
    expect(scheduleProblems(payload)).toEqual({ fields: {}, payload: { sleepMs: 'must be at least 0' }, rest: null });
  });

  it("puts the schedule service's policy problems at their fields, the timing's at the timing", () => {
    const refused = new ApiError(400, 'invalid_schedule', 'x', {
      problems: [
        'catchUpMax: must be a whole number from 1 to 100',
        'missedPolicy catch_up needs both catchUpMax and catchUpWindowMs',
        'cron: 6 fields are for types that allow seconds',
      ],
    });
    expect(scheduleProblems(refused)).toEqual({
      fields: {
        catchUpMax: 'must be a whole number from 1 to 100',
        missedPolicy: 'missedPolicy catch_up needs both catchUpMax and catchUpWindowMs',
        timing: 'cron: 6 fields are for types that allow seconds',
      },
      payload: {},
      rest: null,
    });
  });

  it('keeps for the whole form what no field is about, and any fault', () => {
    const conflict = new ApiError(409, 'conflict', 'created meanwhile', {});
    expect(scheduleProblems(conflict).rest).toBe(conflict);
    const fault = new Error('network');
    expect(scheduleProblems(fault)).toEqual({ fields: {}, payload: {}, rest: fault });
  });
});

describe('the drift of an overridden declared schedule, in words', () => {
  const declared = {
    cron: '0 3 * * *',
    everyMs: null,
    timezone: 'UTC',
    payload: {},
    priority: null,
    description: 'Nightly',
    missedPolicy: 'run_once',
    catchUpMax: null,
    catchUpWindowMs: null,
    overlapPolicy: 'skip',
  } as const;
  const schedule = (over: Partial<Schedule>) =>
    ({ ...declared, priorityOverride: null, declared, override: null, ...over }) as unknown as Schedule;

  it('says what the code says and what runs, since when and set by whom', () => {
    const moved = schedule({
      cron: '0 4 * * *',
      priorityOverride: 'HIGH',
      override: { at: '2026-12-03T10:00:00.000Z', by: 'ada@example.org', fields: ['cron', 'priority'] },
    });
    expect(driftSentence(moved)).toBe(
      "The code says 0 3 * * *, the type's priority; runs 0 4 * * *, priority HIGH since 3 Dec, set by ada@example.org.",
    );
    expect(driftOf(moved).map((d) => d.field)).toEqual(['cron', 'priority']);
  });

  it('says nothing of a schedule as the code declares it, or one made here', () => {
    expect(driftSentence(schedule({}))).toBeNull();
    expect(driftSentence(schedule({ declared: null }))).toBeNull();
  });
});
