import type { Answer } from '@scheduler/client';

/**
 * Alerts in words: what a rule watches, its bounds in human units, where its subject is shown,
 * how far a notification got. Pure functions of the API's values, so they are tested alone.
 */

/** The rule kinds, as the API's document names them. */
export type AlertKind = Answer<'/api/alert-rules', 'get', 200>['rules'][number]['kind'];
type SubjectKind = Answer<'/api/alerts', 'get', 200>['alerts'][number]['subject']['kind'];

// Keyed by the document's kinds: a kind the API adds fails the typecheck until it has words.
const KIND_WORDS: Record<AlertKind, string> = {
  final_failure: 'Final attempt failed',
  missed_slot: 'Missed schedule slot',
  long_run: 'Run takes too long',
  no_success: 'No successful run',
  backlog_age: 'Backlog too old',
  no_worker: 'No worker',
};

/** The rule kinds, in the order the settings list them. */
export const ALERT_KINDS = Object.keys(KIND_WORDS) as AlertKind[];
export const isAlertKind = (kind: string): kind is AlertKind => Object.hasOwn(KIND_WORDS, kind);

/**
 * What a rule of each kind may watch besides every subject ('any'). The API decides (and says
 * so when a rule does not fit); the form offers only these.
 */
export const RULE_SUBJECTS: Record<AlertKind, SubjectKind[]> = {
  final_failure: ['job_type'],
  missed_slot: ['schedule'],
  long_run: ['job_type'],
  no_success: ['schedule', 'job_type'],
  backlog_age: ['job_type'],
  no_worker: ['queue'],
};

/** "Final attempt failed" for final_failure; a kind the dashboard does not know yet, as it is. */
export const kindWords = (kind: string) => (isAlertKind(kind) ? KIND_WORDS[kind] : kind.replace(/_/g, ' '));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A bound as a person says it: "45 s", "10 min", "1 h 30 min", "2 days", "1 day 6 h". */
export function span(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < MINUTE) {
    const seconds = ms / 1000;
    return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  }
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  // Seconds only where they matter (under an hour), and at most two units in all.
  if (rest && !days && !hours) parts.push(`${rest / 1000} s`);
  return parts.slice(0, 2).join(' ');
}

type Params = Record<string, unknown>;
const num = (params: Params, key: string) => (typeof params[key] === 'number' ? (params[key] as number) : null);

/**
 * A rule's bounds in words, from its params: "after 10 min", "3 × p90, at least 1 min",
 * "longer than 2 h" (a fixed bound instead of the p90's), "none within 1 day", "older than
 * 15 min". Keys it does not know are listed as they are, so a new parameter still shows.
 */
export function boundsWords(params: Params, kind?: string): string {
  // Kinds without bounds of their own: when they fire, in words.
  if (kind === 'final_failure') return 'when a job’s last attempt fails';
  if (kind === 'missed_slot') return 'when a run is later than the schedule’s grace';
  const said: string[] = [];
  const used = new Set(['factor', 'minMs', 'maxMs', 'afterMs', 'windowMs', 'maxAgeMs']);
  const maxMs = num(params, 'maxMs');
  const factor = num(params, 'factor');
  const minMs = num(params, 'minMs');
  if (maxMs !== null) said.push(`longer than ${span(maxMs)}`);
  else if (factor !== null) said.push(`${factor} × p90${minMs !== null ? `, at least ${span(minMs)}` : ''}`);
  const afterMs = num(params, 'afterMs');
  if (afterMs !== null) said.push(`after ${span(afterMs)}`);
  if ('windowMs' in params) {
    const windowMs = num(params, 'windowMs');
    said.push(windowMs !== null ? `none within ${span(windowMs)}` : 'none within two periods and the grace');
  }
  const maxAgeMs = num(params, 'maxAgeMs');
  if (maxAgeMs !== null) said.push(`older than ${span(maxAgeMs)}`);
  for (const [key, value] of Object.entries(params)) {
    if (used.has(key) || value === null || value === undefined) continue;
    said.push(`${key} ${typeof value === 'number' && key.endsWith('Ms') ? span(value) : JSON.stringify(value)}`);
  }
  return said.length ? said.join(' · ') : 'at once';
}

/** A param's label in the rule editor; durations are typed in minutes. */
export function paramLabel(key: string): string {
  const labels: Record<string, string> = {
    afterMs: 'after (minutes)',
    maxMs: 'longer than (minutes)',
    minMs: 'at least (minutes)',
    windowMs: 'within (minutes)',
    maxAgeMs: 'older than (minutes)',
    factor: 'times its p90',
  };
  return labels[key] ?? (key.endsWith('Ms') ? `${key.slice(0, -2)} (minutes)` : key);
}

