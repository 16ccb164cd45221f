/**
 * The latency phase's baseline: the minimal durable record over HTTP. The least an HTTP trigger
 * that keeps a row per job can do: a POST is answered 202 with the job's id once its row is
 * committed (minimal-record.ts, batched as the service batches) and the job is queued in BullMQ
 * with the lifecycle's options. Nothing else: no authentication, rate limit, validation, audit
 * row or log line. Its worker is bare-worker.ts with RECORD_START (the start recorded and waited
 * for, the completion written behind), so trigger-to-running is measured the same way for both.
 */
import http from 'node:http';
import { createSql } from '@scheduler/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BARE_JOB_OPTIONS, createMinimalRecord } from './minimal-record.ts';

const sql = createSql(process.env.RECORD_DATABASE_URL as string, { max: 20 });
const record = createMinimalRecord(sql);
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const queue = new Queue('noop', { connection, prefix: process.env.QUEUE_PREFIX ?? '{bench-minimal-http}' });

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', async () => {
    try {
      const id = await record.create();
      await queue.add('noop', { payload: {} }, { jobId: id, ...BARE_JOB_OPTIONS });
      response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('Server listening'));
process.once('SIGTERM', async () => {
  server.close();
  server.closeAllConnections();
  await queue.close();
  connection.disconnect();
  await sql.end();
  process.exit(0);
});
