import type { TestDatabase } from '@scheduler/testing';
import { createSignedInApiHarness, type SignedInApiHarness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A moderator reads the schedules and alerts of issue 23 but changes none of them: each write
 * route answers 403 JSON and leaves the tables as they were.
 */
let harness: SignedInApiHarness;
let db: TestDatabase;
let app: FastifyInstance;
let moderator: Record<string, string>;
let service: Record<string, string>;
let ruleId: string;
let channelId: string;

beforeAll(async () => {
  harness = await createSignedInApiHarness();
  ({ db, app } = harness);
  ({ moderator, service } = harness.headers);
  const made = await app.inject({
    method: 'PUT',
    url: '/api/schedules/nightly',
    headers: service,
    payload: { jobType: 'test_noop', cron: '0 3 * * *' },
  });
  expect(made.statusCode).toBe(201);
  const channel = await app.inject({
    method: 'POST',
    url: '/api/alert-channels',
    headers: service,
    payload: { kind: 'webhook', name: 'ops', url: 'http://127.0.0.1:9/hook' },
  });
  channelId = channel.json().id;
  ruleId = (await app.inject({ method: 'GET', url: '/api/alert-rules', headers: service })).json().rules[0].id;
});
afterAll(async () => {
  await harness?.close();
});

const snapshot = async () => ({
  schedules: await db.sql`SELECT * FROM schedules ORDER BY name`,
  rules: await db.sql`SELECT * FROM alert_rules ORDER BY id`,
  channels: await db.sql`SELECT * FROM alert_channels ORDER BY id`,
  alerts: await db.sql`SELECT * FROM alerts ORDER BY id`,
  silences: await db.sql`SELECT * FROM alert_silences`,
});

describe('a moderator', () => {
  it('reads schedules, previews, misses, rules, channels and alerts', async () => {
    for (const url of [
      '/api/schedules/nightly',
      '/api/schedules/nightly/misses',
      '/api/schedule-preview?cron=0%203%20*%20*%20*',
      '/api/alert-rules',
      '/api/alert-channels',
      '/api/alerts',
    ]) {
      expect([url, (await app.inject({ method: 'GET', url, headers: moderator })).statusCode]).toEqual([url, 200]);
    }
  });

  it('is refused every write, with a JSON 403, and nothing changes', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const alertId = '00000000-0000-4000-8000-000000000000';
    const writes: Array<['PUT' | 'POST' | 'DELETE', string, object?]> = [
      ['PUT', '/api/schedules/nightly', { cron: '0 4 * * *', missedPolicy: 'skip', overlapPolicy: 'cancel' }],
      ['PUT', '/api/schedules/fresh', { jobType: 'test_noop', everyMs: 60_000 }],
      ['POST', '/api/schedules/nightly/pause', { until }],
      ['POST', '/api/schedules/nightly/resume'],
      ['POST', '/api/schedules/nightly/reset'],
      ['POST', '/api/schedules/nightly/run'],
      ['DELETE', '/api/schedules/nightly'],
      ['POST', '/api/schedules/defaults/restore', {}],
      ['POST', '/api/alert-rules', { kind: 'final_failure', name: 'mine', subject: { kind: 'any', name: null } }],
      ['PUT', `/api/alert-rules/${ruleId}`, { enabled: false }],
      ['DELETE', `/api/alert-rules/${ruleId}`],
      ['POST', '/api/alert-channels', { kind: 'webhook', name: 'x', url: 'http://127.0.0.1:9/x' }],
      ['PUT', `/api/alert-channels/${channelId}`, { isDefault: true }],
      ['DELETE', `/api/alert-channels/${channelId}`],
      ['POST', `/api/alert-channels/${channelId}/test`],
      ['POST', `/api/alerts/${alertId}/silence`, { until }],
      ['POST', `/api/alerts/${alertId}/unsilence`],
    ];
    const before = await snapshot();
    for (const [method, url, payload] of writes) {
      const res = await app.inject({ method, url, headers: moderator, ...(payload ? { payload } : {}) });
      expect([method, url, res.statusCode, res.json().error]).toEqual([method, url, 403, 'forbidden']);
    }
    expect(await snapshot()).toEqual(before);
  });
});
