import { JOB_EVENT_KINDS, type JobEventKind } from '@scheduler/db';
import type { PauseChange } from '@scheduler/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import type { EventHub } from '../event-hub.ts';
import type { EventJobReader, EventWithJob } from '../event-jobs.ts';
import { type BoundedWriter, createBoundedWriter } from '../event-streams/bounded-writer.ts';
import { watchCredential } from '../event-streams/credential-watch.ts';
import { createStreamSlots } from '../event-streams/stream-slots.ts';
import { createGate } from '../gate.ts';
import { HttpError } from '../http-error.ts';
import { jobSummarySchema, queuePauseSchema, queuePauseView, toJobSummary } from '../job-view.ts';
import { can } from '../plugins/auth.ts';
import { bigintIdParam, errorSchema, isBigintId } from './shared-schemas.ts';

const HEARTBEAT_MS = 15_000;
const HEARTBEAT = ': heartbeat\n\n';
/** Events read from Postgres at a time while replaying: what one stream holds in memory at most. */
const REPLAY_PAGE = 100;
/**
 * Live events kept for a stream while it is behind (replaying, or waiting for its reader to
 * drain). Past this the stream forgets them and reads them from Postgres too, so a slow reader
 * never piles up live events.
 */
const PENDING_WHILE_BEHIND = 1000;

/** The `data` of each event: the job it is about and, but for `log`, the job itself. */
const jobEventDataSchema = z
  .object({
    jobId: z.uuid(),
    jobType: z.string(),
    at: z.iso.datetime({ offset: true }),
    job: jobSummarySchema
      .nullable()
      .optional()
      .describe('Every kind but log: the job as read at or after the event (null if it is no longer kept)'),
  })
  .catchall(z.unknown())
  .describe('Fields of the kind besides: progress for `progress`, the line for `log`, attempt and error for the rest')
  .meta({ id: 'JobEventData' });

/** Events of a job type's queue, on the all-jobs stream only: it was paused (or its pause changed), or resumed. */
export const QUEUE_EVENT_KINDS = ['queue-paused', 'queue-resumed'] as const;
type QueueEventKind = (typeof QUEUE_EVENT_KINDS)[number];
const queueEventKindSchema = z.enum(QUEUE_EVENT_KINDS).meta({
  id: 'QueueEventKind',
  description: "A job type's queue paused (or its pause changed) or resumed, by anyone, anywhere",
});

/** The `data` of a queue event: the queue's state as GET /api/queues shows it, and when it was heard. */
const queueEventDataSchema = z
  .object({
    kind: queueEventKindSchema,
    jobType: z.string(),
    paused: z.boolean(),
    pause: queuePauseSchema.nullable().describe('The pause, while it holds (null on `queue-resumed`)'),
    at: z.iso.datetime({ offset: true }).describe('When this API process heard of the change'),
  })
  .meta({ id: 'QueueEventData' });

const STREAM_KINDS = [...JOB_EVENT_KINDS, ...QUEUE_EVENT_KINDS] as const;
type StreamKind = JobEventKind | QueueEventKind;
const isKind = (kind: string): kind is StreamKind => (STREAM_KINDS as readonly string[]).includes(kind);

const kindsParam = z
  .string()
  .transform((value) => [...new Set(value.split(',').map((kind) => kind.trim()))])
  .refine((kinds): kinds is StreamKind[] => kinds.every(isKind), {
    message: `must be a comma-separated list of event kinds: ${STREAM_KINDS.join(', ')}`,
  })
  .describe(`Only these kinds of event (comma-separated; default all): ${STREAM_KINDS.join(', ')}`);

const streamQuery = z.strictObject({
  lastEventId: bigintIdParam('an event id').optional().describe('Same as the Last-Event-ID header'),
  kinds: kindsParam.optional(),
});

const isQueueKind = (kind: string): kind is QueueEventKind => (QUEUE_EVENT_KINDS as readonly string[]).includes(kind);

