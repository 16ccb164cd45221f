import { createSql } from '@scheduler/db';
import { afterAll, describe, expect, it } from 'vitest';
import { productionJobs } from '../src/catalogue.ts';
import { buildJobDeps, needsOf } from '../src/deps.ts';
import type { CrawlerClient } from '../src/services/crawler.ts';
import type { EmailClient } from '../src/services/email.ts';

// Building a dependency sends no query: the pool never connects.
const sql = createSql('postgres://127.0.0.1:5432/postgres', { max: 1 });
afterAll(() => sql.end({ timeout: 1 }));

/** Resources whose HTTP clients count how often they are made (no test here calls one). */
function countedResources() {
  const made = { crawler: 0, email: 0 };
  const crawler = {} as CrawlerClient;
  const email = {} as EmailClient;
  return {
    made,
    resources: {
      sql,
      catalogue: { all: productionJobs },
      crawler: () => {
        made.crawler++;
        return crawler;
      },
      email: () => {
        made.email++;
        return email;
      },
    },
  };
}

describe('buildJobDeps', () => {
  it('builds exactly the dependencies named, each once, and makes an HTTP client only when one is named', () => {
    const { made, resources } = countedResources();
    const deps = buildJobDeps(['trending', 'crawler', 'trending', 'sql'], resources);

    expect(Object.keys(deps).sort()).toEqual(['crawler', 'sql', 'trending']);
    expect(deps.sql).toBe(sql);
    expect(typeof deps.trending.replaceWindow).toBe('function');
    expect(made).toEqual({ crawler: 1, email: 0 });
  });

  it("builds a catalogue's dependencies from the union of its types' needs", () => {
    const { made, resources } = countedResources();
    const needs = needsOf(productionJobs);
    const deps = buildJobDeps(needs, resources);

    expect([...needs].sort()).toEqual(
      [
        'affinities',
        'contentMetrics',
        'crawlClaims',
        'crawler',
        'email',
        'ledger',
        'recipients',
        'retention',
        'trending',
      ].sort(),
    );
    expect(Object.keys(deps).sort()).toEqual([...needs].sort());
    for (const definition of productionJobs) {
      for (const name of definition.needs) expect(deps[name], `${definition.name} needs ${name}`).toBeDefined();
    }
    expect(made).toEqual({ crawler: 1, email: 1 });
  });
});
