import { connect, type Socket } from 'node:net';

/** An HTTP/1.1 exchange written by hand over a TCP socket: for clients no HTTP library imitates. */
export interface RawConnection {
  socket: Socket;
  /** Writes to the socket; false once it is closed (a write then is not an error). */
  write(text: string | Buffer): boolean;
  /** The first complete answer (head and Content-Length body); rejects after `withinMs` or on close without one. */
  answer(withinMs: number): Promise<RawAnswer>;
  /** Resolves with ms since the connection opened when the server closes it; rejects after `withinMs`. */
  closed(withinMs: number): Promise<number>;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** ms since the connection opened. */
  afterMs: number;
}

export async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const openedAt = performance.now();
  let received = '';
  let closedAt: number | null = null;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  socket.on('data', (chunk) => {
    received += chunk.toString('utf8');
    wake();
  });
  // A reset after the answer (the server closed with bytes unread) is a close like any other.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closedAt = performance.now() - openedAt;
    wake();
  });

  const until = <T>(what: string, withinMs: number, check: () => T | null): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        let value: T | null;
        try {
          value = check();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (value === null) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`no ${what} within ${withinMs} ms (received so far: ${JSON.stringify(received.slice(0, 300))})`),
        );
      }, withinMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(attempt);
      };
      waiters.add(attempt);
      attempt();
    });

  return {
    socket,
    write: (text) => {
      if (socket.destroyed || !socket.writable) return false;
      socket.write(text);
      return true;
    },
    answer: (withinMs) =>
      until('answer', withinMs, () => {
        const parsed = parseAnswer(received);
        if (parsed) return { ...parsed, afterMs: performance.now() - openedAt };
        if (closedAt !== null) throw new Error(`closed without an answer (received: ${JSON.stringify(received)})`);
        return null;
      }),
    closed: (withinMs) => until('close', withinMs, () => closedAt),
  };
}

function parseAnswer(text: string): Omit<RawAnswer, 'afterMs'> | null {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(end + 4);
  if (Buffer.byteLength(body) < length) return null;
  return { status: Number(statusLine?.split(' ')[1]), headers, body: body.slice(0, length) };
}

/** The head of a request with a JSON body of `length` bytes, and its CRLFs. */
export const requestHead = (method: string, path: string, headers: Record<string, string | number>) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
