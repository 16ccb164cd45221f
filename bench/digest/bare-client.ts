import { Agent, request } from 'node:http';

/**
 * POSTs of an email to the email stand-in with nothing else: Node's own http client over
 * keep-alive connections, no retries. Each answers whether the service took the email (201).
 */
export function createBarePoster(baseUrl: string, concurrency: number) {
  const url = new URL('/api/send', baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: string, idempotencyKey: string) =>
    new Promise<boolean>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'idempotency-key': idempotencyKey,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 201));
        },
      );
      req.on('error', () => resolve(false));
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/** A weekly-trending email's body, as the bare and the minimal senders send it. */
export const bareEmailBody = (userId: string, i: number, templateData: object) =>
  JSON.stringify({
    userId,
    emailType: 'weekly-trending',
    recipientEmail: `bare${i}@example.com`,
    templateData: { ...templateData, email: `bare${i}@example.com` },
  });

/**
 * The baseline the digest is measured against: `count` POSTs of a weekly-trending email to the
 * email stand-in, `concurrency` at a time over keep-alive connections, with nothing else: no
 * database, no ledger, no retries. Node's own http client, the least work a request can cost.
 * Answers the emails per second it reached.
 */
export async function sendBare(
  baseUrl: string,
  count: number,
  concurrency: number,
  userIds: readonly string[],
  templateData: object,
): Promise<{ perSecond: number; seconds: number; failed: number }> {
  const poster = createBarePoster(baseUrl, concurrency);
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const ok = await poster.post(
          bareEmailBody(userIds[i % userIds.length] as string, i, templateData),
          `bare:${i}`,
        );
        if (!ok) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  poster.close();
  return { perSecond: count / seconds, seconds, failed };
}
