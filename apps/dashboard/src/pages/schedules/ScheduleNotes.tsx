import { Link } from 'wouter';
import type { Schedule } from '../../api.ts';
import { duration } from '../../format.ts';
import { useCanWrite } from '../../session.tsx';
import { timeInZone } from './zoned-time.ts';
import './notes.css';

/**
 * What a schedule's row, its page and the Overview say about it besides its timing: where it
 * comes from, how it differs from the code, a pause, its last missed runs.
 */

/** "from the code" (declared where its job type is defined) or "made here" (in the dashboard or the API). */
export function Origin({ schedule }: { schedule: Schedule }) {
  return schedule.declared ? (
    <span className="badge origin-code" title="Declared with its job type in the code">
      from the code
    </span>
  ) : (
    <span className="badge origin-here" title="Created in the dashboard or through the API">
      made here
    </span>
  );
}

type Declared = NonNullable<Schedule['declared']>;
const POLICY_WORDS: Record<string, string> = {
  skip: 'skip',
  run_once: 'run once',
  catch_up: 'catch up',
  queue: 'queue after',
  cancel: 'cancel the running one',
};

/** One setting as a reader says it: "0 3 * * *", "priority HIGH", "every 5 min 0 s". */
function setting(field: string, value: unknown): string {
  switch (field) {
    case 'cron':
      return value === null ? 'no cron' : String(value);
    case 'everyMs':
      return value === null ? 'no interval' : `every ${duration(Number(value))}`;
    case 'timezone':
      return `in ${value}`;
    case 'priority':
      return value === null ? "the type's priority" : `priority ${value}`;
    case 'description':
      return value === null ? 'no description' : `description “${value}”`;
    case 'missedPolicy':
      return `missed runs: ${POLICY_WORDS[String(value)] ?? value}`;
    case 'overlapPolicy':
      return `overlap: ${POLICY_WORDS[String(value)] ?? value}`;
    case 'payload':
      return `payload ${JSON.stringify(value)}`;
    default:
      return `${field} ${JSON.stringify(value)}`;
  }
}
/** The schedule's own value of a field the code declares. */
const current = (schedule: Schedule, field: string): unknown =>
  field === 'priority' ? schedule.priorityOverride : (schedule as unknown as Record<string, unknown>)[field];

/** The fields an override changed, as the code says them and as they are. */
export function driftOf(schedule: Schedule): Array<{ field: string; code: string; here: string }> {
  const { declared, override } = schedule;
  if (!declared || !override) return [];
  return override.fields.map((field) => ({
    field,
    code: setting(field, (declared as Declared & Record<string, unknown>)[field] ?? null),
    here: setting(field, current(schedule, field) ?? null),
  }));
}

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

/** "The code says 0 3 * * *; runs 0 4 * * * since 3 Dec, set by admin." */
export function driftSentence(schedule: Schedule): string | null {
  const drift = driftOf(schedule);
  const { override } = schedule;
  if (!override || drift.length === 0) return null;
  return `The code says ${drift.map((d) => d.code).join(', ')}; runs ${drift.map((d) => d.here).join(', ')} since ${day.format(new Date(override.at))}, set by ${override.by}.`;
}

/** The drift from the code, in words, or nothing when the schedule is as the code says. */
export function Drift({ schedule }: { schedule: Schedule }) {
  const sentence = driftSentence(schedule);
  return sentence ? <p className="drift">{sentence}</p> : null;
}

/** "Paused until 15:00 UTC by admin · resumes by itself", with Resume for whoever may. */
export function PauseNote({
  pause,
  timezone,
  onResume,
}: {
  pause: { until: string; by: string | null };
  timezone: string;
  onResume?: (() => void) | undefined;
}) {
  const canWrite = useCanWrite();
  return (
    <span className="pause-note">
      <span>
        Paused until {timeInZone(pause.until, timezone)}
        {pause.by ? ` by ${pause.by}` : ''} · resumes by itself
      </span>
      {canWrite && onResume ? (
        <button type="button" className="link" onClick={onResume}>
          Resume
        </button>
      ) : null}
    </span>
  );
}

/** The last missed runs and what was done ("missed 02:00–05:00 (3 slots): ran once at 05:02"). */
export function LastMiss({ schedule, link = true }: { schedule: Schedule; link?: boolean }) {
  if (!schedule.lastMiss) return null;
  const summary = schedule.lastMiss.summary;
  return (
    <p className="last-miss">{link ? <Link href={`/schedules/${schedule.name}#misses`}>{summary}</Link> : summary}</p>
  );
}
