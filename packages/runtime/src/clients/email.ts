import { setTimeout as sleep } from 'node:timers/promises';
import { type EmailClient, ServiceCallError, stringifyReusing } from '@scheduler/jobs';
import { Agent, type Dispatcher, errors } from 'undici';
import { z } from 'zod';
import { answeredWith, type ServiceClientOptions, successAnswer, TRANSIENT_STATUSES } from './http.ts';

const sendAnswer = z.object({
  success: z.boolean(),
  emailId: z.string().optional(),
  error: z.string().optional(),
});

const SERVICE = 'email-service';
const TRANSIENT_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const TRANSIENT = new Set(TRANSIENT_STATUSES);
/** Backoff between tries: 300 ms, doubling, at most 10 s; a Retry-After (also capped) wins. */
const RETRY = { minMs: 300, maxMs: 10_000, factor: 2 };

/**
 * The email service's client, on undici's dispatch API rather than fetch: a digest sends one
 * request per recipient, and fetch's Request/Response objects and their signals were most of
 * the worker's time (profile of bench:digest). Same behaviour as the other service clients:
 * keep-alive, a timeout per try, and retries with exponential backoff (Retry-After honoured)
 * on network errors, timeouts, 408, 429 and 5xx. Every send carries an Idempotency-Key, so its
 * POST is safe to repeat.
 *
 * The retries are this loop's, not undici's RetryAgent: that wraps every request in a retry
 * handler (and a handler adapter) whether it fails or not, which a digest paid on each of its
 * hundred thousand sends; here a first try that succeeds costs one dispatch.
 */
export function createEmailClient(options: Omit<ServiceClientOptions, 'service'>): EmailClient {
  const url = new URL('api/send', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const agent = new Agent({
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 30_000,
  });
  const maxRetries = options.retries ?? 3;
  const { origin, pathname: path } = url;
  const serviceKey = options.serviceKey;

  return {
    async send(message, { jobId, idempotencyKey, signal }) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-scheduler-job-id': jobId,
        'idempotency-key': idempotencyKey,
      };
      if (serviceKey) headers['x-service-token'] = serviceKey;
      const request: Dispatcher.DispatchOptions = {
        origin,
        path,
        method: 'POST',
        headers,
        body: stringifyReusing(message),
      };
      let reply: Reply;
      for (let retry = 0; ; retry++) {
        try {
          reply = await post(agent, request, signal);
        } catch (error) {
          if (retry >= maxRetries || signal?.aborted || !isTransientError(error))
            throw failureOf(error, options.timeoutMs);
          await waitToRetry(backoff(retry, undefined), signal, options.timeoutMs);
          continue;
        }
        if (!TRANSIENT.has(reply.status)) break;
        if (retry >= maxRetries)
          throw new ServiceCallError(SERVICE, `answered ${reply.status} (after retries)`, reply.status);
        await waitToRetry(backoff(retry, reply.retryAfter), signal, options.timeoutMs);
      }
      const { status, text } = reply;
      if (status < 200 || status >= 300) throw answeredWith(SERVICE, status, text);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      // The answer of nearly every send, checked by hand; anything else goes through the
      // schema, which says what did not fit.
      const fast = body as { success?: unknown; emailId?: unknown; error?: unknown } | null;
      if (
        typeof fast === 'object' &&
        fast !== null &&
        fast.success === true &&
        typeof fast.emailId === 'string' &&
        fast.emailId !== '' &&
        (fast.error === undefined || typeof fast.error === 'string')
      )
        return { emailId: fast.emailId };
      const answer = successAnswer(SERVICE, body, sendAnswer);
      if (!answer.emailId) throw new ServiceCallError(SERVICE, 'reported failure: no emailId given');
      return { emailId: answer.emailId };
    },
  };
}

/** The final status of one try, its body text, and its Retry-After when it asked to wait. */
interface Reply {
  status: number;
  text: string;
  retryAfter: string | undefined;
}

const isTransientError = (error: unknown) => TRANSIENT_ERRORS.has((error as { code?: string } | null)?.code ?? '');

