import type { JobType } from '../../api.ts';

export type Retention = JobType['retention'];

/** "90 days", "1 day". */
export const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** A type's retention in words: "90 days", or "90 days, failures 180 days". */
export function retentionWords(retention: Retention) {
  const failures = retention.failedDays === retention.days ? '' : `, failures ${days(retention.failedDays)}`;
  return `${days(retention.days)}${failures}`;
}

/** Where a retention comes from, in words. */
export const SOURCE_WORDS: Record<Retention['source'], string> = {
  admin: 'set by an admin',
  type: "the type's code",
  default: 'the default',
};
