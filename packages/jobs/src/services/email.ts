// Shared: what the job types expect of the email service; the HTTP client that speaks it is in @scheduler/runtime.

/** The body of email-service's `POST /api/send` (Stumbleable's contract). */
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

export interface EmailClient {
  /** Resolves with the email service's id for the email; throws ServiceCallError otherwise. */
  send(message: EmailMessage, options: SendOptions): Promise<{ emailId: string }>;
}
