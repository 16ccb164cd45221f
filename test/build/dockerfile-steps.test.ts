import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  freePort,
  type TestDatabase,
  testEnv,
  uniqueQueuePrefix,
  waitFor,
} from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envOf, execForm, readDockerfile, type Stage } from './dockerfile.ts';

/**
 * The images' build without a container engine: the build stage's RUN steps run in a copy of
 * the build context (what .dockerignore lets through), then each image's CMD starts from what
 * its COPY --from=build takes, with its ENV, and must answer /health/ready.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { args, stages } = readDockerfile(`${ROOT}Dockerfile`);
const stage = (name: string) => stages.find((s) => s.name === name) as Stage;
const work = mkdtempSync(join(tmpdir(), 'scheduler-image-'));
/** Paths of the image (/app, /out/…) as folders of `work`. */
const inWork = (text: string) => text.replace(/(^|[\s=])\/(app|out)\b/g, `$1${work}/$2`);

/** The build context: the repository's files (committed or not, never git-ignored) that .dockerignore keeps. */
function contextFiles(): string[] {
  const ignore = readFileSync(`${ROOT}.dockerignore`, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const ignored = (path: string) =>
    ignore.some((pattern) => {
      const segments = path.split('/');
      if (pattern.startsWith('**/')) return segments.includes(pattern.slice(3));
      if (pattern.startsWith('*.')) return path.endsWith(pattern.slice(1));
      return segments[0] === pattern;
    });
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => path && existsSync(`${ROOT}${path}`) && !ignored(path));
}

function copyContext(sources: string[], into: string) {
  const files = contextFiles();
  for (const source of sources) {
    // A file, or a folder with what is in it (COPY patches ./patches keeps the folder's path).
    const folder = `${source.replace(/\/$/, '')}/`;
    const chosen = source === '.' ? files : files.filter((f) => f === source || f.startsWith(folder));
    for (const file of chosen) {
      mkdirSync(dirname(join(into, file)), { recursive: true });
      cpSync(`${ROOT}${file}`, join(into, file));
    }
  }
}

/** A stage's instructions after those of the stages it is built FROM (FROM runtime AS api). */
const instructionsOf = (name: string): Stage['instructions'] => {
  const { base, instructions } = stage(name);
  return stages.some((s) => s.name === base) ? [...instructionsOf(base), ...instructions] : instructions;
};
/** The image a stage starts from, through the stages it is built on. */
const baseImageOf = (name: string): string => {
  const { base } = stage(name);
  return stages.some((s) => s.name === base) ? baseImageOf(base) : base;
};

/** What a final stage becomes: its folder (from COPY --from=build), ENV, CMD and health check. */
function image(name: string) {
  const instructions = instructionsOf(name);
  const copy = instructions.find((i) => i.keyword === 'COPY' && i.flags.from === 'build');
  const [source = ''] = copy?.args.split(/\s+/) ?? [];
  const env = Object.assign({}, ...instructions.filter((i) => i.keyword === 'ENV').map(envOf)) as Record<
    string,
    string
  >;
  const healthcheck = instructions.find((i) => i.keyword === 'HEALTHCHECK');
  return {
    dir: inWork(source),
    env,
    cmd: execForm(instructions.find((i) => i.keyword === 'CMD')?.args ?? '[]'),
    healthcheck: healthcheck ? execForm(healthcheck.args) : [],
    user: instructions.find((i) => i.keyword === 'USER')?.args,
    expose: instructions.find((i) => i.keyword === 'EXPOSE')?.args,
  };
}

let db: TestDatabase;
const children: ChildProcess[] = [];
const start = (dir: string, cmd: string[], env: Record<string, string>) => {
  const [command = 'node', ...rest] = cmd;
  const child = spawn(command === 'node' ? process.execPath : command, rest, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  children.push(child);
  return { child, output: () => output };
};

beforeAll(async () => {
  db = await createTestDatabase();
  // The build stage, step by step: WORKDIR, COPY from the context, RUN.
  const app = join(work, 'app');
  mkdirSync(app, { recursive: true });
  for (const step of stage('build').instructions) {
    if (step.keyword === 'COPY') copyContext(step.args.split(/\s+/).slice(0, -1), app);
    if (step.keyword === 'RUN')
      execFileSync('bash', ['-euo', 'pipefail', '-c', inWork(step.args)], {
        cwd: app,
        stdio: 'pipe',
        env: { ...process.env, CI: 'true', TURBO_TELEMETRY_DISABLED: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
  }
}, 15 * 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('the Dockerfile, built and started without a container engine', () => {
  it('builds on a current Node LTS slim image, and runs each process unprivileged on 8080 with a health check', () => {
    expect(Number(args.NODE_VERSION)).toBeGreaterThanOrEqual(22);
    expect(Number(args.NODE_VERSION) % 2).toBe(0);
    for (const name of ['api', 'worker']) {
      expect(baseImageOf(name)).toBe(`node:${args.NODE_VERSION}-slim`);
      const { user, expose, healthcheck } = image(name);
      expect(user).toBe('node');
      expect(expose).toBe('8080');
      expect(healthcheck.join(' ')).toContain('http://127.0.0.1:8080/health');
    }
  });

  it('keeps only production dependencies in each image', () => {
    for (const name of ['api', 'worker', 'stand-ins']) {
      const modules = readdirSync(join(image(name).dir, 'node_modules'));
      for (const devOnly of ['vitest', 'typescript', 'tsx', 'tsup', '@biomejs', 'vite', 'turbo'])
        expect(modules, `${name} has ${devOnly}`).not.toContain(devOnly);
      expect(existsSync(join(image(name).dir, 'dist'))).toBe(true);
    }
    expect(readdirSync(join(image('api').dir, 'dashboard'))).toContain('index.html');
  });

  it('migrates, then starts the API and a worker from their image folders, both ready', async () => {
    const prefix = uniqueQueuePrefix();
    const env = testEnv({ databaseUrl: db.url, queuePrefix: prefix });
    const api = image('api');
    const migrate = execFileSync(process.execPath, ['dist/migrate.js'], {
      cwd: api.dir,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    expect(migrate).toMatch(/up to date|applied/);

    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const withPort = (cmd: string[], port: number) => cmd.map((part) => part.replace(':8080/', `:${port}/`));
    // In the API's image /app is its folder: DASHBOARD_DIR=/app/dashboard.
    const apiEnv = Object.fromEntries(Object.entries(api.env).map(([k, v]) => [k, v.replace(/^\/app\b/, api.dir)]));
    const apiProcess = start(api.dir, api.cmd, { ...env, ...apiEnv, PORT: String(apiPort) });
    const worker = image('worker');
    const workerProcess = start(worker.dir, worker.cmd, {
      ...env,
      ...worker.env,
      WORKER_HEALTH_PORT: String(workerPort),
    });

    for (const [name, port, started] of [
      ['api', apiPort, apiProcess],
      ['worker', workerPort, workerProcess],
    ] as const) {
      await waitFor(
        `${name} ready`,
        async () => {
          if (started.child.exitCode !== null) throw new Error(`${name} exited: ${started.output()}`);
          const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
          return res?.status === 200 ? res : null;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      // The image's own HEALTHCHECK command, pointed at this port.
      const healthcheck = withPort(image(name).healthcheck, port);
      expect(() =>
        execFileSync(process.execPath, healthcheck.slice(1), { stdio: 'pipe', timeout: 10_000 }),
      ).not.toThrow();
    }
    const dashboard = await fetch(`http://127.0.0.1:${apiPort}/dashboard/`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<div id="root"');
  }, 120_000);
});
