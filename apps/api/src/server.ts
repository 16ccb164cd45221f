import { ConfigError, loadApiConfig } from '@scheduler/config';
import { migrate } from '@scheduler/db';
import { buildApp } from './app.ts';
import { createApiDeps } from './deps.ts';

async function main() {
  const config = loadApiConfig();
  if (config.MIGRATE_ON_START) await migrate(config.DATABASE_URL);
  const app = await buildApp(createApiDeps(config));
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

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('scheduler-api failed to start:', error);
  process.exit(1);
});
