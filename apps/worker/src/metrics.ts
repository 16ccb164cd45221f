import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** How a job's attempt ended, as the metrics count it. */
export type Outcome = 'completed' | 'failed' | 'cancelled' | 'retrying';

/**
 * The worker's Prometheus series, served on its internal probe port at /metrics. One registry
 * per runtime (not prom-client's global one), so several runtimes in one process (tests) keep
 * their own counts.
 */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'scheduler_worker_' });
  const finished = new Counter({
    name: 'scheduler_jobs_finished_total',
    help: 'Jobs that reached a terminal state in this process, by type and status',
    labelNames: ['type', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'scheduler_job_duration_seconds',
    help: 'Run time of finished jobs (their last attempt), by type and status',
    labelNames: ['type', 'status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'scheduler_job_retries_total',
    help: 'Failed attempts that will be retried, by type',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const stalled = new Counter({
    name: 'scheduler_stalled_jobs_recovered_total',
    help: "Jobs whose worker died or froze, put back in the queue by this process's stalled-job check",
    labelNames: ['type'] as const,
    registers: [registry],
  });

  return {
    registry,
    /** Job log lines waiting for Postgres, and lines dropped because that buffer was full. */
    watchJobLogs(jobLogs: { pending: number; dropped: number }) {
      new Gauge({
        name: 'scheduler_job_log_lines_pending',
        help: 'Job log lines kept in memory until Postgres takes them',
        registers: [registry],
        collect() {
          this.set(jobLogs.pending);
        },
      });
      new Gauge({
        name: 'scheduler_job_log_lines_dropped',
        help: 'Job log lines dropped since the process started: the buffer was full while Postgres was away',
        registers: [registry],
        collect() {
          this.set(jobLogs.dropped);
        },
      });
    },
    /** Records the end of one attempt. */
    attemptEnded(type: string, outcome: Outcome, seconds: number) {
      if (outcome === 'retrying') {
        retries.inc({ type });
        return;
      }
      finished.inc({ type, status: outcome });
      duration.observe({ type, status: outcome }, seconds);
    },
    stalledRecovered(type: string) {
      stalled.inc({ type });
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
