import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The common mistakes of a new admin, and answers that say what to do instead. */
let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const jobsCount = async () => Number((await h.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n);

describe('error answers say what to do', () => {
  it('415 says the API takes JSON', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'jobType=test_noop',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({
      error: 'unsupported_media_type',
      message: 'This API takes JSON bodies: send Content-Type: application/json (this request had text/plain)',
    });
  });

  it('413 gives the limit', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ jobType: 'test_noop', payload: { filler: 'x'.repeat(100_000) } }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe('The body is larger than the limit of 65536 bytes (64 KiB)');
    expect(await jobsCount()).toBe(0);
  });

  it('a date that is not one states the format expected', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/jobs?from=yesterday', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'querystring.from: must be an ISO 8601 date-time or date, e.g. 2026-11-28T09:00:00Z or 2026-11-28',
    );
  });

  it.each([
    ['GET', '/api/jobs/trigger', 'POST'],
    ['DELETE', '/api/jobs/trigger', 'POST'],
    ['GET', '/api/schedules/defaults/restore', 'POST'],
    ['POST', '/api/jobs/00000000-0000-4000-8000-000000000000', 'GET, HEAD'],
    ['PATCH', '/api/schedules/nightly', 'GET, HEAD, PUT, DELETE'],
  ])('%s %s is a 405 that names the methods it takes', async (method, url, allow) => {
    const res = await h.app.inject({ method: method as 'GET', url, headers: auth });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.json()).toMatchObject({
      error: 'method_not_allowed',
      message: `${url} does not take ${method}; it takes ${allow}`,
    });
  });

  it('a parameter that is wrong, on a path no other method takes, is still a 400 about the parameter', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/jobs/not-an-id', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/params.jobId/);
    expect((await h.app.inject({ method: 'GET', url: '/api/nothing-here', headers: auth })).statusCode).toBe(404);
  });

  it('an unknown action filter on the audit trail is a 400, as an unknown type is on the jobs list', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/audit?action=job.trigerr', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('unknown_action');
    expect(res.json().message).toMatch(/^Unknown action "job.trigerr". Known actions: .*job.trigger/);
    expect(res.json().known).toEqual(expect.arrayContaining(['job.trigger', 'schedule.delete', 'queue.pause']));
    const known = await h.app.inject({ method: 'GET', url: '/api/audit?action=schedule.delete', headers: auth });
    expect(known.statusCode).toBe(200);
    const types = await h.app.inject({ method: 'GET', url: '/api/jobs?type=nope', headers: auth });
    expect(types.statusCode).toBe(400);
  });

  it('a wrong X-Service-Token is called an invalid token, not a missing one', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/jobs', headers: { 'x-service-token': 'not-the-key' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('The service token (X-Service-Token) is not valid');
    const none = await h.app.inject({ method: 'GET', url: '/api/jobs' });
    expect(none.json().message).toMatch(/Authentication required/);
  });
});
