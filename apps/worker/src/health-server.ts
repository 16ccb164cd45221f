import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkReadiness, type Probe } from '@scheduler/runtime';
import type { Registry } from 'prom-client';

/**
 * Kubernetes probes for a worker replica, which serves no API: `/health` (alive),
 * `/health/ready` (Postgres and Redis answer and every queue worker is running; 503 naming
 * what failed otherwise) and `/metrics` for Prometheus. This port is internal to the cluster:
 * nothing on it acts on anything.
 */
export async function startHealthServer(
  port: number,
  host: string,
  probes: Record<string, Probe>,
  metrics?: Registry,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return send(405, { error: 'method_not_allowed', message: 'GET only' });
    if (request.url === '/health') {
      return send(200, { status: 'healthy', service: 'scheduler-worker', timestamp: new Date().toISOString() });
    }
    if (request.url === '/health/ready') {
      const { ready, checks, message } = await checkReadiness(probes);
      if (ready) return send(200, { status: 'ready', checks });
      return send(503, { status: 'unready', error: 'unavailable', message, checks });
    }
    if (request.url === '/metrics' && metrics) {
      const text = await metrics.metrics();
      response.writeHead(200, { 'content-type': metrics.contentType }).end(text);
      return;
    }
    return send(404, { error: 'not_found', message: `No route ${request.method} ${request.url}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
