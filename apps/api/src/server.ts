import { pathToFileURL } from 'node:url';
import { ConfigError, loadApiConfig } from '@scheduler/config';
import { migrate } from '@scheduler/db';
import { buildApp } from './app.ts';
import { type ApiDepsOptions, createApiDeps } from './deps.ts';

/** The API process: migrate, listen, stop gracefully on SIGTERM/SIGINT. */
export async function runApiServer(options: ApiDepsOptions = {}) {
  const config = loadApiConfig();
  if (config.MIGRATE_ON_START) await migrate(config.DATABASE_URL);
  const app = await buildApp(createApiDeps(config, options));
  if (!config.CLERK_JWT_KEY && !config.CLERK_SECRET_KEY) {
    app.log.warn('Clerk is not configured (CLERK_JWT_KEY or CLERK_SECRET_KEY): only the service key is accepted');
  }
  await app.listen({ port: config.PORT, host: config.HOST });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing open requests');
    const force = setTimeout(() => {
      app.log.warn('requests still open after the grace period; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Starts the process when this file is the entry point (and not when a test entry imports it). */
export function startApiServer(options: ApiDepsOptions = {}) {
  runApiServer(options).catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error('scheduler-api failed to start:', error);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) startApiServer();
