import type { JobOverride } from '@scheduler/config';
import { cleanupOldData } from './cleanup-old-data/index.ts';
import { crawlPending } from './crawl-pending/index.ts';
import { moderationUpdates } from './moderation-updates/index.ts';
import { recalculateTrending } from './recalculate-trending/index.ts';
import { submissionNotifications } from './submission-notifications/index.ts';
import type { JobDefinition } from './types.ts';
import { updateMetrics } from './update-metrics/index.ts';
import { weeklyDigest } from './weekly-digest/index.ts';

/** Every job type the service runs. Adding a type: its folder (<kebab-name>/index.ts), one line here. */
export const productionJobs = [
  crawlPending,
  weeklyDigest,
  submissionNotifications,
  moderationUpdates,
  cleanupOldData,
  updateMetrics,
  recalculateTrending,
] as const;

/** Every production job type's name, as a type: code that names a type that does not exist does not compile. */
export type JobName = (typeof productionJobs)[number]['name'];

export interface Catalogue {
  readonly all: readonly JobDefinition[];
  readonly names: readonly string[];
  get(name: string): JobDefinition | undefined;
}

export interface CatalogueOptions {
  /** Types beyond the production ones (the test types, registered by test entry points only). */
  extraJobs?: readonly JobDefinition[];
  /** Configuration's changes to the defaults (JOB_OVERRIDES), by type name. */
  overrides?: Record<string, JobOverride>;
}

export function buildCatalogue(options: CatalogueOptions = {}): Catalogue {
  const declared: JobDefinition[] = [...productionJobs, ...(options.extraJobs ?? [])];
  const overrides = options.overrides ?? {};
  const unknown = Object.keys(overrides).filter((name) => !declared.some((d) => d.name === name));
  if (unknown.length > 0) {
    throw new Error(`JOB_OVERRIDES names unknown job types: ${unknown.join(', ')}`);
  }
  const all = declared.map((definition) => withOverride(definition, overrides[definition.name]));
  const byName = new Map<string, JobDefinition>();
  for (const definition of all) {
    if (byName.has(definition.name)) {
      throw new Error(`Job type "${definition.name}" is declared twice in the catalogue`);
    }
    byName.set(definition.name, definition);
  }
  checkScheduleDeclarations(all);
  return Object.freeze({
    all: Object.freeze(all),
    names: Object.freeze(all.map((d) => d.name)),
    get: (name: string) => byName.get(name),
  });
}

/** The name of the schedule a type declares: its own, or the type's name with - for _. */
export const declaredScheduleName = (definition: JobDefinition): string =>
  definition.schedule?.name ?? definition.name.replaceAll('_', '-');

/**
 * A declaration that could never run is a bug in the code, found at start-up rather than at its
 * first slot: its payload must pass the type's schema, and no two types may claim one name.
 * (Its timing is checked by @scheduler/runtime, which owns cron parsing.)
 */
function checkScheduleDeclarations(all: readonly JobDefinition[]) {
  const claimed = new Map<string, string>();
  for (const definition of all) {
    if (!definition.schedule) continue;
    const name = declaredScheduleName(definition);
    const other = claimed.get(name);
    if (other) throw new Error(`Job types "${other}" and "${definition.name}" both declare a schedule "${name}"`);
    claimed.set(name, definition.name);
    const parsed = definition.payload.safeParse(definition.schedule.payload ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${['payload', ...i.path].join('.')}: ${i.message}`);
      throw new Error(
        `The schedule "${name}" of job type "${definition.name}" declares a payload its schema refuses: ${problems.join('; ')}`,
      );
    }
  }
}

function withOverride(definition: JobDefinition, override: JobOverride | undefined): JobDefinition {
  if (!override) return definition;
  const { defaults } = definition;
  return {
    ...definition,
    defaults: {
      ...defaults,
      attempts: override.attempts ?? defaults.attempts,
      backoff: { ...defaults.backoff, delay: override.backoffMs ?? defaults.backoff.delay },
      timeoutMs: override.timeoutMs ?? defaults.timeoutMs,
      concurrency: override.concurrency ?? defaults.concurrency,
      ...rateLimitOf(defaults, override),
    },
  };
}

function rateLimitOf(
  defaults: JobDefinition['defaults'],
  override: JobOverride,
): Pick<JobDefinition['defaults'], 'rateLimit'> {
  const max = override.rateLimitMax ?? defaults.rateLimit?.max;
  const durationMs = override.rateLimitDurationMs ?? defaults.rateLimit?.durationMs ?? (max ? 1000 : undefined);
  return max && durationMs ? { rateLimit: { max, durationMs } } : {};
}
