/**
 * The lifecycle's statements alone, without BullMQ or HTTP: the time of one batch of `--batch`
 * starts and of as many completions (one statement each), `--batches` times. With `--baseline
 * <file>` (another version of packages/lifecycle/src/store.ts, e.g. `git show
 * <rev>:packages/lifecycle/src/store.ts > packages/lifecycle/src/store-baseline.ts`) the two
 * stores are interleaved batch by batch on one database, so the machine's load, which moves the
 * whole-pipeline figures by more than a small change costs, falls on both alike.
 *
 * Usage: pnpm --filter @scheduler/bench settle-batches [-- --batches 300 --batch 50 --baseline <file>]
 * Uses (drops and recreates) the database scheduler_bench_settle[_<TEST_DB_NAMESPACE>].
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createSql, type Sql } from '@scheduler/db';
import { createLifecycleStore, type LifecycleStore } from '@scheduler/lifecycle';
import { dropDatabase, freshDatabase, runBench } from '../support/processes.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    batches: { type: 'string', default: '300' },
    batch: { type: 'string', default: '50' },
    types: { type: 'string', default: '4' },
    baseline: { type: 'string' },
  },
});
const BATCHES = Number(args.batches);
const BATCH = Number(args.batch);
const TYPES = Number(args.types);
const NAMESPACE = (process.env.TEST_DB_NAMESPACE ?? '').replace(/[^a-z]/gi, '').toLowerCase();
const DATABASE = `scheduler_bench_settle${NAMESPACE ? `_${NAMESPACE}` : ''}`;

type Store = Pick<LifecycleStore, 'create' | 'start' | 'complete'>;

/** One batch of starts, then one of completions, each timed. */
async function batchOf(store: Store): Promise<{ start: number; complete: number }> {
  const ids = await Promise.all(
    Array.from(
      { length: BATCH },
      async (_, i) =>
        (
          await store.create({
            jobType: `t${i % TYPES}`,
            payload: {},
            priority: 'LOW',
            maxAttempts: 1,
            startedBy: null,
          })
        ).record?.id as string,
    ),
  );
  // Calls made in one tick leave as one statement (the store's batcher).
  let t0 = performance.now();
  await Promise.all(ids.map((id) => store.start(id, 'bench')));
  const start = performance.now() - t0;
  t0 = performance.now();
  await Promise.all(ids.map((id) => store.complete(id, { success: true })));
  return { start, complete: performance.now() - t0 };
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)] ?? Number.NaN;

async function main() {
  const url = await freshDatabase(DATABASE);
  const sql: Sql = createSql(url, { max: 10 });
  const stores: Record<string, Store> = { current: createLifecycleStore(sql) };
  if (args.baseline) {
    const module = await import(pathToFileURL(resolve(args.baseline)).href);
    stores.baseline = module.createLifecycleStore(sql) as Store;
  }
  const names = Object.keys(stores);
  const times = Object.fromEntries(names.map((n) => [n, { start: [] as number[], complete: [] as number[] }]));
  for (let b = 0; b < BATCHES; b++) {
    for (const name of b % 2 ? [...names].reverse() : names) {
      const { start, complete } = await batchOf(stores[name] as Store);
      times[name]?.start.push(start);
      times[name]?.complete.push(complete);
    }
  }
  console.log(`${BATCHES} batches of ${BATCH} jobs over ${TYPES} types per store, interleaved`);
  for (const [name, t] of Object.entries(times)) {
    console.log(
      `  ${name.padEnd(8)} start batch p50 ${quantile(t.start, 0.5).toFixed(2)} ms, p90 ${quantile(t.start, 0.9).toFixed(2)} ms;` +
        ` completion batch p50 ${quantile(t.complete, 0.5).toFixed(2)} ms, p90 ${quantile(t.complete, 0.9).toFixed(2)} ms`,
    );
  }
  await sql.end();
  await dropDatabase(DATABASE);
}

runBench(main);