/** An event frame; `id` lets EventSource send it back as Last-Event-ID. */
const frame = (kind: string, data: unknown, id?: string) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Server-sent events: every job's lifecycle (`GET /api/events`) or one job's
 * (`GET /api/jobs/:jobId/events`): created, started, progress, log, retried, completed, failed,
 * cancelled, or only the kinds asked for (`kinds`). Every event but `log` carries `job`: the
 * job's summary as read at or after the event, with its display state and the actions this
 * stream's caller may take, so a client needs no other read to show it. Each event's id is its job_events id; a client that reconnects with Last-Event-ID
 * (EventSource does) first gets what it missed, from Postgres, then the live stream. Heartbeat
 * comments keep proxies from closing idle streams. Authentication as for the rest of /api: the
 * session cookie lets a browser's EventSource in.
 *
 * What a stream may cost is bounded whatever its reader does: streams per caller and in all
 * (429 past either); at most EVENT_STREAM_BUFFER_BYTES held for a reader. A reader that falls
 * behind is not written to until it has taken what it has (live events meanwhile are kept, up to
 * a bound, else read again from Postgres); one that does not drain within
 * EVENT_STREAM_DRAIN_TIMEOUT_MS is dropped and reconnects. A replay is read a page at a time and
 * written only as fast as the reader takes it, and past EVENT_STREAM_MAX_REPLAY events, or
 * beyond what retention kept, there is none: the stream sends `reset` (reload your data; the
 * stream goes on from the live position) instead. A stream
 * ends with `expired` when its credential expires or is revoked.
 *
 * The all-jobs stream also says when a job type's queue is paused or resumed (`queue-paused`,
 * `queue-resumed`, from the NOTIFY every process hears; see pause-follower.ts in runtime): no id,
 * as they are not job_events and are not replayed. A client reads the queues again when its
 * stream (re)opens, as it does the jobs.
 */
