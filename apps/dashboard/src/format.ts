/** "3 s", "4 min 10 s", "2 h 5 min". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "in 3 min", "2 h ago". */
export function fromNow(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '–';
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return relative.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return relative.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return relative.format(Math.round(diff / 3_600_000), 'hour');
  return relative.format(Math.round(diff / 86_400_000), 'day');
}

const stamp = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export const dateTime = (iso: string | null | undefined) => (iso ? stamp.format(new Date(iso)) : '–');

export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;

const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** "182 MiB", "1.4 GiB". */
export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return '–';
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < SIZE_UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size < 10 && unit > 0 ? size.toFixed(1) : Math.round(size)} ${SIZE_UNITS[unit]}`;
}
