import { describe, expect, it } from 'vitest';
import {
  boundsWords,
  deliveryOf,
  fromFieldValue,
  fromLocalInput,
  jobOf,
  kindWords,
  silencePresets,
  span,
  subjectHref,
  subjectWords,
  toFieldValue,
  toLocalInput,
} from '../src/pages/alerts/words.ts';

/** What the alerts pages say about rules, subjects and notifications. */
describe('alert words', () => {
  it('says a bound in the units a person uses', () => {
    expect(span(45_000)).toBe('45 s');
    expect(span(1_500)).toBe('1.5 s');
    expect(span(600_000)).toBe('10 min');
    expect(span(90_000)).toBe('1 min 30 s');
    expect(span(5_400_000)).toBe('1 h 30 min');
    expect(span(86_400_000)).toBe('1 day');
    expect(span(2 * 86_400_000 + 6 * 3_600_000 + 60_000)).toBe('2 days 6 h');
    expect(span(-1)).toBe('–');
  });

  it('says a rule’s bounds from its params', () => {
    expect(boundsWords({ afterMs: 600_000 })).toBe('after 10 min');
    expect(boundsWords({ factor: 3, minMs: 60_000 })).toBe('3 × p90, at least 1 min');
    expect(boundsWords({ windowMs: 86_400_000 })).toBe('none within 1 day');
    expect(boundsWords({ maxAgeMs: 900_000 })).toBe('older than 15 min');
    // A fixed bound replaces the p90's; without one the p90's applies.
    expect(boundsWords({ maxMs: 7_200_000, factor: 3, minMs: 300_000 })).toBe('longer than 2 h');
    expect(boundsWords({ maxMs: null, factor: 3, minMs: 300_000 })).toBe('3 × p90, at least 5 min');
    expect(boundsWords({ windowMs: null })).toBe('none within two periods and the grace');
    expect(boundsWords({})).toBe('at once');
    expect(boundsWords({}, 'final_failure')).toBe('when a job’s last attempt fails');
    expect(boundsWords({}, 'missed_slot')).toBe('when a run is later than the schedule’s grace');
    expect(boundsWords({ maxAgeMs: 900_000 }, 'backlog_age')).toBe('older than 15 min');
    // A parameter the dashboard does not know yet still shows.
    expect(boundsWords({ afterMs: 60_000, extraMs: 30_000, mode: 'strict' })).toBe(
      'after 1 min · extraMs 30 s · mode "strict"',
    );
  });

  it('edits durations in minutes and gives milliseconds back', () => {
    expect(toFieldValue('afterMs', 600_000)).toBe('10');
    expect(toFieldValue('afterMs', 30_000)).toBe('0.5');
    expect(toFieldValue('factor', 3)).toBe('3');
    expect(fromFieldValue('afterMs', '0.5')).toBe(30_000);
    expect(fromFieldValue('factor', '2.5')).toBe(2.5);
    // Empty is null where the API takes null (a default bound), and wrong elsewhere.
    expect(fromFieldValue('maxMs', '')).toBeNull();
    expect(fromFieldValue('windowMs', ' ')).toBeNull();
    expect(toFieldValue('maxMs', null)).toBe('');
    expect(fromFieldValue('afterMs', '')).toBeUndefined();
    expect(fromFieldValue('afterMs', '-1')).toBeUndefined();
    expect(fromFieldValue('afterMs', 'soon')).toBeUndefined();
  });

  it('names kinds and subjects, and links the subject where the dashboard shows it', () => {
    expect(kindWords('final_failure')).toBe('Final attempt failed');
    expect(kindWords('something_new')).toBe('something new');
    expect(kindWords('toString')).toBe('toString');
    expect(subjectWords({ kind: 'job_type', name: 'crawl_pending' })).toBe('job type crawl_pending');
    expect(subjectWords({ kind: 'any', name: null })).toBe('any subject');
    expect(subjectHref({ kind: 'job_type', name: 'weekly digest' })).toBe('/jobs?type=weekly%20digest');
    expect(subjectHref({ kind: 'queue', name: 'crawl' })).toBe('/jobs?type=crawl');
    expect(subjectHref({ kind: 'schedule', name: 'nightly' })).toBe('/schedules');
    expect(subjectHref({ kind: 'any', name: null })).toBeNull();
  });

  it('finds the job an alert’s details name', () => {
    const id = '0b9c6c52-4f0e-4b8f-9d55-1c1a3c1f2e10';
    expect(jobOf({ jobId: id })).toBe(id);
    expect(jobOf({ lastSuccessJobId: id, other: 1 })).toBe(id);
    expect(jobOf({ jobId: 'not-a-uuid' })).toBeNull();
    expect(jobOf({})).toBeNull();
  });

  it('says how far a notification got', () => {
    const base = {
      channelName: 'ops',
      transition: 'opened',
      deliveredAt: null,
      gaveUpAt: null,
      attempts: 0,
      lastError: null,
    };
    expect(deliveryOf(base)).toEqual({ state: 'pending', words: 'waiting to be sent' });
    expect(deliveryOf({ ...base, attempts: 2, lastError: 'HTTP 503' })).toEqual({
      state: 'retrying',
      words: 'not delivered yet (2 tries: HTTP 503)',
    });
    expect(deliveryOf({ ...base, attempts: 1, deliveredAt: '2026-12-06T09:00:00Z' }).state).toBe('delivered');
    // Its tries ran out: it is never sent again, so it is not "not delivered yet".
    expect(deliveryOf({ ...base, attempts: 12, lastError: 'HTTP 503', gaveUpAt: '2026-12-06T10:00:00Z' })).toEqual({
      state: 'gave_up',
      words: 'not delivered: gave up after 12 tries (HTTP 503)',
    });
  });

  it('offers silences that end in the future, and reads a typed date-time as local time', () => {
    const now = new Date(2026, 11, 6, 22, 30);
    const presets = silencePresets(now);
    expect(presets.map((p) => p.label)).toEqual(['1 hour', '4 hours', 'Tomorrow 09:00', '1 week']);
    for (const preset of presets) expect(preset.until.getTime()).toBeGreaterThan(now.getTime());
    expect(presets[2]?.until).toEqual(new Date(2026, 11, 7, 9, 0));
    expect(toLocalInput(new Date(2026, 0, 5, 7, 3))).toBe('2026-01-05T07:03');
    expect(fromLocalInput('2026-01-05T07:03')).toEqual(new Date(2026, 0, 5, 7, 3));
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
  });
});