export const eventsRoutes: FastifyPluginAsyncZod<{
  deps: ApiDeps;
  hub: EventHub;
  withJobs: EventJobReader;
  pauseChanges: { subscribe(listener: (change: PauseChange) => void): () => void };
}> = async (app, { deps, hub, withJobs, pauseChanges }) => {
  const { config } = deps;
  const slots = createStreamSlots({
    perPrincipal: config.EVENT_STREAMS_PER_PRINCIPAL,
    total: config.EVENT_STREAMS_TOTAL,
  });
  // Replays leave half of the pool to the database watch and the other routes.
  const replayRead = createGate({ limit: Math.max(1, Math.floor(config.DATABASE_POOL_SIZE / 2)) });
  const writerLimits = {
    maxBufferedBytes: config.EVENT_STREAM_BUFFER_BYTES,
    drainTimeoutMs: config.EVENT_STREAM_DRAIN_TIMEOUT_MS,
  };

  // Streams never end by themselves: shutting down ends them (clients reconnect elsewhere).
  const open = new Set<BoundedWriter>();
  app.addHook('preClose', async () => {
    for (const writer of open) writer.end(': shutting down\n\n');
  });

  const errors = {
    200: {
      description:
        'A stream of server-sent events: `event:` is a JobEventKind (or `reset`, `expired`), `id:` its id, `data:` JSON; ' +
        'on GET /api/events also a QueueEventKind (no id) with QueueEventData',
      content: { 'text/event-stream': { schema: z.union([jobEventDataSchema, queueEventDataSchema]) } },
    },
    400: errorSchema,
    401: errorSchema,
    429: errorSchema,
  };
  app.get(
    '/events',
    {
      schema: {
        summary: 'Every job’s lifecycle, as server-sent events',
        description:
          'Events of the kinds in `JobEventKind`; each but `log` carries the job (`JobSummary`) as `job`. Also ' +
          '`queue-paused` and `queue-resumed` (`QueueEventData`: a queue paused or resumed anywhere, within a ' +
          'second; no id, not replayed), `reset` (reload, then follow from here) and `expired` (sign in again).',
        tags: ['events'],
        querystring: streamQuery,
        response: errors,
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
        querystring: streamQuery,
        response: { ...errors, 404: errorSchema },
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
    const query = request.query as { lastEventId?: string; kinds?: StreamKind[] };
    const resumeFrom = (Array.isArray(header) ? header[0] : header) ?? query.lastEventId;
    const asked = query.kinds ?? null;
    const kinds = asked === null ? null : asked.filter((kind): kind is JobEventKind => !isQueueKind(kind));
    const queueKinds = jobId ? [] : QUEUE_EVENT_KINDS.filter((kind) => asked === null || asked.includes(kind));
    const wanted = (event: { jobId: string; kind: string }) =>
      (!jobId || event.jobId === jobId) && (kinds === null || (kinds as string[]).includes(event.kind));
    if (resumeFrom !== undefined && !isBigintId(resumeFrom)) {
      throw new HttpError(
        400,
        'validation_failed',
        'Last-Event-ID must be an event id (a whole number up to 9223372036854775807)',
      );
    }
    // Refused before anything is written, so the refusal is an ordinary JSON answer. Counted per
    // principal (the person, the dashboard session or the key), which this scope's
    // authentication has set.
    const slot = slots.take(request.principalKey as string);
    if ('refused' in slot) {
      throw new HttpError(429, 'too_many_streams', slot.refused, {
        open: slot.open,
        limit: slot.limit,
        scope: slot.scope,
      });
    }

    // Headers set so far (CORS, request id) go out with the stream.
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const writer = createBoundedWriter(out, writerLimits, (reason) => {
      if (reason !== 'closed') request.log.info({ reason }, 'event stream dropped: its reader did not keep up');
    });
    open.add(writer);

    let lastSent = 0n;
    // Live: hub events are written as they come. Otherwise the stream is behind (replaying, or
    // its reader has not taken what was written): they wait in `pending`, and `overflowed` says
    // some were forgotten (Postgres has them).
    let live = false;
    // The actions each job carries are this caller's; its queue's state comes with the event.
    const canWrite = request.principal !== null && can(request.principal, 'write');
    const pending: EventWithJob[] = [];
    let overflowed = false;
    const frameOf = ({ event, job, pausedTypes }: EventWithJob) =>
      frame(
        event.kind,
        {
          jobId: event.jobId,
          jobType: event.jobType,
          at: event.at.toISOString(),
          ...event.data,
          ...(event.kind === 'log'
            ? {}
            : { job: job && toJobSummary(job, { catalogue: deps.catalogue, pausedTypes, canWrite }) }),
        },
        event.id,
      );
    /** Writes `item` unless the reader has it already; false when it would not fit the buffer. */
    const send = (item: EventWithJob, onlyIfRoom = false): boolean => {
      const id = BigInt(item.event.id);
      if (id <= lastSent) return true;
      const chunk = frameOf(item);
      if (onlyIfRoom && !writer.hasRoomFor(chunk)) return false;
      lastSent = id;
      writer.write(chunk);
      return true;
    };
    const unsubscribe = hub.subscribe((item) => {
      if (!wanted(item.event)) return;
      if (live && send(item, true)) return;
      // The reader has not taken what the buffer holds: stop writing until it has, then catch up.
      const fellBehind = live;
      live = false;
      if (pending.length < PENDING_WHILE_BEHIND) pending.push(item);
      else {
        pending.length = 0;
        overflowed = true;
      }
      if (fellBehind) void follow(false).catch(fail);
    });
    // A queue event is small and rare: written as it comes, in the stream's order or not (it
    // carries the queue's whole state). A reader so far behind that it has no room for it is
    // dropped soon and reads the queues again when it reconnects.
    const unsubscribeQueues =
      queueKinds.length === 0
        ? () => {}
        : pauseChanges.subscribe(({ jobType, pause }) => {
            const kind: QueueEventKind = pause ? 'queue-paused' : 'queue-resumed';
            if (!queueKinds.includes(kind)) return;
            const data = {
              kind,
              jobType,
              paused: pause !== null,
              pause: pause && queuePauseView(pause),
              at: new Date().toISOString(),
            };
            const chunk = frame(kind, data);
            if (!writer.stopped && writer.hasRoomFor(chunk)) writer.write(chunk);
          });
    // Only into room: a reader that is behind has data coming, and needs no heartbeat.
    const heartbeat = setInterval(() => {
      if (writer.hasRoomFor(HEARTBEAT)) writer.write(HEARTBEAT);
    }, HEARTBEAT_MS);
    const credential = watchCredential({
      expiresAt: request.authExpiresAt,
      checkEveryMs: config.EVENT_STREAM_AUTH_CHECK_MS,
      stillValid: () => app.stillAuthenticated(request),
      onEnd: (why) => {
        const message =
          why === 'expired'
            ? 'Your sign-in expired: sign in again to follow events'
            : 'Your sign-in is no longer valid: sign in again to follow events';
        writer.end(frame('expired', { reason: why, message }));
      },
    });
    let closed = false;
    const release = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeQueues();
      credential.stop();
      slot.release();
      open.delete(writer);
    };
    out.on('close', release);
    // A client that left while the request was authenticated closed its socket before anyone
    // listened: without this its slot, hub listener and timers would be held for good.
    if (out.destroyed || !out.socket || out.socket.destroyed) {
      release();
      return;
    }

    function fail(error: unknown) {
      request.log.error({ err: error }, 'event stream failed');
      writer.destroy();
    }

    try {
      // A new stream starts at the live position (read once subscribed, so nothing falls between).
      lastSent = resumeFrom !== undefined ? BigInt(resumeFrom) : await hub.position();
      // The headers go out with this first write: a client sees the stream open (EventSource's
      // `open`, when the dashboard reads its data again) only once its live position is set, so
      // a change between that read and the position cannot fall between the two.
      writer.write('retry: 2000\n\n');
      await follow(resumeFrom !== undefined);
    } catch (error) {
      fail(error);
    }

    /**
     * Brings the reader up to the live stream: what it missed from Postgres (`fromDatabase`),
     * then the live events that came meanwhile, each written once the reader has taken the
     * last; past what `pending` holds, from Postgres again. Then live.
     */
    async function follow(fromDatabase: boolean) {
      for (let fromPostgres = fromDatabase; ; fromPostgres = true) {
        if (!(await writer.ready())) return;
        if (fromPostgres) await catchUp();
        while (pending.length > 0 && !overflowed) {
          if (!(await writer.ready())) return;
          // Forgotten meanwhile: what is left in `pending` comes after a gap Postgres fills.
          if (overflowed) break;
          send(pending.shift() as EventWithJob);
        }
        if (writer.stopped) return;
        if (!overflowed) {
          live = true;
          return;
        }
      }
    }

    /**
     * Sends what the client missed after `lastSent`, from Postgres, up to where live delivery
     * stands, a page at a time and no faster than the client reads; or `reset` when that is too
     * much or no longer kept.
     */
    async function catchUp() {
      let replayed = 0;
      let first = true;
      for (;;) {
        // Every event up to `upTo` has been handed to the hub's listeners: those forgotten
        // before this point are in the range read below, later ones are in `pending`.
        overflowed = false;
        const upTo = await hub.position();
        if (upTo > lastSent) {
          const budget = Math.max(0, config.EVENT_STREAM_MAX_REPLAY - replayed);
          const [missed, oldest] = await replayRead(() =>
            Promise.all([
              deps.jobEvents.countBetween(lastSent, upTo, budget + 1, jobId, kinds),
              first ? deps.jobEvents.oldestId() : null,
            ]),
          );
          const pruned = oldest !== null && lastSent < oldest - 1n;
          if (pruned || missed > budget) {
            const reason = pruned ? 'history_pruned' : 'too_far_behind';
            const message = pruned
              ? 'Events after the one you last saw are no longer kept: reload, then follow from here'
              : `You missed more than ${config.EVENT_STREAM_MAX_REPLAY} events: reload, then follow from here`;
            writer.write(frame('reset', { reason, message, position: upTo.toString() }, upTo.toString()));
            lastSent = upTo;
          } else {
            replayed += await replay(upTo);
          }
        }
        first = false;
        if (writer.stopped || !overflowed) return;
      }
    }

    /** Pages of (lastSent, upTo], each written once the reader has taken the last. */
    async function replay(upTo: bigint): Promise<number> {
      let sent = 0;
      for (;;) {
        if (!(await writer.ready())) return sent;
        const page = await replayRead(async () =>
          withJobs(await deps.jobEvents.between(lastSent, upTo, REPLAY_PAGE, jobId, kinds)),
        );
        for (const item of page) {
          // Past the high-water mark: wait for the reader before the rest of the page.
          if (!(await writer.ready())) return sent;
          send(item);
          sent++;
        }
        if (page.length < REPLAY_PAGE) return sent;
      }
    }
  }
};
