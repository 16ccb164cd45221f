/**
 * The bare-BullMQ side of the lifecycle benchmark: a worker process that does nothing per job,
 * as the scheduler's worker process does for `test_noop` minus the Postgres bookkeeping.
 *
 * With RECORD_DATABASE_URL it is the minimal durable record's worker (minimal-record.ts): the
 * same worker, plus each job's row set to completed, written behind as the scheduler's worker
 * writes its completions (the job's slot does not wait for it; the bench's clock does). With
 * RECORD_START too it first marks the row running and waits for that, as the scheduler's worker
 * waits for its start: the latency baseline (minimal-http.ts).
 */
import { createSql } from '@scheduler/db';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createMinimalRecord } from './minimal-record.ts';

const recordUrl = process.env.RECORD_DATABASE_URL;
const sql = recordUrl ? createSql(recordUrl, { max: Number(process.env.DATABASE_POOL_SIZE ?? 20) }) : null;
const record = sql ? createMinimalRecord(sql) : null;

const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const worker = new Worker(
  'noop',
  async (job) => {
    // RECORD_START: the latency baseline's worker, which records the start and waits for it.
    if (record && process.env.RECORD_START && !(await record.start(job.id as string))) return { success: false };
    record?.complete(job.id as string).catch((error) => console.error('could not complete the row', error));
    return { success: true };
  },
  {
    connection,
    prefix: process.env.QUEUE_PREFIX ?? '{bench-bare}',
    concurrency: Number(process.env.CONCURRENCY ?? 50),
  },
);
await worker.waitUntilReady();
console.log('worker started');
process.once('SIGTERM', async () => {
  await worker.close();
  connection.disconnect();
  await sql?.end();
  process.exit(0);
});
