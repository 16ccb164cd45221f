/**
 * `pnpm start`: the whole service on one machine, for local use. Finds Postgres and Redis, or
 * starts them (local-services.ts), creates the database if it is missing, applies the
 * scheduler's migrations and the reference Stumbleable tables, then runs the stand-ins, the API
 * and the worker as separate processes (as production runs them) until Ctrl-C. Production
 * starts `apps/api` and `apps/worker` on their own instead.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from '@scheduler/config';
import { ensureDatabaseExists, migrate } from '@scheduler/db';
import { createLineRenderer, type LogFormat, wantsPretty } from '@scheduler/runtime';
import { ensurePostgres, ensureRedis } from './local-services.ts';
import { type KeySource, startBanner } from './start-banner.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const keyFile = `${root}.local/service-key`;

function serviceKey(): { key: string; source: KeySource } {
  if (process.env.SCHEDULER_SERVICE_KEY) return { key: process.env.SCHEDULER_SERVICE_KEY, source: 'environment' };
  if (existsSync(keyFile)) return { key: readFileSync(keyFile, 'utf8').trim(), source: 'file' };
  const key = randomBytes(32).toString('hex');
  mkdirSync(`${root}.local`, { recursive: true });
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  return { key, source: 'generated' };
}

/** The local receiver as the default alert channel, with a secret kept beside the service key. */
function localAlertWebhook(): Record<string, string> {
  if (process.env.ALERT_WEBHOOK_URL) return {};
  const secretFile = `${root}.local/alert-webhook-secret`;
  if (!existsSync(secretFile)) {
    mkdirSync(`${root}.local`, { recursive: true });
    writeFileSync(secretFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  const port = process.env.ALERT_RECEIVER_PORT ?? '7017';
  return {
    ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/default`,
    ALERT_WEBHOOK_SECRET: readFileSync(secretFile, 'utf8').trim(),
  };
}

// Readable coloured lines when a person runs this on a terminal (or LOG_FORMAT=pretty); the
// processes' JSON lines unchanged otherwise (LOG_FORMAT=json, or output to a file or a pipe).
const render = createLineRenderer(
  wantsPretty((process.env.LOG_FORMAT as LogFormat | undefined) ?? 'auto'),
  process.stdout.isTTY === true,
);
const show = (name: string, line: string) => process.stdout.write(render(name, line));

/**
 * Postgres and Redis: as configured, or (with nothing configured) the ones on the default
 * ports, or else an embedded Postgres and the machine's redis-server (local-services.ts).
 */
async function localServices() {
  let databaseUrl = process.env.DATABASE_URL;
  let stopPostgres = async () => {};
  if (!databaseUrl) {
    const defaultUrl = new URL(DEFAULT_DATABASE_URL);
    const postgres = await ensurePostgres({
      port: Number(defaultUrl.port || 5432),
      dataDir: `${root}.local/postgres`,
      database: defaultUrl.pathname.slice(1),
    });
    if (postgres.source !== 'running') console.log(`Postgres: ${postgres.source}`);
    databaseUrl = postgres.url;
    stopPostgres = postgres.stop;
  }
  let stopRedis = () => {};
  if (!process.env.REDIS_URL) {
    const redis = await ensureRedis({ port: Number(new URL(DEFAULT_REDIS_URL).port), dataDir: `${root}.local/redis` });
    if (redis.source !== 'running') console.log(`Redis: ${redis.source}`);
    stopRedis = redis.stop;
  }
  return {
    databaseUrl,
    async stop() {
      stopRedis();
      await stopPostgres();
    },
  };
}

async function main() {
  const services = await localServices();
  const { databaseUrl } = services;
  if (await ensureDatabaseExists(databaseUrl))
    console.log(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const applied = await migrate(databaseUrl, { sets: ['scheduler', 'reference'] });
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'database schema is up to date');

  // The dashboard the API serves at /dashboard.
  const build = spawnSync('pnpm', ['--filter', '@scheduler/dashboard', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('could not build the dashboard');

  const { key, source } = serviceKey();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SCHEDULER_SERVICE_KEY: key,
    MIGRATE_ON_START: 'false',
    // The processes write JSON; this script shows it as it should be read (see `show`).
    LOG_FORMAT: 'json',
    // Alerts go to the local webhook receiver (GET http://127.0.0.1:7017/__stand-in/webhooks shows
    // what came) unless a webhook is configured.
    ...localAlertWebhook(),
  };
  const processes: Array<[string, string]> = [
    ['stand-ins', 'apps/stand-ins/src/main.ts'],
    ['api', 'apps/api/src/server.ts'],
    ['worker', 'apps/worker/src/main.ts'],
  ];
  const children: ChildProcess[] = processes.map(([name, entry]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      let partial = '';
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) show(name, line);
      });
    }
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
      stop(1);
    });
    return child;
  });

  const port = process.env.PORT ?? '7005';
  console.log(startBanner({ port, key, source, keyFile }));

  let stopping = false;
  function stop(code: number) {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)))
      .then(() => services.stop())
      .then(() => process.exit(code));
  }
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
}

main().catch((error: unknown) => {
  console.error('could not start the scheduler:', error);
  process.exit(1);
});
