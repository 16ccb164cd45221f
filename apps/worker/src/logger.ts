import { createRedactingLogger, type LogFormat, prettyDestination } from '@scheduler/runtime';

/**
 * The worker's log: JSON lines, or readable coloured ones when a person watches a terminal
 * (LOG_FORMAT). Credentials never appear even if an error object carries them, nor do the
 * process's own `secrets` anywhere in a line.
 */
export function createLogger(
  level: string,
  name: string,
  format: LogFormat = 'json',
  secrets: readonly (string | undefined)[] = [],
) {
  return createRedactingLogger({ name, level }, prettyDestination(format), secrets);
}
