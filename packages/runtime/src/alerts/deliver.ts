import type { AlertChannelForDelivery, AlertChannels, AlertOutbox, AlertRules, Alerts } from '@scheduler/db';
import { type AlertDelivery, deliveryOf } from './payload.ts';
import type { SendResult } from './senders.ts';

export interface DeliverDeps {
  alerts: Alerts;
  rules: AlertRules;
  channels: AlertChannels;
  outbox: AlertOutbox;
  send: (channel: AlertChannelForDelivery, delivery: AlertDelivery) => Promise<SendResult>;
  dashboardUrl: string;
  /** The longest a send may take: a claimed notification is tried again after this (and a margin). */
  timeoutMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

/** Sends claimed at once, at most. */
const BATCH = 20;
const MAX_RETRY_MS = 3_600_000;

/** Wait before try `attempt + 1` after try `attempt` failed: base, 2 × base, 4 × base, … up to an hour. */
export const retryDelayMs = (attempt: number, baseMs: number) => Math.min(baseMs * 2 ** (attempt - 1), MAX_RETRY_MS);

/**
 * Sends the notifications that are due, oldest first. Each is claimed before it is sent (its
 * attempt counted, its next try set past the send's timeout), so a process that dies mid-send
 * leaves it to be sent again (same delivery id) rather than lost. Returns how many were delivered.
 */
export async function deliverDue(deps: DeliverDeps): Promise<number> {
  let delivered = 0;
  for (;;) {
    const due = await deps.outbox.claimDue(BATCH, deps.timeoutMs + 5000);
    if (due.length === 0) return delivered;
    const results = await Promise.all(
      due.map(async (notification) => {
        const [alert, channel] = await Promise.all([
          deps.alerts.get(notification.alertId),
          deps.channels.forDelivery(notification.channelId),
        ]);
        if (!alert || !channel) return false;
        const rule = await deps.rules.get(alert.ruleId);
        const delivery = deliveryOf(
          notification.transition === 'opened' ? 'alert.opened' : 'alert.resolved',
          notification.id,
          // The state the notification is about, whatever happened since (an opening sent late says "open").
          notification.transition === 'opened'
            ? { ...alert, state: 'open', resolvedAt: null, resolution: null }
            : alert,
          { ruleName: rule?.name ?? alert.kind, dashboardUrl: deps.dashboardUrl },
        );
        const result = await deps.send(channel, delivery);
        if (result.delivered) {
          await deps.outbox.delivered(notification.id, result.status);
          return true;
        }
        const retryInMs =
          notification.attempts >= deps.maxAttempts ? null : retryDelayMs(notification.attempts, deps.retryBaseMs);
        await deps.outbox.failed(notification.id, {
          status: result.status,
          error: result.error ?? 'failed',
          retryInMs,
        });
        deps.log.warn(
          { alertId: alert.id, channel: channel.name, attempt: notification.attempts, retryInMs, error: result.error },
          retryInMs === null
            ? 'gave up delivering an alert notification'
            : 'alert notification not delivered; will retry',
        );
        return false;
      }),
    );
    delivered += results.filter(Boolean).length;
    if (due.length < BATCH) return delivered;
  }
}
