import { type CountedDiscovery, seedInteractionsToCount } from '@scheduler/jobs/test-data';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// What the handler recomputes, figure by figure, is tested beside it
// (packages/jobs/src/update-metrics). Here: the same job through the API and a worker.
let h: Harness;
let ids: Record<CountedDiscovery, string>;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  ids = await seedInteractionsToCount(h.sql);
});

describe('update_metrics', () => {
  it('triggered through the API, it completes with the rows it recomputed', async () => {
    const id = await h.trigger('update_metrics', {});
    const done = await h.waitForStatus(id, 'completed');
    expect(done.result).toMatchObject({
      success: true,
      itemsProcessed: 3,
      details: { metricsRows: 3, discoveriesChanged: 3, scope: 'all' },
    });
  });

  it('creates no table, temporary or not, on any run', async () => {
    // A temporary table per run adds and deletes catalog rows each time: at one run a second,
    // pg_attribute grew to 107 MB in a soak (issue 21). An event trigger sees every CREATE,
    // the worker's own bookkeeping of the run included: so this case runs through the stack.
    await h.sql`CREATE TABLE IF NOT EXISTS ddl_seen (tag text, object text)`;
    await h.sql.unsafe(`
      CREATE OR REPLACE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ddl_seen SELECT command_tag, object_identity FROM pg_event_trigger_ddl_commands();
      END $$`);
    await h.sql`CREATE EVENT TRIGGER note_ddl ON ddl_command_end EXECUTE FUNCTION note_ddl()`;
    try {
      await h.sql`CREATE TEMP TABLE proves_the_trigger_sees_temporary_tables (a int)`;
      for (const payload of [{}, { discoveryIds: [ids.a] }]) {
        const done = await h.waitForStatus(await h.trigger('update_metrics', payload), 'completed');
        expect(done.result.details.metricsRows).toBeGreaterThan(0);
      }
      const seen = await h.sql`SELECT tag, object FROM ddl_seen`;
      expect(seen.map((r) => r.object)).toEqual(['pg_temp.proves_the_trigger_sees_temporary_tables']);
    } finally {
      await h.sql`DROP EVENT TRIGGER IF EXISTS note_ddl`;
    }
  });
});
