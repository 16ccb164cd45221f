import { type EmailClient, ServiceCallError, stringifyReusing } from '@scheduler/jobs';
import { Agent, type Dispatcher, errors, RetryAgent } from 'undici';
import { z } from 'zod';
import { answeredWith, type ServiceClientOptions, successAnswer, TRANSIENT_STATUSES } from './http.ts';

const sendAnswer = z.object({
  success: z.boolean(),
  emailId: z.string().optional(),
  error: z.string().optional(),
});

const SERVICE = 'email-service';
const TRANSIENT_ERRORS = [
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
];

/**
 * The email service's client, on undici's own request API rather than fetch: a digest sends
 * one request per recipient, and fetch's Request/Response objects and their signals were most
 * of the worker's time (profile of bench:digest). Same behaviour as the other service clients:
 * keep-alive, a timeout per try, and retries with exponential backoff (Retry-After honoured)
 * on network errors, timeouts, 408, 429 and 5xx. Every send carries an Idempotency-Key, so its
 * POST is safe to repeat.
 */
export function createEmailClient(options: Omit<ServiceClientOptions, 'service'>): EmailClient {
  const url = new URL('api/send', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const dispatcher = new RetryAgent(
    new Agent({ headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, keepAliveTimeout: 30_000 }),
    {
      maxRetries: options.retries ?? 3,
      minTimeout: 300,
      maxTimeout: 10_000,
      timeoutFactor: 2,
      retryAfter: true,
      methods: ['POST'],
      statusCodes: TRANSIENT_STATUSES,
      errorCodes: TRANSIENT_ERRORS,
    },
  );
  const baseHeaders: Record<string, string> = { 'content-type': 'application/json' };
  if (options.serviceKey) baseHeaders['x-service-token'] = options.serviceKey;

  return {
    async send(message, { jobId, idempotencyKey, signal }) {
      let status: number;
      let text: string;
      try {
        ({ status, text } = await post(dispatcher, url, {
          headers: { ...baseHeaders, 'x-scheduler-job-id': jobId, 'idempotency-key': idempotencyKey },
          body: stringifyReusing(message),
          signal,
        }));
      } catch (error) {
        throw failureOf(error, options.timeoutMs);
      }
      if (status < 200 || status >= 300) throw answeredWith(SERVICE, status, text);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const answer = successAnswer(SERVICE, body, sendAnswer);
      if (!answer.emailId) throw new ServiceCallError(SERVICE, 'reported failure: no emailId given');
      return { emailId: answer.emailId };
    },
  };
}

/**
 * One POST through `dispatcher` (retries included), answering the final status and body text.
 * undici's dispatch API, one level under `request`: no Readable stream and no async resource
 * per call, which a digest pays a hundred thousand times. A stop of `signal` ends it at once,
 * also while a retry waits for its turn.
 */
function post(
  dispatcher: Dispatcher,
  url: URL,
  { headers, body, signal }: { headers: Record<string, string>; body: string; signal?: AbortSignal },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let status = 0;
    let chunks: Buffer[] = [];
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      finish();
    };
    function stop() {
      controller?.abort(signal?.reason);
      settle(() => reject(signal?.reason));
    }
    signal?.addEventListener('abort', stop, { once: true });
    dispatcher.dispatch(
      { origin: url.origin, path: url.pathname, method: 'POST', headers, body },
      {
        onRequestStart(started) {
          controller = started;
          if (settled) started.abort(signal?.reason);
        },
        onResponseStart(_controller, statusCode) {
          status = statusCode;
          chunks = [];
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle(() => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
        },
        onResponseError(_controller, error) {
          settle(() => reject(error));
        },
      },
    );
  });
}

/** What undici threw, as the ServiceCallError the handlers understand (an abort stays an abort). */
function failureOf(error: unknown, timeoutMs: number): unknown {
  if (error instanceof errors.RequestRetryError) {
    return new ServiceCallError(SERVICE, `answered ${error.statusCode} (after retries)`, error.statusCode);
  }
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return new ServiceCallError(SERVICE, `did not answer within ${timeoutMs}ms`);
  }
  if (error instanceof Error && (error.name === 'AbortError' || error instanceof errors.RequestAbortedError))
    return error;
  const code = (error as { code?: string }).code;
  if (code) return new ServiceCallError(SERVICE, `unreachable (${code})`);
  return error;
}
