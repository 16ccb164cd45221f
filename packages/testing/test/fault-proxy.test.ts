import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../src/fault-proxy.ts';

// The proxy the fault tests put between processes and the shared servers: it must pass traffic,
// reset, hang without refusing, and deliver what was held when it heals.
describe('fault proxy', () => {
  let proxy: FaultProxy | undefined;
  afterEach(async () => proxy?.close());

  const redisThrough = (p: FaultProxy) => {
    const redis = new Redis({
      host: '127.0.0.1',
      port: p.port,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    redis.on('error', () => {});
    return redis;
  };

  it('passes traffic, and a reset cut breaks open and new connections', async () => {
    proxy = await startFaultProxy({ host: '127.0.0.1', port: 6379 });
    const redis = redisThrough(proxy);
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    proxy.cut('reset');
    await expect(redis.ping()).rejects.toThrow();
    const sql = postgres({ host: '127.0.0.1', port: proxy.port, database: 'postgres', max: 1, connect_timeout: 2 });
    await expect(sql`SELECT 1`).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|CONNECTION/) });
    await sql.end({ timeout: 0 });
    redis.disconnect();
  });

  it('hangs without refusing, then delivers what was held when it heals', async () => {
    proxy = await startFaultProxy({ host: '127.0.0.1', port: 5432 });
    const sql = postgres({ host: '127.0.0.1', port: proxy.port, database: 'postgres', max: 1 });
    expect((await sql`SELECT 1 AS one`)[0]?.one).toBe(1);
    proxy.cut('hang');
    let answered = false;
    const late = sql`SELECT 2 AS two`.then((rows) => {
      answered = true;
      return rows[0]?.two;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    proxy.heal();
    expect(await late).toBe(2);
    await sql.end({ timeout: 1 });
  });
});
