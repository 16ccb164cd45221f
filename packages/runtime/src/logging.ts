import type { DestinationStream } from 'pino';
import pretty, { prettyFactory } from 'pino-pretty';

/** `json`: one JSON object per line, for machines. `pretty`: coloured readable lines. `auto`: pretty on a terminal. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Whether lines written to `stream` should be pretty: asked for, or `auto` and a person is watching. */
export function wantsPretty(format: LogFormat, stream: { isTTY?: boolean } = process.stdout): boolean {
  return format === 'pretty' || (format === 'auto' && stream.isTTY === true);
}

/**
 * How pino-pretty shows a line: time, level, [process], message, then the other fields on the
 * same line. One line per event, so three processes side by side stay readable. Fields the
 * message already says (a request's method, path and status; a job's type and attempt) are
 * left to the JSON form.
 */
export const PRETTY_OPTIONS = {
  colorize: true,
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,name,method,path,route,status,ms,jobType,attempt',
  messageFormat: '{if name}[{name}] {end}{msg}',
} as const;

/** A pretty stream for pino when `format` asks for one; undefined keeps pino's JSON on stdout. */
export function prettyDestination(format: LogFormat): DestinationStream | undefined {
  return wantsPretty(format) ? pretty({ ...PRETTY_OPTIONS, colorize: process.stdout.isTTY === true }) : undefined;
}

/**
 * How a supervisor (`pnpm start`) shows the lines of the processes it runs: their JSON log
 * lines pretty, tagged with the process's name, when `pretty`; unchanged JSON otherwise; any
 * other text tagged with the name. Answers the text to write, newline included.
 */
export function createLineRenderer(pretty: boolean, colorize = pretty) {
  const render = pretty ? prettyFactory({ ...PRETTY_OPTIONS, colorize }) : null;
  return (name: string, line: string): string => {
    if (line.startsWith('{')) {
      if (!render) return `${line}\n`;
      try {
        return render({ name, ...(JSON.parse(line) as Record<string, unknown>) });
      } catch {
        // Not JSON after all: shown as text.
      }
    }
    return `[${name}] ${line}\n`;
  };
}
