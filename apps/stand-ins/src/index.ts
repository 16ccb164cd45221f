export { buildCrawlerStandIn, type CrawlerBehaviour, defaultCrawlerBehaviour } from './crawler.ts';
export { buildEmailStandIn, defaultEmailBehaviour, type EmailBehaviour, type SentEmail } from './email.ts';
export { buildUserStandIn } from './users.ts';
export {
  buildWebhookReceiver,
  defaultReceiverBehaviour,
  type ReceivedDelivery,
  type ReceiverBehaviour,
  signatureHolds,
} from './webhook-receiver.ts';