/** The wait before retry number `retry + 1`: undici's RetryHandler's rule, which this replaces. */
function backoff(retry: number, retryAfter: string | undefined): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isNaN(seconds) ? new Date(retryAfter).getTime() - Date.now() : seconds * 1000;
    if (ms > 0) return Math.min(ms, RETRY.maxMs);
  }
  return Math.min(RETRY.minMs * RETRY.factor ** retry, RETRY.maxMs);
}

/** The wait before a retry; a stop meanwhile ends the send as a stop during a request would. */
async function waitToRetry(ms: number, signal: AbortSignal | undefined, timeoutMs: number): Promise<void> {
  try {
    await pause(ms, signal);
  } catch (error) {
    throw failureOf(error, timeoutMs);
  }
}

/** Waits `ms`, or rejects with the signal's reason (as a stopped request does) as soon as it is stopped. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}

/**
 * The requests in flight under each signal. One abort listener per signal stops them all: a
 * listener added and removed per request was a visible share of a digest's CPU (EventTarget's
 * bookkeeping), and a Set's add and delete cost next to nothing.
 */
const inFlightUnder = new WeakMap<AbortSignal, Set<Exchange>>();

function exchangesOf(signal: AbortSignal): Set<Exchange> {
  let exchanges = inFlightUnder.get(signal);
  if (!exchanges) {
    const under = new Set<Exchange>();
    exchanges = under;
    inFlightUnder.set(signal, under);
    signal.addEventListener(
      'abort',
      () => {
        for (const exchange of under) exchange.stop(signal.reason);
        under.clear();
      },
      { once: true },
    );
  }
  return exchanges;
}

/**
 * One try's handler, in the callbacks undici's client itself speaks (onConnect, onHeaders,
 * onData, onComplete, onError). A handler of the newer controller API is wrapped per request in
 * an adapter that also parses every response's headers into an object; this one reads the raw
 * headers only when a transient status may carry a Retry-After. A class: its methods are
 * shared, not closures made for every request (no Readable stream and no async resource either,
 * which a digest would pay a hundred thousand times).
 */
class Exchange implements Dispatcher.DispatchHandler {
  private status = 0;
  private retryAfter: string | undefined;
  private chunks: Buffer[] = [];
  private abort: ((error?: Error) => void) | undefined;
  private settled = false;

  constructor(
    private readonly resolve: (reply: Reply) => void,
    private readonly reject: (error: unknown) => void,
    private readonly under: Set<Exchange> | undefined,
  ) {}

  /** Ends the try at once (its signal was stopped), whatever undici is doing with it. */
  stop(reason: unknown): void {
    this.abort?.(reason instanceof Error ? reason : new errors.RequestAbortedError());
    this.fail(reason);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abort = abort;
    if (this.settled) abort(new errors.RequestAbortedError());
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    this.chunks = [];
    this.retryAfter = TRANSIENT.has(statusCode) ? headerOf(rawHeaders, 'retry-after') : undefined;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    this.under?.delete(this);
    const { chunks } = this;
    const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
    this.resolve({ status: this.status, text, retryAfter: this.retryAfter });
  }

  onError(error: Error): void {
    this.fail(error);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.under?.delete(this);
    this.reject(error);
  }
}

/** A header's first value from undici's raw headers (name, value, name, value, ...). */
function headerOf(rawHeaders: Buffer[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (String(rawHeaders[i]).toLowerCase() === name) return String(rawHeaders[i + 1]);
  return undefined;
}

/** One try of the POST: its status and body text. A stop of `signal` ends it at once. */
function post(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, signal?: AbortSignal): Promise<Reply> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const under = signal ? exchangesOf(signal) : undefined;
    const exchange = new Exchange(resolve, reject, under);
    under?.add(exchange);
    dispatcher.dispatch(request, exchange);
  });
}

/** What undici threw, as the ServiceCallError the handlers understand (an abort stays an abort). */
function failureOf(error: unknown, timeoutMs: number): unknown {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return new ServiceCallError(SERVICE, `did not answer within ${timeoutMs}ms`);
  }
  if (error instanceof Error && (error.name === 'AbortError' || error instanceof errors.RequestAbortedError))
    return error;
  const code = (error as { code?: string }).code;
  if (code) return new ServiceCallError(SERVICE, `unreachable (${code})`);
  return error;
}
