import { z } from 'zod';
import { ServiceCallError } from '../errors.ts';
import { createServiceHttp, postForSuccess, type ServiceClientOptions } from './http.ts';

/** The body of email-service's `POST /api/send` (CONTRACTS.md). */
export interface EmailMessage {
  /** users.id of the recipient. */
  userId: string;
  emailType: string;
  recipientEmail: string;
  templateData: Record<string, unknown>;
  scheduledAt?: string;
}

export interface SendOptions {
  /** Sent as X-Scheduler-Job-Id, so the email service's logs lead back to the job. */
  jobId: string;
  /** Required: it makes a retried POST safe, and it is the ledger key of this email. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

const sendAnswer = z.object({
  success: z.boolean(),
  emailId: z.string().optional(),
  error: z.string().optional(),
});

export interface EmailClient {
  /** Resolves with the email service's id for the email; throws ServiceCallError otherwise. */
  send(message: EmailMessage, options: SendOptions): Promise<{ emailId: string }>;
}

const SERVICE = 'email-service';

export function createEmailClient(options: Omit<ServiceClientOptions, 'service'>): EmailClient {
  // Every send carries an idempotency key, so its POST may be retried.
  const http = createServiceHttp({ ...options, service: SERVICE }, { retryPost: true });
  return {
    async send(message, { jobId, idempotencyKey, signal }) {
      const answer = await postForSuccess(
        http,
        { service: SERVICE, timeoutMs: options.timeoutMs },
        'api/send',
        { json: message, signal, headers: { 'X-Scheduler-Job-Id': jobId, 'Idempotency-Key': idempotencyKey } },
        sendAnswer,
      );
      if (!answer.emailId) throw new ServiceCallError(SERVICE, 'reported failure: no emailId given');
      return { emailId: answer.emailId };
    },
  };
}
