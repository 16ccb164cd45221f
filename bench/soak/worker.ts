// The worker process as bench:soak runs it: the production entry, plus a heap report on SIGUSR2
// (bench only). Run with --expose-gc: the report comes after a full collection, so it counts
// what the worker keeps, not garbage that has yet to be collected.
import { startWorkerProcess } from '../../apps/worker/src/main.ts';

const collect = (globalThis as { gc?: () => void }).gc;

process.on('SIGUSR2', () => {
  if (!collect) {
    process.stdout.write('soak-heap {"error":"start the worker with --expose-gc"}\n');
    return;
  }
  // Twice: objects freed by the first collection's finalizers go in the second.
  collect();
  collect();
  const { heapUsed, rss } = process.memoryUsage();
  process.stdout.write(`soak-heap ${JSON.stringify({ heapUsedMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 })}\n`);
});

startWorkerProcess();
