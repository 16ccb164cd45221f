import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerCheck, checkReadiness, type Probe } from '@scheduler/runtime';
import type { Registry } from 'prom-client';

export interface HealthServerOptions {
  /** Served at /metrics when given. */
  metrics?: Registry;
  /** When set, /metrics answers only `Authorization: Bearer <metricsToken>` (METRICS_TOKEN). */
  metricsToken?: string | undefined;
  /** Where the reasons of an unready answer go (they are not in the answer). */
  onUnready?: (problems: Record<string, string>, message: string) => void;
}

/**
 * Kubernetes probes for a worker replica, which serves no API: `/health` (alive),
 * `/health/ready` (Postgres and Redis answer and every queue worker is running; 503 naming
 * what is unavailable otherwise) and `/metrics` for Prometheus. This port is internal to the
 * cluster: nothing on it acts on anything. It listens on HOST (loopback unless told otherwise).
 */
export async function startHealthServer(
  port: number,
  host: string,
  probes: Record<string, Probe>,
  { metrics, metricsToken, onUnready }: HealthServerOptions = {},
): Promise<{ port: number; close(): Promise<void> }> {
  const mayScrape = metricsToken ? bearerCheck(metricsToken) : () => true;
  let lastProblems = '';
  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return send(405, { error: 'method_not_allowed', message: 'GET only' });
    if (request.url === '/health') {
      return send(200, { status: 'healthy', service: 'scheduler-worker', timestamp: new Date().toISOString() });
    }
    if (request.url === '/health/ready') {
      const { ready, checks, message, problems } = await checkReadiness(probes);
      const why = ready ? '' : JSON.stringify(problems);
      if (why && why !== lastProblems) onUnready?.(problems, message);
      lastProblems = why;
      if (ready) return send(200, { status: 'ready', checks });
      return send(503, { status: 'unready', error: 'unavailable', message, checks });
    }
    if (request.url === '/metrics' && metrics) {
      if (!mayScrape(request.headers.authorization)) {
        response.setHeader('www-authenticate', 'Bearer');
        return send(401, { error: 'unauthorized', message: 'Send Authorization: Bearer <METRICS_TOKEN>' });
      }
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
