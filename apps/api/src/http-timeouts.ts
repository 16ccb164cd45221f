import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiConfig } from '@scheduler/config';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';

type TimeoutSettings = Pick<ApiConfig, 'REQUEST_TIMEOUT_MS' | 'REQUEST_IDLE_TIMEOUT_MS' | 'KEEP_ALIVE_TIMEOUT_MS'>;

/**
 * Server options that stop a slow client from holding a connection (Node and Fastify wait
 * forever by default): the whole request, headers and body, must arrive within
 * REQUEST_TIMEOUT_MS and its headers within REQUEST_IDLE_TIMEOUT_MS, else the client gets a 408
 * and the connection is closed. The body's own idle limit is bodyIdleTimeoutPlugin. There is no
 * idle limit once a request has arrived: event streams stay open, quiet between heartbeats.
 */
export function timeoutOptions(settings: TimeoutSettings) {
  const requestTimeout = settings.REQUEST_TIMEOUT_MS;
  return {
    requestTimeout,
    keepAliveTimeout: settings.KEEP_ALIVE_TIMEOUT_MS,
    http: {
      requestTimeout,
      headersTimeout: Math.min(settings.REQUEST_IDLE_TIMEOUT_MS, requestTimeout),
      // How often Node looks for requests past those limits (30 s by default, which would
      // let a slow body live up to that much longer than the limit).
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(requestTimeout / 4))),
    },
    clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        this.log.info('a request did not arrive in time: answered 408 and closed');
        return answerTimeout(
          socket,
          `The request did not arrive within ${seconds(requestTimeout)} (headers within ${seconds(Math.min(settings.REQUEST_IDLE_TIMEOUT_MS, requestTimeout))}); send it at once`,
        );
      }
      // Anything else (a malformed request, headers too large) as Fastify answers it.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable && socket.bytesWritten === 0) {
        const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
        writeRaw(socket, status, {
          error: status === 431 ? 'headers_too_large' : 'bad_request',
          message: status === 431 ? 'The request headers are too large' : 'The request is not valid HTTP',
        });
      }
      socket.destroy();
    },
  } satisfies Partial<FastifyServerOptions> & { http: object };
}

/**
 * A body that stops arriving for REQUEST_IDLE_TIMEOUT_MS gets a 408 and its connection is
 * closed: the socket's idle timer runs from the request's headers until its body has been read
 * (a request answered before its body is read, as an unauthenticated one is, keeps it until the
 * rest arrives or the timer fires).
 */
export const bodyIdleTimeoutPlugin = fp(
  async (app: FastifyInstance, { idleMs }: { idleMs: number }) => {
    app.addHook('onRequest', async (request) => {
      const raw = request.raw;
      // Injected requests (tests) have no socket to time.
      if (typeof raw.setTimeout !== 'function') return;
      if (raw.headers['transfer-encoding'] === undefined && Number(raw.headers['content-length'] ?? 0) === 0) return;
      // Node emits `timeout` on the request only while it is incomplete, that is while its body is due.
      raw.setTimeout(idleMs, () => {
        request.log.info('a request body stalled: answered 408 and closed');
        answerTimeout(raw.socket, `The request body stopped arriving for ${seconds(idleMs)}; send it at once`);
      });
    });
    // Read: the handler may take its time (the response is not the client's to hurry).
    app.addHook('preValidation', async (request) => {
      if (typeof request.raw.setTimeout === 'function') request.raw.setTimeout(0);
    });
  },
  { name: 'body-idle-timeout' },
);

/** Answers 408 on the socket unless an answer has started, then closes it. */
function answerTimeout(socket: Socket, message: string) {
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !response?.headersSent) writeRaw(socket, 408, { error: 'request_timeout', message });
  socket.destroySoon();
}

function writeRaw(socket: Socket, status: number, body: { error: string; message: string }) {
  const text = JSON.stringify(body);
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
