import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The alerts API: rules, channels and alerts, their shapes, and bad input refused with nothing written. */
let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  h.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });

const counts = async () => {
  const [row] = await h.db.sql`
    SELECT (SELECT count(*)::int FROM alert_rules) AS rules, (SELECT count(*)::int FROM alert_channels) AS channels,
           (SELECT count(*)::int FROM alert_silences) AS silences, (SELECT count(*)::int FROM alerts) AS alerts`;
  return row;
};

/** Every answer is a 4xx JSON `{ error, message }` and nothing changed. */
async function refused(method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, payload: unknown, status = 400) {
  const before = await counts();
  const res = await call(method, url, payload);
  expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const body = res.json() as { error: string; message: string };
  expect(body.error).toEqual(expect.any(String));
  expect(body.message).toEqual(expect.any(String));
  expect(await counts()).toEqual(before);
  return body;
}

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('alert rules', () => {
  it('come with a built-in rule of every kind, with defaults filled in', async () => {
    const res = await call('GET', '/api/alert-rules');
    expect(res.statusCode).toBe(200);
    const { rules } = res.json() as { rules: Array<Record<string, unknown>> };
    expect(rules.map((r) => r.kind).sort()).toEqual(
      ['backlog_age', 'final_failure', 'long_run', 'missed_slot', 'no_success', 'no_worker'].sort(),
    );
    for (const rule of rules) {
      expect(rule).toMatchObject({
        builtIn: true,
        enabled: true,
        channelIds: null,
        subject: { kind: 'any', name: null },
      });
    }
    expect(rules.find((r) => r.kind === 'long_run')?.params).toEqual({ factor: 3, minMs: 300_000 });
  });

  it('are added, changed and deleted by admins, audited', async () => {
    const created = await call('POST', '/api/alert-rules', {
      kind: 'backlog_age',
      name: 'test_script waits',
      subject: { kind: 'job_type', name: 'test_script' },
      params: { maxAgeMs: 5000 },
    });
    expect(created.statusCode).toBe(201);
    const rule = created.json() as { id: string; params: unknown; enabled: boolean; builtIn: boolean };
    expect(rule).toMatchObject({ params: { maxAgeMs: 5000 }, enabled: true, builtIn: false });

    const changed = await call('PUT', `/api/alert-rules/${rule.id}`, { enabled: false, params: { maxAgeMs: 9000 } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ enabled: false, params: { maxAgeMs: 9000 } });

    const removed = await call('DELETE', `/api/alert-rules/${rule.id}`);
    expect(removed.json()).toEqual({ removed: true });
    expect((await call('GET', `/api/alert-rules`)).json().rules).toHaveLength(6);

    // Audit rows are written once the answer is sent.
    const audit = await waitFor('the audit row of the change', async () => {
      const page = (await call('GET', '/api/audit?action=alert_rule.update')).json() as {
        entries: Array<{ target: string; details: unknown }>;
      };
      return page.entries.length > 0 ? page : null;
    });
    expect(audit.entries[0]).toMatchObject({
      target: rule.id,
      details: { enabled: false, params: { maxAgeMs: 9000 } },
    });
  });

  it('built-in ones are edited and disabled, never deleted', async () => {
    const { rules } = (await call('GET', '/api/alert-rules')).json() as { rules: Array<{ id: string; kind: string }> };
    const builtIn = rules.find((r) => r.kind === 'no_worker') as { id: string };
    const changed = await call('PUT', `/api/alert-rules/${builtIn.id}`, { params: { afterMs: 60_000 } });
    expect(changed.json()).toMatchObject({ builtIn: true, params: { afterMs: 60_000 } });
    await refused('DELETE', `/api/alert-rules/${builtIn.id}`, undefined, 409);
  });

  it('bad input is a 4xx that writes nothing', async () => {
    const base = { kind: 'final_failure', name: 'x', subject: { kind: 'any', name: null } };
    await refused('POST', '/api/alert-rules', { ...base, kind: 'nope' });
    await refused('POST', '/api/alert-rules', { ...base, name: '' });
    await refused('POST', '/api/alert-rules', { ...base, extra: 1 });
    await refused('POST', '/api/alert-rules', { ...base, subject: { kind: 'any', name: 'x' } });
    await refused('POST', '/api/alert-rules', { ...base, subject: { kind: 'job_type', name: null } });
    await refused('POST', '/api/alert-rules', { ...base, subject: { kind: 'schedule', name: 'nightly' } });
    await refused('POST', '/api/alert-rules', { ...base, subject: { kind: 'job_type', name: 'no_such_type' } });
    await refused('POST', '/api/alert-rules', { ...base, params: { unknown: 1 } });
    await refused('POST', '/api/alert-rules', { ...base, kind: 'long_run', params: { factor: 0 } });
    await refused('POST', '/api/alert-rules', { ...base, kind: 'backlog_age', params: { maxAgeMs: 'soon' } });
    await refused('POST', '/api/alert-rules', {
      ...base,
      kind: 'no_success',
      subject: { kind: 'job_type', name: 'test_script' },
    });
    await refused('POST', '/api/alert-rules', {
      ...base,
      kind: 'missed_slot',
      subject: { kind: 'schedule', name: 'none' },
    });
    await refused('POST', '/api/alert-rules', { ...base, channelIds: ['00000000-0000-4000-8000-000000000000'] });
    await refused('POST', '/api/alert-rules', { ...base, channelIds: ['not-a-uuid'] });
    await refused('POST', '/api/alert-rules', 'not json at all', 415);
    await refused('PUT', '/api/alert-rules/not-a-uuid', { enabled: false });
    await refused('PUT', '/api/alert-rules/00000000-0000-4000-8000-000000000000', { enabled: false }, 404);
    const { rules } = (await call('GET', '/api/alert-rules')).json() as { rules: Array<{ id: string; kind: string }> };
    const id = rules[0]?.id as string;
    await refused('PUT', `/api/alert-rules/${id}`, { kind: 'no_worker' });
    await refused('PUT', `/api/alert-rules/${id}`, { enabled: 'yes' });
    await refused('DELETE', '/api/alert-rules/00000000-0000-4000-8000-000000000000', undefined, 404);
  });
});

