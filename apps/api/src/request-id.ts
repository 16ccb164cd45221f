import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What a caller's X-Request-Id may be to be kept: short, and nothing a log or a page could misread. */
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the caller's X-Request-Id when it is a plain, bounded one (so a call can
 * be followed across services), else a fresh UUID. The id goes into every log line and audit
 * row, so a caller must not be able to put kilobytes of markup there.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && PLAIN_ID.test(given) ? given : randomUUID();
}
