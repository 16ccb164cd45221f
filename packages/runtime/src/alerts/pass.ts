import {
  createAlertChannels,
  createAlertOutbox,
  createAlertRules,
  createAlerts,
  createScheduleStore,
  createWorkerHeartbeats,
  type Sql,
} from '@scheduler/db';
import type { EmailClient } from '@scheduler/jobs';
import { startWatch, type Watch, type WatchLog, type WatchPass } from '../watch.ts';
import { deliverDue } from './deliver.ts';
import { evaluateRules } from './evaluate.ts';
import { type ChannelSender, createEmailSender, sendWebhook } from './senders.ts';
import { type AlertChannelSettings, syncSettingChannels } from './setting-channels.ts';

/** The settings alerts read (the API's and the worker's config both have them). */
export interface AlertSettings extends AlertChannelSettings {
  ALERTS_ENABLED: boolean;
  ALERT_EVALUATE_MS: number;
  ALERT_DELIVERY_TIMEOUT_MS: number;
  ALERT_RETRY_BASE_MS: number;
  ALERT_DELIVERY_ATTEMPTS: number;
  DASHBOARD_PUBLIC_URL: string;
  /** A worker counts as live while its last beat is this recent. */
  WORKER_LIVE_WITHIN_MS: number;
}

export interface AlertPassDeps {
  sql: Sql;
  settings: AlertSettings;
  /** The job types workers run: the subjects of type and queue rules. */
  jobTypes: readonly string[];
  /** Which of them have their BullMQ queue paused now. */
  pausedQueues: () => Promise<ReadonlySet<string>>;
  email: EmailClient;
  log: WatchLog;
}

/** One sender for every kind of channel. */
export function createChannelSender(deps: Pick<AlertPassDeps, 'sql' | 'email' | 'settings'>): ChannelSender {
  const email = createEmailSender(deps.sql, deps.email);
  return (channel, delivery) =>
    channel.kind === 'webhook'
      ? sendWebhook(channel, delivery, deps.settings.ALERT_DELIVERY_TIMEOUT_MS)
      : email(channel, delivery);
}

/**
 * The alert pass of the watch: brings the settings' channels in step (once), evaluates every
 * rule, writes the notifications an ended silence lets through, and sends what is due.
 */
export function createAlertPass(deps: AlertPassDeps): WatchPass {
  const { sql, settings, log } = deps;
  const rules = createAlertRules(sql);
  const alerts = createAlerts(sql);
  const channels = createAlertChannels(sql);
  const outbox = createAlertOutbox(sql);
  const schedules = createScheduleStore(sql);
  const heartbeats = createWorkerHeartbeats(sql);
  const send = createChannelSender(deps);
  const watchingSince = new Date();
  let channelsSynced = false;
  const inFlight = new Set<Promise<unknown>>();

  return {
    name: 'alerts',
    async run(now) {
      if (!channelsSynced) {
        await syncSettingChannels(channels, settings);
        channelsSynced = true;
      }
      const [allSchedules, liveQueues, pausedQueues] = await Promise.all([
        schedules.list(),
        heartbeats.liveQueues(settings.WORKER_LIVE_WITHIN_MS),
        deps.pausedQueues().catch(() => new Set<string>()),
      ]);
      const { opened, resolved } = await evaluateRules(
        { rules, alerts, log },
        { sql, now, jobTypes: deps.jobTypes, schedules: allSchedules, liveQueues, pausedQueues, watchingSince },
      );
      for (const alert of opened)
        log.info({ alertId: alert.id, kind: alert.kind, subject: alert.subject }, `alert opened: ${alert.summary}`);
      for (const alert of resolved)
        log.info(
          { alertId: alert.id, kind: alert.kind, subject: alert.subject },
          `alert resolved: ${alert.resolution}`,
        );
      await alerts.notifyUnsilenced();
      // Sends go on beside the turns: a webhook that hangs until its timeout holds up no
      // evaluation and no other send. Each notification is claimed in Postgres before it is sent,
      // so rounds that overlap never send one twice.
      const round = deliverDue({
        alerts,
        rules,
        channels,
        outbox,
        send,
        dashboardUrl: settings.DASHBOARD_PUBLIC_URL,
        timeoutMs: settings.ALERT_DELIVERY_TIMEOUT_MS,
        retryBaseMs: settings.ALERT_RETRY_BASE_MS,
        maxAttempts: settings.ALERT_DELIVERY_ATTEMPTS,
        log,
      }).catch((error: unknown) => log.warn({ err: error }, 'alert deliveries failed; tried again next turn'));
      inFlight.add(round);
      void round.finally(() => inFlight.delete(round));
    },
    async drain() {
      await Promise.all(inFlight);
    },
  };
}

/** The watch with the alert pass, as the API and the worker start it; null when alerts are off here. */
export function startAlertWatch(deps: AlertPassDeps): Watch | null {
  if (!deps.settings.ALERTS_ENABLED) return null;
  return startWatch({
    sql: deps.sql,
    log: deps.log,
    everyMs: deps.settings.ALERT_EVALUATE_MS,
    passes: [createAlertPass(deps)],
  });
}
