import { Writable } from 'node:stream';
import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestIdOf } from '../../src/request-id.ts';

/**
 * Issue 21, finding 8 (X-Request-Id): a caller's id reaches the log and the audit trail only
 * when it is a short, plain id; anything else is replaced by a fresh one.
 */
let h: ApiHarness;
const log: string[] = [];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// What the probe sent: 8,029 characters of markup.
const HOSTILE = `<img src=x onerror=alert(1)>${'<b>x</b>'.repeat(1000)}`.slice(0, 8029);

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      log.push(String(chunk));
      done();
    },
  });
  h = await createApiHarness({ LOG_LEVEL: 'info' }, { logStream });
  await h.app.inject({
    method: 'PUT',
    url: '/api/schedules/nightly',
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
    payload: { jobType: 'test_noop', cron: '0 3 * * *' },
  });
});
afterAll(async () => {
  await h?.close();
});

const runNow = (requestId: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/schedules/nightly/run',
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'x-request-id': requestId },
  });
const auditedIds = async () =>
  (await h.db.sql`SELECT request_id FROM scheduler_audit_log ORDER BY id`).map((r) => r.request_id as string);

describe('X-Request-Id', () => {
  it('keeps a plain, bounded id from the caller, in the log and the audit row', async () => {
    expect((await runNow('trace-1234.abc:def_9')).statusCode).toBe(202);
    // The audit row is written once the answer is sent.
    await waitFor('the audit row', async () => (await auditedIds()).includes('trace-1234.abc:def_9'));
    expect(log.join('')).toContain('"reqId":"trace-1234.abc:def_9"');
  });

  it('replaces a long or marked-up id with its own, and stores none of it', async () => {
    for (const hostile of [HOSTILE, 'a'.repeat(129), 'two words', 'tab\tid', 'ünïcode']) {
      log.length = 0;
      const before = await auditedIds();
      expect((await runNow(hostile)).statusCode).toBe(202);
      const added = await waitFor('the audit row', async () => {
        const rows = (await auditedIds()).slice(before.length);
        return rows.length > 0 ? rows : null;
      });
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(UUID);
      expect(log.join('')).not.toContain(hostile);
    }
    expect(log.join('')).not.toContain('onerror');
  });

  it('accepts exactly the plain ids', () => {
    const id = (value: string | undefined) => requestIdOf({ headers: { 'x-request-id': value } } as never);
    expect(id('A'.repeat(128))).toBe('A'.repeat(128));
    expect(id('A'.repeat(129))).toMatch(UUID);
    expect(id('')).toMatch(UUID);
    expect(id(undefined)).toMatch(UUID);
    expect(id('ok/not')).toMatch(UUID);
  });
});
