import { type AuditLog, type QueuePause, queuePauses, type Sql } from '@scheduler/db';
import type { JobQueues } from './queues.ts';
import { withTimeout } from './with-timeout.ts';

/** The longest pause with an end: a queue stopped for longer should be paused without one. */
export const MAX_QUEUE_PAUSE_MS = 30 * 24 * 3600_000;
/** How long a reading of the pauses is shared by every request, stream and job of a process. */
const FRESH_MS = 1000;
/** A Redis call made while the pauses' lock is held: a Redis that does not answer must not hold it. */
const REDIS_TIMEOUT_MS = 2000;
/** Pausing, resuming and applying the pauses to BullMQ take this lock, one process at a time. */
const LOCK = 'queue_pauses';

export class QueueControlError extends Error {
  constructor(
    readonly code: 'unknown_type' | 'not_paused' | 'invalid_until',
    message: string,
  ) {
    super(message);
    this.name = 'QueueControlError';
  }
}

export interface QueueActor {
  startedBy: string | null;
  startedByClerkId: string | null;
}

export interface QueueControlDeps {
  sql: Sql;
  queues: JobQueues;
  /** The job types that have a queue (the catalogue's). */
  types: readonly string[];
  /** Where an automatic resume is audited (a pause or resume by hand is audited by its route). */
  audit?: Pick<AuditLog, 'record'>;
}

export interface PauseLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const SILENT: PauseLog = { info() {}, warn() {} };

/**
 * Pausing a job type's queue. The `queue_pauses` row is the truth and BullMQ's paused flag is
 * made to match it: by the call that pauses or resumes, and by `apply`, which every API and
 * worker process runs when it starts, whenever a pause changes and when a pause's `until` comes
 * (see pause-follower.ts), and at a slow interval besides (so a Redis that lost its keys, a
 * restart, or a flag set behind the record's back is put right), and which ends the pauses whose
 * `until` has come. Every change takes one transaction-scoped advisory lock, so an `apply` that
 * read the rows before a pause cannot resume the queue after it.
 */
