import { isDatabaseUnavailable } from '@scheduler/db';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorBody, HttpError } from '../http-error.ts';

// Fastify's own client errors, renamed into the API's vocabulary.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

/** Seconds a caller is asked to wait before trying again while Postgres is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The 503 of a request that needs Postgres while Postgres does not answer. What went wrong
 * (addresses, driver messages) goes to the log, not to the caller.
 */
export const databaseUnavailable = () =>
  new HttpError(
    503,
    'database_unavailable',
    `Postgres (where jobs are recorded) is not answering, so nothing was done; try again in ${RETRY_AFTER_SECONDS} seconds.`,
  );

/**
 * One error shape everywhere: `{ error, message }`, a 4xx that says what is wrong for bad
 * input, and for anything else a 500 without internals (the details go to the log).
 */
export const errorsPlugin = fp(
  async (app: FastifyInstance, { onDatabaseUnavailable }: { onDatabaseUnavailable?: (error: unknown) => void }) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      // A connection that closed in the middle of a body (the client left, or its body timed out)
      // fails the read with ECONNRESET too: that is not Postgres going away, and there is nobody
      // left to answer.
      if (request.raw.destroyed && !request.raw.complete) {
        request.log.info('the connection closed before the request had arrived');
        return reply;
      }
      if (isDatabaseUnavailable(error)) {
        // An outage, not a bug: the caller may retry, and the other routes learn of it now. The
        // watch logs the outage once and counts the requests it refused (no line per request).
        onDatabaseUnavailable?.(error);
        return sendUnavailable(reply, databaseUnavailable());
      }
      if (error instanceof HttpError && error.code === 'database_unavailable') {
        onDatabaseUnavailable?.(error);
        return sendUnavailable(reply, error);
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? 'request';
        if (where === 'params' && app.answerWrongMethod(request, reply, true)) return reply;
        const problems = error.validation.map((v) => {
          const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
          return `${where}${path ? `.${path}` : ''}: ${v.message}`;
        });
        return reply.code(400).send(errorBody('validation_failed', problems.join('; '), { problems }));
      }
      if (error instanceof HttpError) {
        return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.extra));
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const code = FASTIFY_CODES[error.code] ?? 'bad_request';
        return reply.code(status).send(errorBody(code, clientErrorMessage(error, code, request)));
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(errorBody('internal_error', 'Something went wrong on our side; it has been logged.'));
    });

    app.setNotFoundHandler((request, reply) => {
      if (app.answerWrongMethod(request, reply, false)) return reply;
      return reply.code(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
    });
  },
  { name: 'errors', dependencies: ['method-not-allowed'] },
);

/** Fastify's own 4xx messages, made to say what to send instead. */
function clientErrorMessage(error: FastifyError, code: string, request: FastifyRequest): string {
  if (code === 'unsupported_media_type') {
    const sent = String(request.headers['content-type'] ?? 'none').slice(0, 100);
    return `This API takes JSON bodies: send Content-Type: application/json (this request had ${sent})`;
  }
  if (code === 'payload_too_large') {
    const limit = request.routeOptions.bodyLimit;
    return `The body is larger than the limit of ${limit} bytes (${Math.round(limit / 1024)} KiB)`;
  }
  if (error instanceof SyntaxError || code === 'invalid_json') return `Malformed JSON body: ${error.message}`;
  return error.message;
}

function sendUnavailable(reply: FastifyReply, error: HttpError) {
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .send(errorBody(error.code, error.message, error.extra));
}
