import { pathToFileURL } from 'node:url';
import { ConfigError, loadWorkerConfig } from '@scheduler/config';
import { migrate } from '@scheduler/db';
import { createLogger } from './logger.ts';
import { startWorkerRuntime, type WorkerOptions } from './runtime.ts';

/** The worker process: migrate, run, stop gracefully on SIGTERM/SIGINT. */
export async function runWorkerProcess(options: WorkerOptions = {}) {
  const config = loadWorkerConfig();
  const log = createLogger(config.LOG_LEVEL, 'scheduler-worker');
  if (config.MIGRATE_ON_START) {
    await migrate(config.DATABASE_URL, { log: (m) => log.info(m) });
  }
  const runtime = await startWorkerRuntime(config, log, options);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new jobs, waiting for running ones');
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
