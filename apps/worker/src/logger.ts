import { type LogFormat, prettyDestination, redaction } from '@scheduler/runtime';
import pino from 'pino';

/**
 * The worker's log: JSON lines, or readable coloured ones when a person watches a terminal
 * (LOG_FORMAT). Credentials never appear even if an error object carries them.
 */
export function createLogger(level: string, name: string, format: LogFormat = 'json') {
  const options = { name, level, redact: redaction };
  const pretty = prettyDestination(format);
  return pretty ? pino(options, pretty) : pino(options);
}
