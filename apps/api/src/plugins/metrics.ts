import type { Sql } from '@scheduler/db';
import { bearerCheck, type JobQueues, QUEUE_STATES, queueCounts } from '@scheduler/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { errorBody } from '../http-error.ts';

/**
 * `/metrics` for Prometheus: with METRICS_TOKEN set, only for that bearer token (a credential
 * that can read metrics and nothing else); without it, behind the API's own authentication
 * (moderators and up, or the service key). The API process serves what any replica can see: HTTP
 * requests it answered, queue depth per queue and state (read from Redis at scrape time), and
 * the last successful run of each schedule (from Postgres, for dead-man alerts). Job outcomes
 * are counted where they happen, on each worker's internal port.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, { queues, sql, token }: { queues: JobQueues; sql: Sql; token?: string | undefined }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'scheduler_api_' });
    const requests = new Counter({
      name: 'scheduler_http_requests_total',
      help: 'HTTP requests answered, by method, route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
    });
    const latency = new Histogram({
      name: 'scheduler_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    new Gauge({
      name: 'scheduler_queue_jobs',
      help: 'Jobs in each BullMQ queue by state, read from Redis when scraped',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.all().map(async (queue) => {
            const counts = await queueCounts(queue, 2000);
            if (!counts) return; // Redis away: the series goes missing, which alerts can see
            for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'scheduler_schedule_last_success_timestamp_seconds',
      // Only runs its timer started: a manual "run now" that succeeds must not hide that the
      // schedule itself stopped firing.
      help: 'When the newest successful scheduled run of each schedule completed (unix seconds); manual runs do not count',
      labelNames: ['schedule'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await sql`
          SELECT s.name, extract(epoch FROM last.completed_at)::float AS at
          FROM schedules s
          CROSS JOIN LATERAL (
            SELECT completed_at FROM scheduled_jobs
            WHERE schedule_name = s.name AND schedule_slot IS NOT NULL AND status = 'completed'
            ORDER BY created_at DESC LIMIT 1) last`.catch(() => []);
        for (const row of rows) this.set({ schedule: row.name as string }, row.at as number);
      },
    });

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status_code: String(reply.statusCode) });
      latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });

    // With METRICS_TOKEN, Prometheus scrapes with a credential that opens nothing else.
    const isMetricsToken = token ? bearerCheck(token) : null;
    const access = isMetricsToken
      ? async (request: FastifyRequest, reply: FastifyReply) => {
          if (isMetricsToken(request.headers.authorization)) return undefined;
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer')
            .send(errorBody('unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>'));
        }
      : app.requireAccess('read');
    app.get('/metrics', { onRequest: access, schema: { hide: true } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'metrics', dependencies: ['auth'] },
);
