/** Where `pnpm start` found the service key. */
export type KeySource = 'generated' | 'file' | 'environment';

/**
 * What `pnpm start` prints once everything runs. The key itself is shown only when this run
 * generated it (someone has to learn it once); a key from the environment or from the key file
 * stays out of the terminal (and of whatever records it), and the curl line refers to it.
 */
export function startBanner({
  port,
  key,
  source,
  keyFile,
}: {
  port: string;
  key: string;
  source: KeySource;
  keyFile: string;
}) {
  const where: Record<KeySource, { shown: string; inCurl: string }> = {
    generated: { shown: `${key}  (new, saved in ${keyFile})`, inCurl: key },
    file: { shown: `in ${keyFile}`, inCurl: `$(cat ${keyFile})` },
    environment: { shown: 'from SCHEDULER_SERVICE_KEY in the environment', inCurl: '$SCHEDULER_SERVICE_KEY' },
  };
  const { shown, inCurl } = where[source];
  return [
    '',
    `Dashboard:        http://127.0.0.1:${port}/dashboard  (sign in with the service key)`,
    `Scheduler API:    http://127.0.0.1:${port}  (health: /health, API docs: /docs)`,
    `Bull Board:       http://127.0.0.1:${port}/admin/queues  (after signing in to the dashboard)`,
    `Service key:      ${shown}`,
    `Try:              curl -X POST http://127.0.0.1:${port}/api/jobs/trigger \\`,
    `                    -H "Authorization: Bearer ${inCurl}" -H "Content-Type: application/json" \\`,
    `                    -d '{"jobType":"crawl_pending"}'`,
    '',
  ].join('\n');
}
