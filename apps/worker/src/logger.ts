import { createRedactingLogger, type LogFormat, prettyDestination } from '@scheduler/runtime';

/**
 * The worker's log: JSON lines, or readable coloured ones when a person watches a terminal
 * (LOG_FORMAT). Credentials never appear even if an error object carries them.
 */
export function createLogger(level: string, name: string, format: LogFormat = 'json') {
  return createRedactingLogger({ name, level }, prettyDestination(format));
}
