/**
 * The bare-BullMQ side of the lifecycle benchmark: a worker process that does nothing per job,
 * as the scheduler's worker process does for `test_noop` minus the Postgres bookkeeping.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const worker = new Worker('noop', async () => ({ success: true }), {
  connection,
  prefix: process.env.QUEUE_PREFIX ?? '{bench-bare}',
  concurrency: Number(process.env.CONCURRENCY ?? 50),
});
await worker.waitUntilReady();
console.log('worker started');
process.once('SIGTERM', async () => {
  await worker.close();
  connection.disconnect();
  process.exit(0);
});
