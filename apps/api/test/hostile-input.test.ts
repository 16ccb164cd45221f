import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Input Postgres cannot store (NUL, lone surrogates), bigint ids past the type, and bodies nested
// past any sane depth: a 400 naming the field at the edge of every route, nothing written, and
// still an audit row for a mutating call.
let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const json = { ...auth, 'content-type': 'application/json' };

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const count = async (table: string) =>
  Number((await h.db.sql`SELECT count(*)::int AS n FROM ${h.db.sql(table)}`)[0]?.n);
const post = (url: string, payload: string, method: 'POST' | 'PUT' = 'POST') =>
  h.app.inject({ method, url, headers: json, payload });
const get = (url: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'GET', url, headers: { ...auth, ...headers } });

/** The newest audit row of `action` once written (rows are written after the answer). */
const lastAudit = (action: string, after: number) =>
  waitFor(`an audit row for ${action}`, async () => {
    const [row] = await h.db.sql`
      SELECT * FROM scheduler_audit_log WHERE action = ${action} AND id > ${after} ORDER BY id DESC LIMIT 1`;
    return row ?? null;
  });
const lastAuditId = async () =>
  Number((await h.db.sql`SELECT coalesce(max(id), 0)::int AS id FROM scheduler_audit_log`)[0]?.id);

describe('input Postgres cannot store', () => {
  // Raw JSON text: JSON.parse turns the escapes into the characters themselves.
  it.each([
    [
      'a NUL in a payload string',
      '{"jobType":"test_script","payload":{"errorMessage":"a\\u0000b"}}',
      /body\.payload\.errorMessage: must not contain the NUL/,
    ],
    [
      'a lone surrogate in a payload string',
      '{"jobType":"test_script","payload":{"errorMessage":"\\ud800"}}',
      /body\.payload\.errorMessage: must be valid Unicode/,
    ],
    [
      'a lone surrogate in a key',
      '{"jobType":"test_noop","payload":{"\\udc00":1}}',
      /body\.payload: a key must be valid Unicode/,
    ],
    [
      'a payload nested 20,000 deep',
      `{"jobType":"test_noop","payload":{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
      /nested deeper than 32 levels/,
    ],
  ])(
    'a trigger with %s is a 400 naming the field, writes no job, and leaves an audit row',
    async (_name, body, message) => {
      const jobsBefore = await count('scheduled_jobs');
      const auditBefore = await lastAuditId();
      const res = await post('/api/jobs/trigger', body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'validation_failed', message: expect.stringMatching(message) });
      expect(await count('scheduled_jobs')).toBe(jobsBefore);
      expect(await lastAudit('job.trigger', auditBefore)).toMatchObject({ status_code: 400, outcome: 'rejected' });
    },
  );

  it('a schedule description with a NUL is a 400 and creates nothing', async () => {
    const auditBefore = await lastAuditId();
    const res = await post(
      '/api/schedules/nul-test',
      '{"jobType":"update_metrics","cron":"0 * * * *","description":"x\\u0000y"}',
      'PUT',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^body\.description: must not contain the NUL/);
    expect(await count('schedules')).toBe(0);
    expect(await lastAudit('schedule.update', auditBefore)).toMatchObject({ status_code: 400 });
  });

  it('an audit filter with a NUL is a 400', async () => {
    const res = await get('/api/audit?action=a%00b');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^querystring\.action: must not contain the NUL/);
  });

  it("Bull Board's add job gets the same check", async () => {
    const jobsBefore = await count('scheduled_jobs');
    const res = await post(
      '/admin/queues/api/queues/test_script/add',
      '{"name":"x","data":{"payload":{"errorMessage":"\\u0000"}}}',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed' });
    expect(await count('scheduled_jobs')).toBe(jobsBefore);
  });
});

describe('ids past what a bigint holds', () => {
  it('a log cursor past 9223372036854775807 is a 400; the largest one is fine', async () => {
    const trigger = await post('/api/jobs/trigger', '{"jobType":"test_noop"}');
    const id = trigger.json().id as string;
    const tooBig = await get(`/api/jobs/${id}/logs?after=9223372036854775808`);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().message).toMatch(/after.*9223372036854775807/);
    expect((await get(`/api/jobs/${id}/logs?after=9223372036854775807`)).statusCode).toBe(200);
  });

  it('an event stream resumed past the largest id is a 400 before it starts', async () => {
    const query = await get('/api/events?lastEventId=9223372036854775808');
    expect(query.statusCode).toBe(400);
    expect(query.json().message).toMatch(/lastEventId.*9223372036854775807/);
    const header = await get('/api/events', { 'last-event-id': '9223372036854775808' });
    expect(header.statusCode).toBe(400);
    expect(header.json().message).toMatch(/Last-Event-ID/);
  });
});
