import { z } from 'zod';
import { ServiceCallError } from '../errors.ts';
import { createServiceHttp, describeFailure, type ServiceClientOptions } from './http.ts';

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
      let body: unknown;
      try {
        body = await http
          .post('api/send', {
            json: message,
            signal,
            headers: { 'X-Scheduler-Job-Id': jobId, 'Idempotency-Key': idempotencyKey },
          })
          .json();
      } catch (error) {
        throw await describeFailure(SERVICE, error, options.timeoutMs);
      }
      const answer = sendAnswer.safeParse(body);
      if (!answer.success) {
        throw new ServiceCallError(SERVICE, `answered with an unexpected body: ${JSON.stringify(body).slice(0, 300)}`);
      }
      // A 2xx that says it failed is a failure (the old scheduler recorded it as a success).
      if (!answer.data.success || !answer.data.emailId) {
        throw new ServiceCallError(SERVICE, `reported failure: ${answer.data.error ?? 'no emailId given'}`);
      }
      return { emailId: answer.data.emailId };
    },
  };
}
