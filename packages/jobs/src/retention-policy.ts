import type { RetentionDays, RetentionOverride } from '@scheduler/db';
import type { JobDefinition } from './types.ts';

/**
 * How long finished jobs stay in scheduled_jobs when neither the type's code nor an admin says
 * otherwise (cleanup_old_data's `jobArchiveAfterDays` replaces it for one run).
 */
export const DEFAULT_RETENTION_DAYS = 90;

/** Where a type's retention comes from: an admin's override, its definition, or the default. */
export type RetentionSource = 'admin' | 'type' | 'default';

/** A type's retention as cleanup_old_data applies it, and where it comes from. */
export interface EffectiveRetention extends RetentionDays {
  source: RetentionSource;
  /** What the type has without an admin's override: its definition's, or the default. */
  declared: RetentionDays & { source: Exclude<RetentionSource, 'admin'> };
  /** The admin's override, with who set it and when; null when there is none. */
  override: RetentionOverride | null;
}

/** A definition's own retention (failures as long as the rest unless it says), or the default. */
export function declaredRetention(
  definition: Pick<JobDefinition, 'retention'> | undefined,
  defaultDays = DEFAULT_RETENTION_DAYS,
): EffectiveRetention['declared'] {
  const own = definition?.retention;
  if (!own) return { days: defaultDays, failedDays: defaultDays, source: 'default' };
  return { days: own.days, failedDays: own.failedDays ?? own.days, source: 'type' };
}

/** The retention that applies to a type: an admin's override wins over the definition's. */
export function effectiveRetention(
  definition: Pick<JobDefinition, 'retention'> | undefined,
  override: RetentionOverride | null | undefined,
  defaultDays = DEFAULT_RETENTION_DAYS,
): EffectiveRetention {
  const declared = declaredRetention(definition, defaultDays);
  if (override) return { days: override.days, failedDays: override.failedDays, source: 'admin', declared, override };
  return { days: declared.days, failedDays: declared.failedDays, source: declared.source, declared, override: null };
}
