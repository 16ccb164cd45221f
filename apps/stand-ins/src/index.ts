export { buildCrawlerStandIn, type CrawlerBehaviour, defaultCrawlerBehaviour } from './crawler.ts';
