import { percentile } from '../support/processes.ts';
import { isEventStream } from './tab.ts';

/** One answered request, from the API's request log (one JSON line each, written when answered). */
export interface AnsweredRequest {
  /** When the answer was sent (Date.now() of the API process). */
  at: number;
  /** The request's id: the caller's X-Request-Id when it sent one (the bench tags each tab). */
  reqId: string;
  method: string;
  path: string;
  status: number;
  /** The API's own time to answer, from receiving the request to sending the answer. */
  ms: number;
}

/**
 * Collects the request-log lines of the API's output (LOG_FORMAT=json, LOG_LEVEL=info): the
 * server-side time of every answer, so the bench compares the API's own p99 idle and under load
 * without the browser's or the network's time in it.
 */
export function requestLog() {
  const answered: AnsweredRequest[] = [];
  let partial = '';
  return {
    /** Feed the process's output to it, chunk by chunk. */
    write(chunk: string) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{') || !line.includes('"ms"')) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (typeof entry.ms !== 'number' || typeof entry.path !== 'string') continue;
          answered.push({
            at: entry.time as number,
            reqId: String(entry.reqId),
            method: String(entry.method),
            path: entry.path,
            status: Number(entry.status),
            ms: entry.ms,
          });
        } catch {
          // Not a log line of the API's own: ignored.
        }
      }
    },
    /** Answers sent in [from, to), event streams left out (their time is how long they stayed open). */
    within(from: number, to: number, which: (r: AnsweredRequest) => boolean = () => true): AnsweredRequest[] {
      return answered.filter((r) => r.at >= from && r.at < to && !isEventStream(r.path) && which(r));
    },
  };
}

/** p50 and p99 of the API's own times for these answers, in ms. */
export function serverTimes(answers: AnsweredRequest[]) {
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  return { count: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) ?? Number.NaN };
}