export function createQueueControl(deps: QueueControlDeps) {
  const { sql, queues } = deps;
  const known = new Set(deps.types);
  let latest: ReadonlyMap<string, QueuePause> = new Map();
  // Every row as last read, a passed `until` included (a row whose end another process is ending).
  let onRecord: readonly QueuePause[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<ReadonlyMap<string, QueuePause>> | null = null;

  const holding = (pauses: readonly QueuePause[], now = Date.now()) =>
    new Map(pauses.filter((p) => !p.until || p.until.getTime() > now).map((p) => [p.jobType, p]));

  const remember = (pauses: readonly QueuePause[]) => {
    onRecord = pauses;
    latest = holding(pauses);
    readAt = Date.now();
    return latest;
  };

  const read = () => {
    reading ??= queuePauses
      .list(sql)
      .then(remember)
      .finally(() => {
        reading = null;
      });
    return reading;
  };

  /**
   * Sets BullMQ's flag of one queue to what the record says; the error when Redis did not answer
   * (the record holds, and the next `apply` sets the flag once Redis answers).
   */
  async function setFlag(jobType: string, paused: boolean, log: PauseLog = SILENT): Promise<unknown> {
    const queue = queues.get(jobType);
    if (!queue) return null;
    try {
      const now = await withTimeout(queue.isPaused(), REDIS_TIMEOUT_MS, 'Redis');
      if (now === paused) return null;
      await withTimeout(paused ? queue.pause() : queue.resume(), REDIS_TIMEOUT_MS, 'Redis');
      log.info({ jobType, paused }, paused ? 'queue paused in BullMQ' : 'queue resumed in BullMQ');
      return null;
    } catch (error) {
      return error;
    }
  }

  const lock = (tx: Sql) => tx`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
  const inTransaction = <T>(work: (tx: Sql) => Promise<T>): Promise<T> =>
    sql.begin((tx) => work(tx as unknown as Sql)) as Promise<T>;

  function checkType(jobType: string) {
    if (!known.has(jobType) || !queues.get(jobType)) {
      throw new QueueControlError('unknown_type', `No job type named "${jobType}"`);
    }
  }

  return {
    /** The pauses holding now, read within the last second (one read however many ask). */
    async current(): Promise<ReadonlyMap<string, QueuePause>> {
      if (Date.now() - readAt >= FRESH_MS) {
        // A failed read keeps the last one (the first read has no last one: it throws).
        const next = read().catch((error: unknown) => {
          if (readAt === Number.NEGATIVE_INFINITY) throw error;
          return latest;
        });
        if (readAt === Number.NEGATIVE_INFINITY) return next;
      }
      return holding([...latest.values()]);
    },

    /**
     * The earliest `until` on record as last read (passed or not: a row still there whose end
     * has come is one this process must look at again); null when no pause has an end.
     */
    nextEnd(): Date | null {
      const ends = onRecord.flatMap((p) => (p.until ? [p.until.getTime()] : []));
      return ends.length > 0 ? new Date(Math.min(...ends)) : null;
    },

    /** Whether the type's queue is paused, as this process last read it (no I/O: for each job it takes). */
    pausedNow(jobType: string): boolean {
      const pause = latest.get(jobType);
      return pause !== undefined && (!pause.until || pause.until.getTime() > Date.now());
    },

    /**
     * Pauses the queue (or moves the end of its pause): recorded, then BullMQ's flag set. A Redis
     * that does not answer leaves the pause recorded; `apply` sets the flag when it is back.
     */
    async pause(
      jobType: string,
      options: { until?: Date | null; reason?: string | null },
      actor: QueueActor,
    ): Promise<QueuePause> {
      checkType(jobType);
      const until = options.until ?? null;
      if (until && until.getTime() <= Date.now()) {
        throw new QueueControlError('invalid_until', '`until` must be in the future');
      }
      if (until && until.getTime() - Date.now() > MAX_QUEUE_PAUSE_MS) {
        throw new QueueControlError(
          'invalid_until',
          '`until` may be at most 30 days away: pause without an end instead',
        );
      }
      const pause = await inTransaction(async (tx) => {
        await lock(tx);
        const row = await queuePauses.pause(tx, {
          jobType,
          pausedBy: actor.startedBy ?? actor.startedByClerkId ?? 'unknown',
          pausedByClerkId: actor.startedByClerkId,
          until,
          reason: options.reason ?? null,
        });
        await setFlag(jobType, true);
        return row;
      });
      latest = new Map([...latest, [jobType, pause]]);
      return pause;
    },

    /** Resumes the queue: the row deleted, BullMQ's flag cleared. Throws `not_paused` when it was not. */
    async resume(jobType: string): Promise<QueuePause> {
      checkType(jobType);
      const ended = await inTransaction(async (tx) => {
        await lock(tx);
        const row = await queuePauses.resume(tx, jobType);
        // Cleared even when the record had no pause: a flag set behind its back goes too.
        await setFlag(jobType, false);
        return row;
      });
      latest = new Map([...latest].filter(([type]) => type !== jobType));
      if (!ended) throw new QueueControlError('not_paused', `The ${jobType} queue is not paused`);
      return ended;
    },

    /**
     * One pass: ends the pauses whose `until` has come (logged and audited once, by the process
     * whose statement ended it), then makes every queue's BullMQ flag match the record. Skipped
     * when another process holds the lock (it is doing the same to the same Redis). Throws, after
     * all that, the error of a flag Redis did not take (so the caller reports an outage once).
     */
    async apply(log: PauseLog = SILENT): Promise<{ resumed: string[]; applied: boolean }> {
      const outcome = await inTransaction(async (tx) => {
        const [got] = await tx`SELECT pg_try_advisory_xact_lock(hashtext(${LOCK})) AS locked`;
        if (!got?.locked) return { resumed: [] as QueuePause[], applied: false, unset: null };
        const resumed = await queuePauses.resumeExpired(tx);
        const pauses = holding(await queuePauses.list(tx));
        const errors = await Promise.all([...known].map((type) => setFlag(type, pauses.has(type), log)));
        return { resumed, applied: true, unset: errors.find((e) => e !== null) ?? null };
      });
      for (const pause of outcome.resumed) {
        log.info(
          { jobType: pause.jobType, until: pause.until, pausedBy: pause.pausedBy },
          'queue pause ended; resumed',
        );
        await deps.audit?.record({
          actorKind: 'service',
          actorUserId: null,
          actorClerkId: null,
          actorRole: 'system',
          action: 'queue.resume',
          target: pause.jobType,
          details: {
            automatic: true,
            until: pause.until?.toISOString() ?? null,
            pausedAt: pause.pausedAt.toISOString(),
            pausedBy: pause.pausedBy,
          },
          statusCode: 200,
          clientIp: null,
          requestId: null,
        });
      }
      await read();
      if (outcome.unset !== null) throw outcome.unset;
      return { resumed: outcome.resumed.map((p) => p.jobType), applied: outcome.applied };
    },
  };
}

export type QueueControl = ReturnType<typeof createQueueControl>;
