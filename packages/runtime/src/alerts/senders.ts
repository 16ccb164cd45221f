import { createHash } from 'node:crypto';
import type { AlertChannelForDelivery, Sql } from '@scheduler/db';
import { type EmailClient, errorMessage } from '@scheduler/jobs';
import { request } from 'undici';
import type { AlertDelivery } from './payload.ts';
import { signDelivery } from './signature.ts';

export interface SendResult {
  delivered: boolean;
  /** The receiver's HTTP status, when it answered. */
  status: number | null;
  error: string | null;
}

/** Sends one delivery to one channel; never throws (a failure is a result, kept on the notification). */
export type ChannelSender = (channel: AlertChannelForDelivery, delivery: AlertDelivery) => Promise<SendResult>;

/** The email type of alert notifications (its template data is in EMAIL_TEMPLATE_DATA). */
export const ALERT_EMAIL_TYPE = 'scheduler-alert';

const MAX_ERROR_BODY = 300;

/**
 * POSTs a delivery to a webhook, signed with the channel's secret. A channel's URL is an
 * admin's, but where it leads is not trusted: http(s) only (checked when it is saved, and
 * here), one overall timeout, no redirect followed (a 3xx is a failure), and at most a few
 * hundred characters of an error answer kept.
 */
export async function sendWebhook(
  channel: AlertChannelForDelivery,
  delivery: AlertDelivery,
  timeoutMs: number,
): Promise<SendResult> {
  if (!channel.url || !/^https?:$/.test(new URL(channel.url).protocol)) {
    return { delivered: false, status: null, error: 'the channel has no http(s) URL' };
  }
  const body = JSON.stringify(delivery);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'stumbleable-scheduler-alerts/1',
    'x-scheduler-event': delivery.type,
    'x-scheduler-delivery': delivery.deliveryId,
  };
  if (channel.secret) headers['x-scheduler-signature'] = signDelivery(channel.secret, body);
  try {
    const answer = await request(channel.url, {
      method: 'POST',
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const status = answer.statusCode;
    if (status >= 200 && status < 300) {
      await answer.body.dump();
      return { delivered: true, status, error: null };
    }
    const text = status >= 300 && status < 400 ? '' : await readSome(answer.body);
    const why = status >= 300 && status < 400 ? 'redirects are not followed' : text;
    return { delivered: false, status, error: `answered ${status}${why ? `: ${why}` : ''}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = (error as { code?: string }).code ?? cause?.code;
    if (error instanceof Error && (error.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT')) {
      return { delivered: false, status: null, error: `no answer within ${timeoutMs} ms` };
    }
    return { delivered: false, status: null, error: `unreachable (${code ?? (error as Error).message})` };
  }
}

/** The start of an answer's body, as text; the rest is dropped unread. */
async function readSome(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length >= MAX_ERROR_BODY) break;
  }
  body.destroy();
  return text.length > MAX_ERROR_BODY ? `${text.slice(0, MAX_ERROR_BODY)}…` : text;
}

/**
 * Sends a delivery as an email through email-service, with the notification's id as its
 * Idempotency-Key: a retry of the same notification is never sent twice. email-service wants a
 * users.id; an address that is no Stumbleable user's gets a stable id derived from it.
 */
export function createEmailSender(sql: Sql, email: EmailClient) {
  return async (channel: AlertChannelForDelivery, delivery: AlertDelivery): Promise<SendResult> => {
    if (!channel.email) return { delivered: false, status: null, error: 'the channel has no address' };
    try {
      await email.send(
        {
          userId: await userIdOf(sql, channel.email),
          emailType: ALERT_EMAIL_TYPE,
          recipientEmail: channel.email,
          templateData: {
            event: delivery.type,
            alertId: delivery.alert.id,
            kind: delivery.alert.kind,
            subject: `${delivery.alert.subject.kind} ${delivery.alert.subject.name}`,
            summary: delivery.alert.summary,
            resolution: delivery.alert.resolution,
            openedAt: delivery.alert.openedAt,
            resolvedAt: delivery.alert.resolvedAt,
            url: delivery.alert.url,
            email: channel.email,
          },
        },
        { jobId: `alert:${delivery.alert.id}`, idempotencyKey: `alert-notification:${delivery.deliveryId}` },
      );
      return { delivered: true, status: 201, error: null };
    } catch (error) {
      const status = (error as { status?: number }).status ?? null;
      return { delivered: false, status, error: errorMessage(error) };
    }
  };
}

async function userIdOf(sql: Sql, address: string): Promise<string> {
  const [user] = await sql`
    SELECT id FROM users WHERE lower(email) = lower(${address}) AND deleted_at IS NULL ORDER BY created_at LIMIT 1`.catch(
    () => [],
  );
  if (user) return user.id as string;
  // A name-based (version 5 style) UUID of the address: the same address, the same id.
  const hash = createHash('sha1').update(`scheduler-alert:${address.toLowerCase()}`).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
