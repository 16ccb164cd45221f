/**
 * The graphile-worker side of the lifecycle benchmark: a peer that keeps its jobs in Postgres,
 * end to end. A runner process with the bench's concurrency and a task that does nothing;
 * prints `all jobs ran` once EXPECTED_JOBS tasks have run (the bench then waits for the jobs
 * table to empty: a job is deleted from it when its completion is written).
 *
 * Options (README): graphile-worker's own batching turned on, as its performance guide advises
 * for many short jobs (the service batches its writes too): a local queue of `concurrency`
 * jobs fetched per query, and completions batched (completeJobBatchDelay 0: those of one tick
 * share a statement). New jobs are announced by LISTEN/NOTIFY (always on); pollInterval stays
 * at its default (2 s), only a fallback while notifications flow.
 */
import { Logger, run } from 'graphile-worker';

const concurrency = Number(process.env.CONCURRENCY ?? 50);
const expected = Number(process.env.EXPECTED_JOBS ?? 0);

// Its default logger writes a line per job; warnings and errors only.
const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(message);
});

let ran = 0;
const runner = await run({
  connectionString: process.env.DATABASE_URL,
  concurrency,
  maxPoolSize: concurrency + 2,
  noHandleSignals: true,
  logger,
  taskList: {
    noop: async () => {
      if (++ran === expected) console.log('all jobs ran');
    },
  },
  preset: {
    worker: {
      localQueue: { size: concurrency },
      completeJobBatchDelay: 0,
      failJobBatchDelay: 0,
    },
  },
});
console.log('worker started');
process.once('SIGTERM', async () => {
  await runner.stop();
  process.exit(0);
});
