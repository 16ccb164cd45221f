/**
 * A queue's pause in words, in the reader's own zone: "paused since 14:02 by alice, until 15:00"
 * (a day is added when it is not today: "until Mon 7 Dec, 09:00").
 */
const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A time of the pause as the reader's clock shows it, with the day when it is not today. */
export function clockTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  return at.toDateString() === now.toDateString() ? time.format(at) : dayAndTime.format(at);
}

export function pauseWords(pause: { since: string; by: string; until: string | null }, now = new Date()): string {
  return `paused since ${clockTime(pause.since, now)} by ${pause.by}, ${
    pause.until ? `until ${clockTime(pause.until, now)}` : 'until resumed'
  }`;
}
