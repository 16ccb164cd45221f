import postgres from 'postgres';

export interface ListenHandlers {
  /** A notification on the channel (its payload). */
  onNotify(payload: string): void;
  /** LISTEN is in place: at the start and again after every reconnection (what was sent meanwhile is lost). */
  onListening(): void;
  /** Listening failed or the connection dropped; it is tried again after `retryMs`. */
  onLost(error: unknown): void;
}

/**
 * LISTENs on one channel over a connection of its own, kept for good: when it drops (Postgres
 * restarted, a network cut, its lifetime) it is opened again every `retryMs` until LISTEN is back,
 * and `onListening` says so. postgres.js's own `sql.listen` re-listens after a drop too, but
 * gives up for good when its first try fails (seen with a cut that resets new connections), so
 * the retry is done here.
 */
export function listenFor(databaseUrl: string, channel: string, handlers: ListenHandlers, retryMs = 2000) {
  let stopped = false;
  let listening = false;
  let retry: NodeJS.Timeout | undefined;
  // postgres.js's hook for every NOTIFY its connection receives (what its own `listen` uses): not in its types.
  const notifications = {
    onnotify: (name: string, payload: string) => {
      if (name === channel) handlers.onNotify(payload);
    },
  } as object;
  const sql = postgres(databaseUrl, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    connect_timeout: 10,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: `listen:${channel}` },
    ...notifications,
    onclose: () => {
      if (stopped || !listening) return;
      listening = false;
      handlers.onLost(new Error(`the connection listening on ${channel} closed`));
      again();
    },
  });
  const again = () => {
    clearTimeout(retry);
    if (stopped) return;
    retry = setTimeout(() => void attempt(), retryMs);
    retry.unref();
  };
  const attempt = async () => {
    try {
      await sql.unsafe(`LISTEN "${channel.replace(/"/g, '""')}"`);
      if (stopped) return;
      listening = true;
      handlers.onListening();
    } catch (error) {
      if (stopped) return;
      handlers.onLost(error);
      again();
    }
  };
  const started = attempt();
  return {
    /** The first try has finished (listening or not). */
    started,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await sql.end({ timeout: 1 }).catch(() => {});
    },
  };
}
