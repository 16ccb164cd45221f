import { pathToFileURL } from 'node:url';
import { ConfigError, loadWorkerConfig } from '@scheduler/config';
import { migrate } from '@scheduler/db';
import { createLogger } from './logger.ts';
import { startWorkerRuntime, type WorkerOptions } from './runtime.ts';

/** After the grace period, how long closing the connections may take before the process exits anyway. */
export const CLOSE_BOUND_MS = 5000;

/** The worker process: migrate, run, stop gracefully on SIGTERM/SIGINT. */
export async function runWorkerProcess(options: WorkerOptions = {}) {
  const config = loadWorkerConfig();
  // Its own credentials are scrubbed from any line's text (another service's error answer may
  // repeat the headers it was sent).
  const log = createLogger(config.LOG_LEVEL, 'scheduler-worker', config.LOG_FORMAT, [
    config.SCHEDULER_SERVICE_KEY,
    config.METRICS_TOKEN,
    config.ALERT_WEBHOOK_SECRET,
  ]);
  if (config.MIGRATE_ON_START) {
    await migrate(config.DATABASE_URL, { log: (m) => log.info(m) });
  }
  const runtime = await startWorkerRuntime(config, log, options);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new jobs, waiting for running ones');
    // A bound, whatever hangs: the grace period for running jobs, then a few seconds to close
    // connections. Kubernetes' terminationGracePeriodSeconds can be set from it.
    setTimeout(() => {
      log.error({ afterMs: config.SHUTDOWN_GRACE_MS + CLOSE_BOUND_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + CLOSE_BOUND_MS).unref();
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Starts the process when this file is the entry point (and not when a test entry imports it). */
export function startWorkerProcess(options: WorkerOptions = {}) {
  runWorkerProcess(options).catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error('scheduler-worker failed to start:', error);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) startWorkerProcess();
