import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createSql } from '@scheduler/db';
import { createRedis } from '@scheduler/runtime';
import { freePort } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, embeddedInitdb, ensurePostgres, ensureRedis } from '../../scripts/local-services.ts';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-local-'));
  // Run as root, Postgres runs as the postgres user, who must reach its data folder.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
};
// Run as root (CI), the embedded Postgres runs as the postgres user, who must reach its binaries
// in this checkout; a checkout in a private folder (mktemp -d) is opened to it for this file.
const opened: Array<[string, number]> = [];
beforeAll(() => {
  if (userInfo().uid !== 0) return;
  for (let dir = dirname(embeddedInitdb()); dir !== '/'; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      opened.push([dir, mode & 0o7777]);
      chmodSync(dir, (mode & 0o7777) | 0o001);
    }
  }
});
afterAll(() => {
  for (const [dir, mode] of opened) chmodSync(dir, mode);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('pnpm start on a machine without Postgres or Redis', () => {
  it('starts an embedded Postgres when nothing answers, keeps its data, and uses a running one as it is', async () => {
    const port = await freePort();
    expect(await answers(port)).toBe(false);
    const dataDir = join(scratch(), 'postgres');
    const first = await ensurePostgres({ port, dataDir, database: 'postgres' });
    try {
      expect(first.source).toContain('embedded');
      const sql = createSql(first.url, { max: 1 });
      await sql`CREATE TABLE kept (note text)`;
      await sql`INSERT INTO kept VALUES ('across starts')`;
      await sql.end();
      // Something answers now: a second start uses it as it is.
      expect((await ensurePostgres({ port, dataDir, database: 'postgres' })).source).toBe('running');
    } finally {
      await first.stop();
    }
    expect(await answers(port)).toBe(false);
    const again = await ensurePostgres({ port, dataDir, database: 'postgres' });
    try {
      const sql = createSql(again.url, { max: 1 });
      expect(await sql`SELECT note FROM kept`).toEqual([{ note: 'across starts' }]);
      await sql.end();
    } finally {
      await again.stop();
    }
  }, 120_000);

  it.runIf(userInfo().uid === 0)(
    'as root, says at once what to do when the postgres user cannot reach the data folder',
    async () => {
      const hidden = scratch();
      chmodSync(hidden, 0o700);
      await expect(
        ensurePostgres({ port: await freePort(), dataDir: join(hidden, 'postgres'), database: 'postgres' }),
      ).rejects.toThrow(/runs as the postgres user .* cannot reach .*chmod o\+x/);
    },
  );

  it('starts the machine’s redis-server when nothing answers, as BullMQ needs it', async () => {
    const port = await freePort();
    const redis = await ensureRedis({ port, dataDir: join(scratch(), 'redis') });
    try {
      expect(redis.source).toContain('redis-server started');
      const client = createRedis(`redis://127.0.0.1:${port}`, 'producer');
      await once(client, 'ready');
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      client.disconnect();
    } finally {
      redis.stop();
    }
  });

  it('says what to install when there is no redis-server', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(ensureRedis({ port: await freePort(), dataDir: join(scratch(), 'redis') })).rejects.toThrow(
        /apt-get install redis-server.*docker compose up -d redis/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
