import { connect, type Socket } from 'node:net';

/** One server-sent event as a client sees it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
}

export interface OpenStream {
  status: number;
  /** The JSON body of a refusal (anything but 200). */
  body: Record<string, unknown> | null;
  /** Reads events until `until` says stop, the stream ends (`ended`), or `timeoutMs` passes (throws). */
  read(until: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<{ events: SseEvent[]; ended: boolean }>;
  close(): void;
}

/** Moves the complete frames at the start of `text` into `events`; returns what is left. */
function takeFrames(text: string, events: SseEvent[]): string {
  let rest = text;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const fields = new Map<string, string>();
    for (const line of rest.slice(0, end).split('\n')) {
      if (line.startsWith(':') || !line.includes(': ')) continue;
      fields.set(line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2));
    }
    rest = rest.slice(end + 2);
    const event = fields.get('event');
    if (event) events.push({ id: fields.get('id'), event, data: JSON.parse(fields.get('data') ?? '{}') });
  }
  return rest;
}

/** Opens an event stream with fetch, as a reading client (a browser's EventSource) would. */
export async function openStream(base: string, path: string, headers: Record<string, string>): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { headers, signal: controller.signal });
  if (res.status !== 200) {
    const body = (await res.json()) as Record<string, unknown>;
    return { status: res.status, body, read: async () => ({ events: [], ended: true }), close: () => {} };
  }
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let text = '';
  return {
    status: 200,
    body: null,
    async read(until, timeoutMs = 10_000) {
      const deadline = setTimeout(() => controller.abort(), timeoutMs);
      try {
        while (!until(events)) {
          const { value, done } = await reader.read();
          if (done) return { events, ended: true };
          text = takeFrames(text + decoder.decode(value, { stream: true }), events);
        }
        return { events, ended: false };
      } catch (error) {
        if (controller.signal.aborted)
          throw new Error(`the stream ${path} did not give what was expected within ${timeoutMs} ms`);
        throw error;
      } finally {
        clearTimeout(deadline);
      }
    },
    close: () => controller.abort(),
  };
}

/**
 * A client that asks for an event stream over a raw TCP socket and then never reads a byte:
 * what a stalled or hostile reader looks like to the API.
 */
export function pausedStream(port: number, path: string, headers: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const lines = Object.entries({ host: `127.0.0.1:${port}`, accept: 'text/event-stream', ...headers }).map(
        ([name, value]) => `${name}: ${value}`,
      );
      socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      // No 'data' listener and paused: whatever the API sends stays in the kernel's buffers.
      socket.pause();
      socket.off('error', reject);
      // The API cutting a stalled reader resets the connection: expected, not a failure.
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export interface RawStream {
  socket: Socket;
  /** Reads (resuming the socket) until `until` says stop or the stream ends; then stops reading again. */
  read(until: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<{ events: SseEvent[]; ended: boolean }>;
}

/**
 * An event stream over a raw TCP socket that reads only when told to (`read`), so a test can
 * stop reading for a while: fetch keeps reading into its own buffers.
 */
export async function rawStream(port: number, path: string, headers: Record<string, string>): Promise<RawStream> {
  const socket = await pausedStream(port, path, headers);
  const events: SseEvent[] = [];
  let bytes = Buffer.alloc(0);
  let headed = false;
  let text = '';
  let ended = false;
  // The body comes chunked: <hex size>\r\n<bytes>\r\n ... 0\r\n\r\n.
  const decode = () => {
    if (!headed) {
      const end = bytes.indexOf('\r\n\r\n');
      if (end < 0) return;
      headed = true;
      bytes = bytes.subarray(end + 4);
    }
    for (;;) {
      const line = bytes.indexOf('\r\n');
      if (line < 0) return;
      const size = Number.parseInt(bytes.subarray(0, line).toString('latin1'), 16);
      if (size === 0) {
        ended = true;
        return;
      }
      if (bytes.length < line + 2 + size + 2) return;
      text = takeFrames(text + bytes.subarray(line + 2, line + 2 + size).toString('utf8'), events);
      bytes = bytes.subarray(line + 2 + size + 2);
    }
  };
  socket.on('end', () => {
    ended = true;
  });
  return {
    socket,
    read(until, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const finish = () => {
          socket.off('data', onData);
          socket.off('close', onClose);
          socket.pause();
          clearTimeout(timer);
          resolve({ events, ended });
        };
        const onData = (chunk: Buffer) => {
          bytes = Buffer.concat([bytes, chunk]);
          decode();
          if (ended || until(events)) finish();
        };
        const onClose = () => {
          ended = true;
          finish();
        };
        const timer = setTimeout(() => {
          socket.off('data', onData);
          socket.pause();
          reject(new Error(`the stream ${path} did not give what was expected within ${timeoutMs} ms`));
        }, timeoutMs);
        socket.on('data', onData);
        socket.on('close', onClose);
        if (ended || until(events)) finish();
        else socket.resume();
      });
    },
  };
}
