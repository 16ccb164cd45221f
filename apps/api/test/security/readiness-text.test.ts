import { Writable } from 'node:stream';
import { testApiConfig, testJobs } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer } from '../../../worker/src/health-server.ts';
import { buildApp, createApiDeps } from '../../src/index.ts';

/**
 * Issue 21, finding 8 (readiness): /health/ready answers anyone, so it says which dependency is
 * unavailable and nothing more; the driver's words (addresses, ports, errno) go to the log.
 */
let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const DRIVER_WORDS = /ECONNREFUSED|127\.0\.0\.1|connect|:1\b/;

describe('/health/ready', () => {
  it('of the API says "unavailable", and logs why', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = testApiConfig(
      { databaseUrl: h.db.url, queuePrefix: h.prefix },
      { REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'warn' },
    );
    const broken = await buildApp(createApiDeps(config, { extraJobs: testJobs }), { logStream });
    try {
      const res = await broken.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'unready',
        error: 'unavailable',
        message: 'redis: unavailable',
        checks: { postgres: 'ok', redis: 'unavailable' },
      });
      expect(res.body).not.toMatch(DRIVER_WORDS);
      const unready = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unready: redis: unavailable');
      expect(JSON.stringify(unready?.problems)).toMatch(/redis/);
    } finally {
      await broken.close();
    }
  });

  it('of a worker says "unavailable", and gives the reason to its log', async () => {
    const logged: Array<Record<string, string>> = [];
    const server = await startHealthServer(
      0,
      '127.0.0.1',
      {
        postgres: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
        },
        redis: async () => 'PONG',
      },
      { onUnready: (problems) => logged.push(problems) },
    );
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/health/ready`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        status: 'unready',
        error: 'unavailable',
        message: 'postgres: unavailable',
        checks: { postgres: 'unavailable', redis: 'ok' },
      });
      expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.7/);
      expect(logged).toEqual([{ postgres: 'connect ECONNREFUSED 10.0.0.7:5432' }]);
    } finally {
      await server.close();
    }
  });
});
