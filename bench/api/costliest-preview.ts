/**
 * The costliest schedule preview the security probe found (issue 21, finding 2): the 29th of
 * February that is the fifth Friday, a hundred times, in a zone 12:45 ahead of UTC.
 */
export const COSTLIEST_PREVIEW = `/api/schedule-preview?${new URLSearchParams({
  cron: '0 0 29 2 5#5',
  count: '100',
  timezone: 'Pacific/Chatham',
})}`;
