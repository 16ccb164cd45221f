import http from 'node:http';
import { TEST_SERVICE_KEY } from '@scheduler/testing';

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** Calls the API with the service key; answers the status and the parsed body. */
export function callApi(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: {
          authorization: `Bearer ${TEST_SERVICE_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed: Record<string, unknown> | null = null;
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // Not JSON: the status says enough.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export interface LoadOptions {
  base: string;
  rate: number;
  seconds: number;
  /** Every n-th job runs for a while (test_script, 2 s, with progress) so pages show running jobs; 0: none. */
  slowEvery: number;
  /** Called once, when the load is `at` (0..1) of the way through. */
  midway?: { at: number; run: () => Promise<void> };
}

/**
 * Triggers jobs through the API at a steady rate: each trigger leaves at its slot whatever the
 * ones before it are doing. Quick ones are test_noop (does nothing, 50 at once per worker).
 * Answers the ids the API accepted and how many triggers it refused.
 */
export async function triggerAtRate({ base, rate, seconds, slowEvery, midway }: LoadOptions) {
  const count = Math.round(rate * seconds);
  const started = performance.now();
  const calls: Promise<string | null>[] = [];
  let refused = 0;
  let side: Promise<void> | null = null;
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (midway && !side && i >= count * midway.at) side = midway.run();
    const slow = slowEvery > 0 && i % slowEvery === 0;
    const body = slow ? { jobType: 'test_script', payload: { sleepMs: 2000 } } : { jobType: 'test_noop' };
    calls.push(
      callApi(base, 'POST', '/api/jobs/trigger', body).then(
        (answer) => {
          if (answer.status === 202) return answer.body?.id as string;
          if (++refused <= 3) console.error(`  trigger refused: ${answer.status} ${JSON.stringify(answer.body)}`);
          return null;
        },
        (error: unknown) => {
          if (++refused <= 3) console.error(`  trigger failed: ${(error as Error).message}`);
          return null;
        },
      ),
    );
  }
  // The phase ends when the last slot has passed, not when the slowest answer came back.
  const rest = Math.max(0, started + seconds * 1000 - performance.now());
  await new Promise((r) => setTimeout(r, rest));
  const ended = Date.now();
  const ids = (await Promise.all(calls)).filter((id): id is string => id !== null);
  await side;
  return { ids, refused, ended };
}