describe('alert channels', () => {
  it('a webhook shows its secret once, in the answer that made it', async () => {
    const created = await call('POST', '/api/alert-channels', {
      kind: 'webhook',
      name: 'ops hook',
      url: 'http://127.0.0.1:9/hook',
      isDefault: true,
    });
    expect(created.statusCode).toBe(201);
    const channel = created.json() as { id: string; secret: string; secretSet: boolean };
    expect(channel.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(channel).toMatchObject({ kind: 'webhook', isDefault: true, secretSet: true, email: null, setting: null });
    const listed = await call('GET', '/api/alert-channels');
    expect(listed.body).not.toContain(channel.secret);
    expect(listed.json().channels).toEqual([expect.objectContaining({ id: channel.id, secretSet: true })]);
    const changed = await call('PUT', `/api/alert-channels/${channel.id}`, { secret: 'x'.repeat(32), name: 'ops' });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).not.toContain('x'.repeat(32));
    // Audit rows are written once the answer is sent: the row is read once it is there.
    const audit = await waitFor('the audit row of the change', async () => {
      const page = await call('GET', '/api/audit?action=alert_channel.update');
      return (page.json() as { entries: unknown[] }).entries.length > 0 ? page : null;
    });
    expect(audit.body).toContain(channel.id);
    expect(audit.body).not.toContain('x'.repeat(32));
  });

  it('a repeat with the same Idempotency-Key gets the channel again, never its secret: it is not kept', async () => {
    const request = {
      method: 'POST' as const,
      url: '/api/alert-channels',
      headers: { ...auth, 'idempotency-key': 'add-pager-hook' },
      payload: { kind: 'webhook', name: 'pager hook', url: 'http://127.0.0.1:9/pager' },
    };
    const first = await h.app.inject(request);
    expect(first.statusCode).toBe(201);
    const { id, secret } = first.json() as { id: string; secret: string };
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const repeat = await h.app.inject(request);
    expect(repeat.statusCode).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.json()).toMatchObject({ id, secret: null, secretSet: true });
    const [kept] = await h.db
      .sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE response::text LIKE ${`%${secret}%`}`;
    expect(kept?.n).toBe(0);
    expect(
      (await call('GET', '/api/alert-channels')).json().channels.filter((c: { id: string }) => c.id === id),
    ).toHaveLength(1);
  });

  it('test sends to a receiver that never answers are bounded: past a few under way and waiting, a 429', async () => {
    const { createServer } = await import('node:http');
    const hanging = new Set<import('node:http').ServerResponse>();
    const silent = createServer((_request, response) => void hanging.add(response));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as import('node:net').AddressInfo;
    const created = await call('POST', '/api/alert-channels', {
      kind: 'webhook',
      name: 'silent hook',
      url: `http://127.0.0.1:${port}/hook`,
    });
    const { id } = created.json() as { id: string };
    const sends = Array.from({ length: 13 }, () => call('POST', `/api/alert-channels/${id}/test`));
    try {
      // Four hang at the receiver and eight wait their turn: the first answer is the one refused.
      const refused = await Promise.race(sends);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: 'busy' });
      expect(hanging.size).toBeLessThanOrEqual(4);
    } finally {
      for (const response of hanging) response.destroy();
      // The waiting ones go to the receiver in turn: end each as it comes.
      silent.on('request', (_request, response) => response.destroy());
      await Promise.allSettled(sends);
      await new Promise((resolve) => silent.close(resolve));
      await call('DELETE', `/api/alert-channels/${id}`);
    }
  });

  it('an email channel', async () => {
    const created = await call('POST', '/api/alert-channels', {
      kind: 'email',
      name: 'ops mail',
      email: 'ops@example.com',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      kind: 'email',
      email: 'ops@example.com',
      url: null,
      secret: null,
      secretSet: false,
    });
    const id = created.json().id as string;
    const rule = await call('POST', '/api/alert-rules', {
      kind: 'final_failure',
      name: 'mail only',
      subject: { kind: 'any', name: null },
      channelIds: [id],
    });
    expect(rule.json()).toMatchObject({ channelIds: [id] });
    expect((await call('DELETE', `/api/alert-channels/${id}`)).json()).toEqual({ removed: true });
    // A rule left without its channels falls back to the default ones rather than nobody.
    const { rules } = (await call('GET', '/api/alert-rules')).json() as {
      rules: Array<{ id: string; channelIds: string[] | null }>;
    };
    expect(rules.find((r) => r.id === rule.json().id)?.channelIds).toBeNull();
    await call('DELETE', `/api/alert-rules/${rule.json().id}`);
  });

  it('bad input is a 4xx that writes nothing', async () => {
    await refused('POST', '/api/alert-channels', { kind: 'webhook', name: 'a', url: 'ftp://example.com/x' });
    await refused('POST', '/api/alert-channels', { kind: 'webhook', name: 'a', url: 'file:///etc/passwd' });
    await refused('POST', '/api/alert-channels', { kind: 'webhook', name: 'a', url: 'http://u:p@example.com/' });
    await refused('POST', '/api/alert-channels', { kind: 'webhook', name: 'a', url: 'not a url' });
    await refused('POST', '/api/alert-channels', {
      kind: 'webhook',
      name: 'a',
      url: 'http://x.example/',
      secret: 'short',
    });
    await refused('POST', '/api/alert-channels', { kind: 'email', name: 'a', email: 'nope' });
    await refused('POST', '/api/alert-channels', { kind: 'email', name: 'a', email: 'a@b.example', url: 'http://x/' });
    await refused('POST', '/api/alert-channels', { kind: 'sms', name: 'a' });
    await refused('POST', '/api/alert-channels', { kind: 'webhook', name: 'ops', url: 'http://x.example/' }, 409);
    const { channels } = (await call('GET', '/api/alert-channels')).json() as { channels: Array<{ id: string }> };
    const id = channels[0]?.id as string;
    await refused('PUT', `/api/alert-channels/${id}`, { email: 'a@b.example' });
    await refused('PUT', `/api/alert-channels/${id}`, { url: 'gopher://x/' });
    await refused('PUT', `/api/alert-channels/${id}`, { isDefault: 'yes' });
    await refused('PUT', '/api/alert-channels/00000000-0000-4000-8000-000000000000', { name: 'b' }, 404);
    await refused('POST', '/api/alert-channels/not-a-uuid/test', undefined);
    await refused('DELETE', '/api/alert-channels/00000000-0000-4000-8000-000000000000', undefined, 404);
  });
});

