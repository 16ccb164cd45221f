import type { ServerResponse } from 'node:http';

export interface WriterLimits {
  /** Bytes a stream may hold for its reader (Node's buffer of the response and its socket). */
  maxBufferedBytes: number;
  /** How long a reader that stopped reading has to drain before it is dropped. */
  drainTimeoutMs: number;
}

/** Why a stream stopped. */
export type DropReason = 'fell_behind' | 'stalled' | 'closed';

/**
 * Writes to a long-lived response without ever holding more than `maxBufferedBytes` for it.
 * Node buffers whatever `write` is given when the client does not read, so a reader that stops
 * (or a replay larger than the socket takes) would otherwise grow the process without bound.
 * A writer checks `hasRoomFor` (live events) or waits for `ready()` (replays) before writing.
 * A reader that does not drain within `drainTimeoutMs` of the buffer passing its high-water mark
 * is dropped, as is a write that would overflow the bound anyway: its socket is destroyed (a
 * graceful end could never flush to a reader that does not read) and the client reconnects with
 * Last-Event-ID, replaying what it missed from Postgres.
 */
export function createBoundedWriter(out: ServerResponse, limits: WriterLimits, onDrop: (reason: DropReason) => void) {
  let stopped: DropReason | null = null;
  let drainTimer: NodeJS.Timeout | null = null;

  const clearDrainTimer = () => {
    if (drainTimer) clearTimeout(drainTimer);
    drainTimer = null;
  };
  const drop = (reason: DropReason) => {
    if (stopped) return;
    stopped = reason;
    clearDrainTimer();
    out.destroy();
    onDrop(reason);
  };
  // Armed while Node's buffer is over its high-water mark: the reader has this long to catch up.
  const watchDrain = () => {
    if (drainTimer || stopped) return;
    drainTimer = setTimeout(() => drop('stalled'), limits.drainTimeoutMs);
    out.once('drain', clearDrainTimer);
  };
  out.once('close', () => {
    clearDrainTimer();
    stopped ??= 'closed';
  });
  const gone = () => stopped ?? (out.destroyed ? 'closed' : null);
  // One chunk always fits an empty buffer: an event larger than the bound must still go out, or
  // its reader would reconnect and be dropped at the same event for ever.
  const hasRoomFor = (chunk: string) =>
    out.writableLength === 0 || out.writableLength + Buffer.byteLength(chunk) <= limits.maxBufferedBytes;

  return {
    /** Null while the stream is open, else why it stopped. */
    get stopped(): DropReason | null {
      return gone();
    },

    /** Whether `chunk` fits in what the stream may still hold for its reader. */
    hasRoomFor,

    /** Queues `chunk`; false when the stream is gone (or was dropped because it would overflow). */
    write(chunk: string): boolean {
      if (gone()) return false;
      if (!hasRoomFor(chunk)) {
        drop('fell_behind');
        return false;
      }
      if (!out.write(chunk)) watchDrain();
      return true;
    },

    /** Resolves once the reader has drained what is queued (true), or the stream is gone (false). */
    async ready(): Promise<boolean> {
      if (gone()) return false;
      if (!out.writableNeedDrain) return true;
      watchDrain();
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
      return !gone();
    },

    /** Ends the stream with a last chunk; a reader that does not take it within the timeout is cut. */
    end(chunk: string) {
      if (gone()) return;
      stopped = 'closed';
      clearDrainTimer();
      const cut = setTimeout(() => out.destroy(), limits.drainTimeoutMs);
      cut.unref();
      out.once('finish', () => clearTimeout(cut));
      out.once('close', () => clearTimeout(cut));
      out.end(chunk);
    },

    /** Ends the stream at once (shutdown, failure). */
    destroy() {
      drop('closed');
    },
  };
}

export type BoundedWriter = ReturnType<typeof createBoundedWriter>;
