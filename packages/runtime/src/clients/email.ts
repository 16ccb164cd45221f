import { type EmailClient, ServiceCallError } from '@scheduler/jobs';
import { z } from 'zod';
import { createServiceHttp, postForSuccess, type ServiceClientOptions } from './http.ts';

const sendAnswer = z.object({
  success: z.boolean(),
  emailId: z.string().optional(),
  error: z.string().optional(),
});

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
