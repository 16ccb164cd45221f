import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { ensureDatabaseExists, type MigrationSet, migrate } from '@scheduler/db';
import { waitFor } from '@scheduler/testing';
import postgres from 'postgres';

export const SERVER = 'postgres://postgres@127.0.0.1:5432';

/**
 * A bench's database name, with BENCH_NAMESPACE (or TEST_DB_NAMESPACE) appended: checkouts that
 * bench on one server at once do not drop each other's databases.
 */
export const benchDatabase = (name: string) => {
  const namespace = (process.env.BENCH_NAMESPACE ?? process.env.TEST_DB_NAMESPACE ?? '').replace(/[^a-z0-9]/g, '');
  return namespace ? `${name}_${namespace}` : name;
};

/** Runs `task` for 0..count-1 with at most `inFlight` running at once. */
export async function pool(count: number, inFlight: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * The Node flags an app's production start gives (`apps/<app>/package.json`, its `start`
 * script: the worker's young generation and heap limit), so a bench runs each process with the
 * heap production gives it.
 */
export function productionNodeFlags(app: 'api' | 'worker'): string[] {
  const manifest = JSON.parse(readFileSync(new URL(`../../apps/${app}/package.json`, import.meta.url), 'utf8'));
  const start = String((manifest as { scripts?: { start?: string } }).scripts?.start ?? '');
  return start.split(' ').filter((word) => word.startsWith('--'));
}

/**
 * The processes the bench spawned and that still run. A bench that fails midway exits without
 * stopping them; left behind, they would keep polling Redis and Postgres and load the next runs'
 * figures. Node runs 'exit' listeners on process.exit, so they are stopped there.
 */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** Starts a process as production runs it (its own event loop, its own core if free). */
export async function spawnProcess(
  entry: string,
  env: Record<string, string>,
  readyText = 'worker started',
  nodeFlags: string[] = [],
  { onOutput }: { onOutput?: (text: string) => void } = {},
) {
  // BENCH_PROFILE=dir writes a CPU profile of each process there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // A built bundle (.js) runs on plain Node, as in production; sources go through tsx.
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  // BENCH_NODE_FLAGS="--trace-gc --import=/tmp/probe.mjs": more flags for every process (diagnosis).
  const extraFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeFlags, ...extraFlags, ...profile, ...loader, entry], {
    // Info level: the processes announce readiness in their logs.
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    // Whoever reads the output (warnings counted, say) gets stderr too; else it is shown.
    stdio: ['ignore', 'pipe', onOutput ? 'pipe' : 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
    if (output.length > 100_000) output = output.slice(-10_000);
    onOutput?.(String(chunk));
  });
  child.stderr?.on('data', (chunk) => onOutput?.(String(chunk)));
  await waitFor(
    `${entry} to start`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${entry} exited: ${output}`);
      return output.includes(readyText);
    },
    // A loaded machine (other suites, a seeding just done) can take long to compile and start it.
    { timeoutMs: 120_000 },
  );
  return child;
}

export async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Drops the bench database `name` (its connections are closed). */
export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** Drops and recreates `name`, then applies the migrations. */
export async function freshDatabase(name: string, sets: MigrationSet[] = ['scheduler']): Promise<string> {
  await dropDatabase(name);
  const url = `${SERVER}/${name}`;
  await ensureDatabaseExists(url);
  await migrate(url, { sets });
  return url;
}

/** Runs a bench's `main` and exits: with `process.exitCode` (0 unless the bench set it), or 1 after printing what it threw. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
