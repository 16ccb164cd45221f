// Alerts that reach a person: rules evaluated by the watch, channels, the outbox's delivery.
export { retryDelayMs } from './deliver.ts';
export { type EvaluationOutcome, evaluateRules } from './evaluate.ts';
export {
  parseRuleParams,
  RULE_PARAMS,
  RULE_SUBJECTS,
  type RuleParams,
  SUBJECT_OF_KIND,
  subjectProblem,
} from './params.ts';
export {
  type AlertPassDeps,
  type AlertSettings,
  createAlertPass,
  createChannelSender,
  startAlertWatch,
} from './pass.ts';
export {
  ALERT_EVENT_TYPES,
  type AlertDelivery,
  type AlertEventType,
  alertDelivery,
  alertInDelivery,
  deliveryOf,
  testDelivery,
} from './payload.ts';
export { ALERT_EMAIL_TYPE, type ChannelSender, type SendResult, sendWebhook } from './senders.ts';
export { syncSettingChannels } from './setting-channels.ts';
export { SIGNATURE_TOLERANCE_S, signDelivery, verifyDelivery } from './signature.ts';
