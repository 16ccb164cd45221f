import type { Alert } from '@scheduler/db';
import { z } from 'zod';

export const ALERT_EVENT_TYPES = ['alert.opened', 'alert.resolved', 'alert.test'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

const isoTime = z.iso.datetime({ offset: true });

/** The alert as a delivery carries it. */
export const alertInDelivery = z
  .object({
    id: z.string().describe('The alert (for alert.test: the delivery id)'),
    ruleId: z.string().nullable().describe('Null for alert.test'),
    ruleName: z.string(),
    kind: z
      .string()
      .describe('final_failure, missed_slot, long_run, no_success, backlog_age, no_worker (test for alert.test)'),
    subject: z.object({ kind: z.enum(['job_type', 'schedule', 'queue']), name: z.string() }),
    state: z.enum(['open', 'resolved']),
    summary: z.string(),
    details: z
      .record(z.string(), z.unknown())
      .describe("Per kind, e.g. final_failure's { jobId, failedAt, error, failures }"),
    openedAt: isoTime,
    resolvedAt: isoTime.nullable(),
    resolution: z.string().nullable().describe('Why it resolved, in words'),
    url: z.url().describe('The alert on the dashboard'),
  })
  .meta({ id: 'AlertInDelivery' });

/**
 * The JSON body of every webhook delivery. Headers: X-Scheduler-Event (the type),
 * X-Scheduler-Delivery (deliveryId: the same on every retry of one delivery, so a receiver can
 * drop repeats) and X-Scheduler-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<raw body>")>`.
 */
export const alertDelivery = z
  .object({
    type: z.enum(ALERT_EVENT_TYPES),
    deliveryId: z.uuid(),
    sentAt: isoTime.describe('When this try was sent'),
    alert: alertInDelivery,
  })
  .meta({ id: 'AlertWebhookDelivery' });
export type AlertDelivery = z.output<typeof alertDelivery>;

/** The body of one delivery of `alert`'s `type` change. */
export function deliveryOf(
  type: AlertEventType,
  deliveryId: string,
  alert: Alert,
  { ruleName, dashboardUrl }: { ruleName: string; dashboardUrl: string },
): AlertDelivery {
  return {
    type,
    deliveryId,
    sentAt: new Date().toISOString(),
    alert: {
      id: alert.id,
      ruleId: alert.ruleId,
      ruleName,
      kind: alert.kind,
      subject: alert.subject,
      state: alert.state,
      summary: alert.summary,
      details: alert.details,
      openedAt: alert.openedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      resolution: alert.resolution,
      // The dashboard's alerts page, naming this alert (the page has no route of its own per alert).
      url: `${dashboardUrl}/alerts?alert=${alert.id}`,
    },
  };
}

/** A test delivery: says who asked, changes nothing. */
export function testDelivery(deliveryId: string, requestedBy: string, dashboardUrl: string): AlertDelivery {
  const now = new Date().toISOString();
  return {
    type: 'alert.test',
    deliveryId,
    sentAt: now,
    alert: {
      id: deliveryId,
      ruleId: null,
      ruleName: 'Test alert',
      kind: 'test',
      subject: { kind: 'queue', name: 'test' },
      state: 'open',
      summary: `A test alert, sent by ${requestedBy}: this channel reaches you`,
      details: {},
      openedAt: now,
      resolvedAt: null,
      resolution: null,
      url: `${dashboardUrl}/alerts`,
    },
  };
}
