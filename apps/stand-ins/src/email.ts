import { randomUUID } from 'node:crypto';
import { EMAIL_TEMPLATE_DATA } from '@scheduler/jobs';
import Fastify from 'fastify';
import { z } from 'zod';

/** How the stand-in misbehaves; tests change it at run time (in process, or over HTTP). */
export interface EmailBehaviour {
  latencyMs: number;
  /** Share of requests (0–1) answered 503 at random: transient failures a client retries. */
  failureRate: number;
  /** The next N requests are answered 503, then the stand-in recovers (deterministic retries). */
  failNextRequests: number;
  /** Answer every request with this status instead of sending. */
  failStatus: number | null;
  /** Recipients whose address contains this text are refused with 400 (a permanent failure). */
  rejectRecipientsContaining: string;
  /** Keep each email's templateData for tests to read; benchmarks turn it off to save memory. */
  recordTemplateData: boolean;
}

export const defaultEmailBehaviour = (): EmailBehaviour => ({
  latencyMs: 0,
  failureRate: 0,
  failNextRequests: 0,
  failStatus: null,
  rejectRecipientsContaining: 'bounce',
  recordTemplateData: true,
});

/** Template data by email type: the contract the scheduler's senders are typed against too. */
const templateDataByType: Record<string, z.ZodType> = EMAIL_TEMPLATE_DATA;

const EMAIL_TYPES = [
  'welcome',
  'weekly-trending',
  'weekly-new',
  'saved-digest',
  'submission-received',
  'submission-approved',
  'submission-rejected',
  're-engagement',
  'moderation-digest',
  'scheduler-alert',
] as const;

const sendBody = z.object({
  userId: z.uuid(),
  emailType: z.union([z.enum(EMAIL_TYPES), z.string().regex(/^deletion-[a-z-]+$/)]),
  recipientEmail: z.email(),
  templateData: z.record(z.string(), z.unknown()),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
});

export interface SentEmail {
  emailId: string;
  userId: string;
  emailType: string;
  recipientEmail: string;
  templateData?: Record<string, unknown>;
  idempotencyKey: string | null;
  schedulerJobId: string | null;
  receivedAt: string;
}

const behaviourBody = z
  .object({
    latencyMs: z.int().min(0).max(120_000),
    failureRate: z.number().min(0).max(1),
    failNextRequests: z.int().min(0),
    failStatus: z.int().min(400).max(599).nullable(),
    rejectRecipientsContaining: z.string(),
    recordTemplateData: z.boolean(),
  })
  .partial();

/**
 * Local stand-in of email-service's `POST /api/send` (Stumbleable's contract): validates the body as the
 * real service does, answers 201 `{ success, emailId, message }` or 400 `{ success: false,
 * error, details }`, and records every accepted email. A repeated `Idempotency-Key` gets the
 * first answer again and sends nothing, so tests can tell a resend from a duplicate.
 */
export function buildEmailStandIn(behaviour: EmailBehaviour = defaultEmailBehaviour()) {
  // Closing ends every connection: a client that abandoned a request mid-way (a cancelled
  // digest) can leave a keep-alive socket that is neither idle nor busy, and a close that
  // waits for it never ends.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const sent: SentEmail[] = [];
  const byKey = new Map<string, SentEmail>();
  // What each key's first request asked to send, to tell a true repeat from a changed one.
  const bodyOfKey = new Map<string, string>();
  const counters = {
    requests: 0,
    accepted: 0,
    replayed: 0,
    /** Repeats of a key whose email differs from the first: the sender was not deterministic. */
    replayedWithOtherContent: 0,
    rejected: 0,
    injectedFailures: 0,
  };

  app.post('/api/send', async (request, reply) => {
    counters.requests++;
    if (behaviour.latencyMs > 0) await new Promise((r) => setTimeout(r, behaviour.latencyMs));
    const injected =
      behaviour.failStatus ?? (behaviour.failNextRequests > 0 || Math.random() < behaviour.failureRate ? 503 : null);
    if (injected) {
      if (behaviour.failNextRequests > 0) behaviour.failNextRequests--;
      counters.injectedFailures++;
      return reply.code(injected).send({ success: false, error: `email stand-in configured to fail with ${injected}` });
    }

    const parsed = sendBody.safeParse(request.body);
    const body = parsed.data;
    const templateIssues = body ? templateDataByType[body.emailType]?.safeParse(body.templateData).error : undefined;
    if (!body || templateIssues) {
      counters.rejected++;
      return reply.code(400).send({
        success: false,
        error: body ? `templateData does not fit ${body.emailType}` : 'invalid email request',
        details: (parsed.error ?? templateIssues)?.issues,
      });
    }
    if (behaviour.rejectRecipientsContaining && body.recipientEmail.includes(behaviour.rejectRecipientsContaining)) {
      counters.rejected++;
      return reply
        .code(400)
        .send({ success: false, error: 'recipient refused', details: { recipientEmail: body.recipientEmail } });
    }

    const idempotencyKey = header(request.headers['idempotency-key']);
    const earlier = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
    if (earlier) {
      counters.replayed++;
      if (bodyOfKey.get(idempotencyKey as string) !== JSON.stringify(body)) counters.replayedWithOtherContent++;
      return reply
        .code(201)
        .send({ success: true, emailId: earlier.emailId, message: 'already sent (idempotent replay)' });
    }
    const email: SentEmail = {
      emailId: randomUUID(),
      userId: body.userId,
      emailType: body.emailType,
      recipientEmail: body.recipientEmail,
      ...(behaviour.recordTemplateData ? { templateData: body.templateData } : {}),
      idempotencyKey,
      schedulerJobId: header(request.headers['x-scheduler-job-id']),
      receivedAt: new Date().toISOString(),
    };
    sent.push(email);
    if (idempotencyKey) {
      byKey.set(idempotencyKey, email);
      bodyOfKey.set(idempotencyKey, JSON.stringify(body));
    }
    counters.accepted++;
    return reply.code(201).send({ success: true, emailId: email.emailId, message: 'queued for delivery' });
  });

  app.get('/__stand-in/emails', async (request) => {
    const { emailType, userId } = request.query as { emailType?: string; userId?: string };
    const emails = sent.filter((e) => (!emailType || e.emailType === emailType) && (!userId || e.userId === userId));
    return { emails, counters };
  });
  app.delete('/__stand-in/emails', async () => {
    sent.length = 0;
    byKey.clear();
    bodyOfKey.clear();
    for (const key of Object.keys(counters) as Array<keyof typeof counters>) counters[key] = 0;
    return { ok: true };
  });
  app.put('/__stand-in/behaviour', async (request, reply) => {
    const parsed = behaviourBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid behaviour', details: parsed.error.issues });
    Object.assign(behaviour, parsed.data);
    return behaviour;
  });

  return { app, behaviour, sent, counters };
}

const header = (value: string | string[] | undefined): string | null =>
  (Array.isArray(value) ? value[0] : value) ?? null;