describe('alerts', () => {
  it('list and read with the contract shape; bad input is a 4xx that writes nothing', async () => {
    const [rule] = await h.db.sql`SELECT id, name FROM alert_rules WHERE built_in = 'final_failure'`;
    const [alert] = await h.db.sql`
      INSERT INTO alerts (rule_id, kind, subject_kind, subject_name, summary)
      VALUES (${rule?.id as string}, 'final_failure', 'job_type', 'test_script', 'A test_script job failed') RETURNING id`;
    const id = alert?.id as string;
    const list = await call('GET', '/api/alerts?state=open');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      alerts: [
        {
          id,
          ruleId: rule?.id,
          ruleName: rule?.name,
          kind: 'final_failure',
          subject: { kind: 'job_type', name: 'test_script' },
          state: 'open',
          summary: 'A test_script job failed',
          details: {},
          openedAt: expect.any(String),
          resolvedAt: null,
          resolution: null,
          silencedUntil: null,
          silencedBy: null,
          notifications: [],
        },
      ],
      nextCursor: null,
    });
    expect((await call('GET', '/api/alerts?state=resolved')).json().alerts).toEqual([]);
    expect((await call('GET', `/api/alerts/${id}`)).json()).toMatchObject({ id, state: 'open', ruleName: rule?.name });

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const silenced = await call('POST', `/api/alerts/${id}/silence`, { until });
    expect(silenced.json()).toMatchObject({ silencedUntil: until, silencedBy: 'service' });
    expect((await call('POST', `/api/alerts/${id}/unsilence`)).json()).toMatchObject({ silencedUntil: null });

    await refused('GET', '/api/alerts?state=closed', undefined);
    await refused('GET', '/api/alerts?kind=nope', undefined);
    await refused('GET', '/api/alerts?limit=0', undefined);
    await refused('GET', '/api/alerts?cursor=abc', undefined);
    await refused('GET', '/api/alerts?cursor=00000000-0000-4000-8000-000000000000', undefined);
    await refused('GET', '/api/alerts/not-a-uuid', undefined);
    await refused('GET', '/api/alerts/00000000-0000-4000-8000-000000000000', undefined, 404);
    await refused('POST', `/api/alerts/${id}/silence`, { until: new Date(Date.now() - 1000).toISOString() });
    await refused('POST', `/api/alerts/${id}/silence`, {
      until: new Date(Date.now() + 100 * 86_400_000).toISOString(),
    });
    await refused('POST', `/api/alerts/${id}/silence`, { until: 'tomorrow' });
    await refused('POST', `/api/alerts/${id}/silence`, {});
    await refused('POST', '/api/alerts/00000000-0000-4000-8000-000000000000/silence', { until }, 404);
  });
});
