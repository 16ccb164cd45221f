import { Writable } from 'node:stream';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: ApiHarness;
let lines: Array<Record<string, unknown>> = [];
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  h = await createApiHarness({ LOG_LEVEL: 'info' }, { logStream });
});
afterAll(async () => {
  await h?.close();
});

describe('request log', () => {
  it('writes one line per request, with what was asked, the answer and how long it took', async () => {
    lines = [];
    await h.app.inject({ method: 'GET', url: '/api/jobs?limit=5', headers: auth });
    await h.app.inject({ method: 'GET', url: '/api/jobs/not-an-id', headers: auth });
    await h.app.inject({ method: 'GET', url: '/api/jobs' });
    const requests = lines.filter((l) => 'reqId' in l);
    expect(requests.map((l) => [l.level, l.msg])).toEqual([
      [30, expect.stringMatching(/^GET \/api\/jobs 200 \d+ ms$/)],
      [40, expect.stringMatching(/^GET \/api\/jobs\/not-an-id 400 \d+ ms$/)],
      [40, expect.stringMatching(/^GET \/api\/jobs 401 \d+ ms$/)],
    ]);
    expect(requests[0]).toMatchObject({
      name: 'scheduler-api',
      method: 'GET',
      path: '/api/jobs',
      route: '/api/jobs',
      status: 200,
      by: 'service',
    });
    expect(requests[0]?.ms).toEqual(expect.any(Number));
  });

  it('keeps health checks out of the info log', async () => {
    lines = [];
    await h.app.inject({ method: 'GET', url: '/health' });
    expect((await h.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect(lines.filter((l) => 'reqId' in l)).toEqual([]);
  });
});
