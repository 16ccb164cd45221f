/**
 * Times in a schedule's own zone, which need not be the browser's: a pause "until 09:00" means
 * 09:00 where the schedule runs. Intl knows every zone's offsets, so no time-zone library is
 * loaded for these few conversions.
 */

const partsFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** The wall clock of `at` in the zone, as the fields of a date. */
function wallParts(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
  };
}

/** How far the zone's clock is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const w = wallParts(at, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - (at.getTime() - at.getMilliseconds());
}

/**
 * The instant a wall time ("2026-12-06T15:00", as a datetime-local input gives it) has in the
 * zone. The offset is looked up at a first guess and once more at the result, which settles a
 * time next to a daylight-saving change.
 */
export function instantInZone(wall: string, timeZone: string): Date {
  const asUtc = Date.parse(`${wall.length === 16 ? `${wall}:00` : wall}Z`);
  let guess = asUtc;
  for (let pass = 0; pass < 2; pass++) guess = asUtc - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `at` as a datetime-local input shows it in the zone: "2026-12-06T15:00". */
export function wallTimeInZone(at: Date, timeZone: string): string {
  const w = wallParts(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The next day's `hour`:00 in the zone, after `now` ("until tomorrow 09:00"). */
export function tomorrowAt(hour: number, timeZone: string, now = new Date()): Date {
  const w = wallParts(now, timeZone);
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return instantInZone(
    `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}T${pad(hour)}:00`,
    timeZone,
  );
}

/**
 * A time as the schedule's zone shows it, short: "15:00 UTC" today, "Mon 7 Dec, 09:00 CET"
 * another day.
 */
export function timeInZone(iso: string, timeZone: string, now = new Date()): string {
  const at = new Date(iso);
  const sameDay = wallTimeInZone(at, timeZone).slice(0, 10) === wallTimeInZone(now, timeZone).slice(0, 10);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(sameDay ? {} : { weekday: 'short', day: 'numeric', month: 'short' }),
  }).format(at);
}

/** The zones a browser knows, for a time-zone field's suggestions. */
export const knownTimeZones = (): string[] =>
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
