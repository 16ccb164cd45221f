import { ConfigError, loadStandInsConfig } from '@scheduler/config';
import { createSql } from '@scheduler/db';
import { buildCrawlerStandIn } from './crawler.ts';

/** Starts the stand-ins of Stumbleable's sibling services for local runs (never in production). */
async function main() {
  const config = loadStandInsConfig();
  const sql = createSql(config.DATABASE_URL, { max: 4, applicationName: 'scheduler-stand-ins' });
  const crawler = buildCrawlerStandIn(sql);
  await crawler.app.listen({ port: config.CRAWLER_PORT, host: config.HOST });
  console.log(`crawler stand-in listening on http://${config.HOST}:${config.CRAWLER_PORT}`);

  const stop = async () => {
    await crawler.app.close();
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