/** What an empty field means for the params that may be left out (null). */
export const EMPTY_MEANS: Record<string, string> = {
  maxMs: 'empty: the p90 bound below applies',
  windowMs: 'empty: two periods of the schedule and its grace',
};

/** Durations are edited in minutes (decimals allowed: 0.5 is 30 s), the rest as they are; null is empty. */
export const isDurationParam = (key: string) => key.endsWith('Ms');
export const toFieldValue = (key: string, value: unknown) => {
  if (typeof value !== 'number') return '';
  return isDurationParam(key) ? String(Math.round((value / MINUTE) * 1000) / 1000) : String(value);
};
/** A field's value as the param: a number, null for an empty field that may be empty, or undefined when wrong. */
export const fromFieldValue = (key: string, text: string): number | null | undefined => {
  if (text.trim() === '') return key in EMPTY_MEANS ? null : undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) return undefined;
  return isDurationParam(key) ? Math.round(value * MINUTE) : value;
};

export interface Subject {
  kind: string;
  name: string | null;
}

/** "job type crawl_pending", "schedule nightly-digest", "every job type". */
export function subjectWords(subject: Subject): string {
  if (subject.kind === 'any' || subject.name === null) return 'any subject';
  return `${subject.kind.replace(/_/g, ' ')} ${subject.name}`;
}

/**
 * Where the dashboard shows an alert's subject (a path under /dashboard), or null: a job type's
 * or a queue's jobs (one queue per type), the schedules.
 */
export function subjectHref(subject: Subject): string | null {
  if (subject.name === null) return null;
  if (subject.kind === 'job_type' || subject.kind === 'queue') return `/jobs?type=${encodeURIComponent(subject.name)}`;
  if (subject.kind === 'schedule') return '/schedules';
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The job an alert is about, where its details name one (the failed job, the long run). */
export function jobOf(details: Params): string | null {
  for (const key of ['jobId', 'lastSuccessJobId']) {
    const value = details[key];
    if (typeof value === 'string' && UUID.test(value)) return value;
  }
  return null;
}

export interface Notification {
  channelName: string;
  transition: string;
  deliveredAt: string | null;
  gaveUpAt: string | null;
  attempts: number;
  lastError: string | null;
}

export type Delivery = 'delivered' | 'retrying' | 'gave_up' | 'pending';

/**
 * How far a notification got: delivered, retrying after a failed try, given up once its tries ran
 * out (it is never sent again, so "not delivered yet" would promise a try that never comes), or
 * not tried yet.
 */
export function deliveryOf(n: Notification): { state: Delivery; words: string } {
  if (n.deliveredAt) return { state: 'delivered', words: 'delivered' };
  if (n.attempts > 0) {
    const tries = `${n.attempts} ${n.attempts === 1 ? 'try' : 'tries'}`;
    if (n.gaveUpAt) {
      return {
        state: 'gave_up',
        words: `not delivered: gave up after ${tries}${n.lastError ? ` (${n.lastError})` : ''}`,
      };
    }
    return { state: 'retrying', words: `not delivered yet (${tries}${n.lastError ? `: ${n.lastError}` : ''})` };
  }
  return { state: 'pending', words: 'waiting to be sent' };
}

/** Whether an alert is silenced at `now`. */
export const isSilenced = (alert: { silencedUntil: string | null }, now: number) =>
  alert.silencedUntil !== null && Date.parse(alert.silencedUntil) > now;

/** The preset ends of a silence: in an hour, in 4 hours, tomorrow at 09:00 (local), in a week. */
export function silencePresets(now: Date): Array<{ label: string; until: Date }> {
  const tomorrowMorning = new Date(now);
  tomorrowMorning.setDate(tomorrowMorning.getDate() + 1);
  tomorrowMorning.setHours(9, 0, 0, 0);
  return [
    { label: '1 hour', until: new Date(now.getTime() + HOUR) },
    { label: '4 hours', until: new Date(now.getTime() + 4 * HOUR) },
    { label: 'Tomorrow 09:00', until: tomorrowMorning },
    { label: '1 week', until: new Date(now.getTime() + 7 * DAY) },
  ];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as a datetime-local input shows it (local time, to the minute). */
export const toLocalInput = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** A datetime-local input's value as an instant, or null when it is empty or not a date. */
export function fromLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
