import { loadWorkerConfig } from '@scheduler/config';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { harnessTest as it } from '@scheduler/testing/harness';
import { Registry } from 'prom-client';
import { describe, expect } from 'vitest';
import { startHealthServer } from '../../../worker/src/health-server.ts';

/**
 * Issue 21, finding 8 (/metrics): with METRICS_TOKEN set, /metrics of the API and of each
 * worker answer only that bearer token (Prometheus' credential, which opens nothing else), and
 * a worker's probe port listens on loopback unless told otherwise.
 */
const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123';
it.override('apiEnv', { METRICS_TOKEN });

describe('/metrics with METRICS_TOKEN', () => {
  it('of the API answers the token, and nothing else', async ({ api: h }) => {
    const scrape = (headers: Record<string, string>) => h.app.inject({ method: 'GET', url: '/metrics', headers });
    const ok = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('scheduler_http_requests_total');
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789abcdef' }] as Array<
      Record<string, string>
    >) {
      const res = await scrape(headers);
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('unauthorized');
      expect(res.body).not.toContain('scheduler_');
    }
    // The token is for metrics only.
    const api = await h.app.inject({
      method: 'GET',
      url: '/api/jobs',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(api.statusCode).toBe(401);
    // Without the token set, the API's own authentication still guards it (api-harness default).
    expect(TEST_SERVICE_KEY).not.toBe(METRICS_TOKEN);
  });

  it('of a worker answers the token, and its probes stay open to the kubelet', async () => {
    const registry = new Registry();
    const server = await startHealthServer(
      0,
      '127.0.0.1',
      { postgres: async () => 1 },
      { metrics: registry, metricsToken: METRICS_TOKEN },
    );
    const base = `http://127.0.0.1:${server.port}`;
    try {
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("puts a worker's probes and metrics on loopback unless HOST says otherwise", () => {
    expect(loadWorkerConfig({}).HOST).toBe('127.0.0.1');
    expect(loadWorkerConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});
