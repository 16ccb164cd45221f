import { Agent, request } from 'node:http';

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
  const url = new URL('/api/send', baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let failed = 0;
  const post = (i: number) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify({
        userId: userIds[i % userIds.length],
        emailType: 'weekly-trending',
        recipientEmail: `bare${i}@example.com`,
        templateData: { ...templateData, email: `bare${i}@example.com` },
      });
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'idempotency-key': `bare:${i}`,
          },
        },
        (res) => {
          if (res.statusCode !== 201) failed++;
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await post(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: count / seconds, seconds, failed };
}
