import { cleanupOldData } from './catalogue/cleanup-old-data.ts';
import { crawlPending } from './catalogue/crawl-pending.ts';
import { moderationUpdates } from './catalogue/moderation-updates.ts';
import { recalculateTrending } from './catalogue/recalculate-trending.ts';
import { submissionNotifications } from './catalogue/submission-notifications.ts';
import { updateMetrics } from './catalogue/update-metrics.ts';
import { weeklyDigest } from './catalogue/weekly-digest.ts';
import { testJobs } from './testing/test-jobs.ts';
import type { JobDefinition } from './types.ts';

/** Every job type of DESIGN.md. Adding a type: one file in catalogue/, one line here. */
export const productionJobs = [
  crawlPending,
  weeklyDigest,
  submissionNotifications,
  moderationUpdates,
  cleanupOldData,
  updateMetrics,
  recalculateTrending,
] as const;

export interface Catalogue {
  readonly all: readonly JobDefinition[];
  readonly names: readonly string[];
  get(name: string): JobDefinition | undefined;
}

export function buildCatalogue(options: { includeTestJobs: boolean }): Catalogue {
  const all: JobDefinition[] = [...productionJobs, ...(options.includeTestJobs ? testJobs : [])];
  const byName = new Map<string, JobDefinition>();
  for (const definition of all) {
    if (byName.has(definition.name)) {
      throw new Error(`Job type "${definition.name}" is declared twice in the catalogue`);
    }
    byName.set(definition.name, definition);
  }
  return Object.freeze({
    all: Object.freeze(all),
    names: Object.freeze(all.map((d) => d.name)),
    get: (name: string) => byName.get(name),
  });
}
