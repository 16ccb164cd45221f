import { ConfigError, loadStandInsConfig } from '@scheduler/config';
import { createSql } from '@scheduler/db';
import { buildCrawlerStandIn } from './crawler.ts';
import { buildEmailStandIn } from './email.ts';
import { buildUserStandIn } from './users.ts';
import { buildWebhookReceiver } from './webhook-receiver.ts';

/** Starts the stand-ins of Stumbleable's sibling services for local runs (never in production). */
async function main() {
  const config = loadStandInsConfig();
  const sql = createSql(config.DATABASE_URL, { max: 4, applicationName: 'scheduler-stand-ins' });
  const standIns = [
    { name: 'crawler', port: config.CRAWLER_PORT, app: buildCrawlerStandIn(sql).app },
    { name: 'email', port: config.EMAIL_PORT, app: buildEmailStandIn().app },
    { name: 'user', port: config.USER_PORT, app: buildUserStandIn(sql).app },
    {
      name: 'alert webhook receiver',
      port: config.ALERT_RECEIVER_PORT,
      app: buildWebhookReceiver({ defaultSecret: config.ALERT_WEBHOOK_SECRET }).app,
    },
  ];
  for (const { name, port, app } of standIns) {
    await app.listen({ port, host: config.HOST });
    console.log(`${name} stand-in listening on http://${config.HOST}:${port}`);
  }

  const stop = async () => {
    await Promise.all(standIns.map(({ app }) => app.close()));
    await sql.end({ timeout: 2 });
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
