import { ConfigError, loadWorkerConfig } from '@scheduler/config';
import { migrate } from '@scheduler/db';
import { createLogger } from './logger.ts';
import { startWorkerRuntime } from './runtime.ts';

async function main() {
  const config = loadWorkerConfig();
  const log = createLogger(config.LOG_LEVEL, 'scheduler-worker');
  if (config.MIGRATE_ON_START) {
    await migrate(config.DATABASE_URL, { log: (m) => log.info(m) });
  }
  const runtime = await startWorkerRuntime(config, log);

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

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('scheduler-worker failed to start:', error);
  process.exit(1);
});
