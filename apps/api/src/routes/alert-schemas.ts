import {
  ALERT_CHANNEL_KINDS,
  ALERT_KINDS,
  ALERT_SUBJECT_KINDS,
  type Alert,
  type AlertChannel,
  type AlertRule,
} from '@scheduler/db';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../plugins/auth.ts';

const isoTime = z.iso.datetime({ offset: true });

export const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

export const alertView = z
  .object({
    id: z.uuid(),
    ruleId: z.uuid(),
    ruleName: z.string().describe('The rule that fired (two rules may watch one subject)'),
    kind: z.enum(ALERT_KINDS),
    subject: z.object({ kind: z.enum(ALERT_SUBJECT_KINDS), name: z.string() }),
    state: z.enum(['open', 'resolved']),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()).describe('Per kind: what the rule saw (job ids, times, counts)'),
    openedAt: isoTime,
    resolvedAt: isoTime.nullable(),
    resolution: z.string().nullable().describe('Why it resolved, in words'),
    silencedUntil: isoTime.nullable().describe('No notification until then (the alert still opens and resolves)'),
    silencedBy: z.string().nullable(),
    notifications: z.array(
      z.object({
        channelId: z.uuid(),
        channelName: z.string(),
        transition: z.enum(['opened', 'resolved']),
        deliveredAt: isoTime.nullable(),
        gaveUpAt: isoTime.nullable().describe('When its tries ran out (ALERT_DELIVERY_ATTEMPTS): it is not sent again'),
        attempts: z.int(),
        lastError: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Alert' });

/** An alert as the API shows it; `ruleName` falls back to the kind for a rule since deleted. */
export const toAlertView = (a: Alert, ruleName: string = a.kind): z.input<typeof alertView> => ({
  ...a,
  ruleName,
  openedAt: a.openedAt.toISOString(),
  resolvedAt: a.resolvedAt?.toISOString() ?? null,
  silencedUntil: a.silencedUntil?.toISOString() ?? null,
  notifications: a.notifications.map((n) => ({
    ...n,
    deliveredAt: n.deliveredAt?.toISOString() ?? null,
    gaveUpAt: n.gaveUpAt?.toISOString() ?? null,
  })),
});

export const ruleSubject = z
  .strictObject({
    kind: z.enum([...ALERT_SUBJECT_KINDS, 'any']),
    name: z.string().min(1).max(200).nullable(),
  })
  .refine((s) => (s.kind === 'any') === (s.name === null), {
    message: "name is null for kind 'any' (every subject) and names one subject otherwise",
    path: ['name'],
  });

export const ruleView = z
  .object({
    id: z.uuid(),
    kind: z.enum(ALERT_KINDS),
    name: z.string(),
    subject: z.object({ kind: z.enum([...ALERT_SUBJECT_KINDS, 'any']), name: z.string().nullable() }),
    params: z.record(z.string(), z.unknown()).describe('Per kind, with its defaults filled in'),
    enabled: z.boolean(),
    channelIds: z.array(z.uuid()).nullable().describe('Null: the default channels'),
    builtIn: z.boolean().describe('A built-in rule: edit or disable it; it cannot be deleted'),
    updatedBy: z.string(),
    updatedAt: isoTime,
  })
  .meta({ id: 'AlertRule' });

export const toRuleView = (r: AlertRule): z.input<typeof ruleView> => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  subject: r.subject,
  params: r.params,
  enabled: r.enabled,
  channelIds: r.channelIds,
  builtIn: r.builtIn,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
});

export const channelView = z
  .object({
    id: z.uuid(),
    kind: z.enum(ALERT_CHANNEL_KINDS),
    name: z.string(),
    url: z.string().nullable(),
    email: z.string().nullable(),
    isDefault: z.boolean().describe('Rules without channels of their own notify every default channel'),
    secretSet: z.boolean().describe('Whether deliveries are signed (the secret itself is shown once, at creation)'),
    setting: z
      .string()
      .nullable()
      .describe('The setting that defines this channel (ALERT_WEBHOOK_URL, ALERT_EMAIL): change it there'),
    createdAt: isoTime,
  })
  .meta({ id: 'AlertChannel' });

export const toChannelView = (c: AlertChannel): z.input<typeof channelView> => ({
  ...c,
  createdAt: c.createdAt.toISOString(),
});

/** Who a change is recorded as: a users.id, a Clerk id, or 'service'. */
export function whoIs(request: FastifyRequest): string {
  const { startedBy, startedByClerkId } = actorOf(request.principal);
  return startedBy ?? startedByClerkId ?? 'unknown';
}
