import pino from 'pino';

/** Structured JSON logs; credentials never appear even if an error object carries them. */
export function createLogger(level: string, name: string) {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.password', '*.serviceKey', '*.headers.authorization', '*.headers["x-service-token"]'],
      censor: '[redacted]',
    },
  });
}
