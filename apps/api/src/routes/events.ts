import type { ServerResponse } from 'node:http';
import type { JobEvent } from '@scheduler/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import type { EventHub } from '../event-hub.ts';
import { HttpError } from '../http-error.ts';
import { bigintIdParam, errorSchema, isBigintId } from './shared-schemas.ts';

const HEARTBEAT_MS = 15_000;
const REPLAY_PAGE = 1000;

const resumeQuery = z.strictObject({
  lastEventId: bigintIdParam('an event id').optional().describe('Same as the Last-Event-ID header'),
});

/**
 * Server-sent events: every job's lifecycle (`GET /api/events`) or one job's
 * (`GET /api/jobs/:jobId/events`): created, started, progress, log, retried, completed, failed,
 * cancelled. Each event's id is its job_events id; a client that reconnects with Last-Event-ID
 * (EventSource does) first gets what it missed, from Postgres, then the live stream. Heartbeat
 * comments keep proxies from closing idle streams. Authentication as for the rest of /api: the
 * session cookie lets a browser's EventSource in.
 */
export const eventsRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps; hub: EventHub }> = async (app, { deps, hub }) => {
  // Streams never end by themselves: shutting down ends them (clients reconnect elsewhere).
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const out of open) out.end();
  });

  app.get(
    '/events',
    {
      schema: {
        summary: 'Every job’s lifecycle, as server-sent events',
        tags: ['events'],
        querystring: resumeQuery,
        response: { 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => stream(request, reply, null),
  );

  app.get(
    '/jobs/:jobId/events',
    {
      schema: {
        summary: 'One job’s lifecycle and log lines, as server-sent events',
        tags: ['events'],
        params: z.strictObject({ jobId: z.uuid({ message: 'must be a job id (a UUID)' }) }),
        querystring: resumeQuery,
        response: { 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { jobId } = request.params as { jobId: string };
      if (!(await deps.jobs.get(jobId))) throw new HttpError(404, 'not_found', `No job with id ${jobId}`);
      return stream(request, reply, jobId);
    },
  );

  async function stream(request: FastifyRequest, reply: FastifyReply, jobId: string | null) {
    const header = request.headers['last-event-id'];
    const resumeFrom =
      (Array.isArray(header) ? header[0] : header) ?? (request.query as { lastEventId?: string }).lastEventId;
    if (resumeFrom !== undefined && !isBigintId(resumeFrom)) {
      throw new HttpError(
        400,
        'validation_failed',
        'Last-Event-ID must be an event id (a whole number up to 9223372036854775807)',
      );
    }

    // Headers set so far (CORS, request id) go out with the stream.
    reply.hijack();
    const out = reply.raw;
    open.add(out);
    out.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    out.write('retry: 2000\n\n');

    let lastSent = 0n;
    let live = false;
    const buffered: JobEvent[] = [];
    const send = (event: JobEvent) => {
      const id = BigInt(event.id);
      if (id <= lastSent) return;
      lastSent = id;
      const body = { jobId: event.jobId, jobType: event.jobType, at: event.at.toISOString(), ...event.data };
      out.write(`id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(body)}\n\n`);
    };
    const unsubscribe = hub.subscribe((event) => {
      if (jobId && event.jobId !== jobId) return;
      if (live) send(event);
      else buffered.push(event);
    });
    const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), HEARTBEAT_MS);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(out);
    });

    try {
      if (resumeFrom !== undefined) {
        // What the client missed, from Postgres, up to where live delivery stands.
        const upTo = await hub.position();
        let after = BigInt(resumeFrom);
        lastSent = after;
        for (;;) {
          const missed = await deps.jobEvents.between(after, upTo, REPLAY_PAGE, jobId);
          for (const event of missed) send(event);
          if (missed.length < REPLAY_PAGE) break;
          after = BigInt(missed[missed.length - 1]?.id as string);
        }
      }
      for (const event of buffered.splice(0)) send(event);
      live = true;
    } catch (error) {
      request.log.error({ err: error }, 'event stream failed');
      out.end();
    }
  }
};
