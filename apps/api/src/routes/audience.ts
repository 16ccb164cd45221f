import { createRecipients } from '@scheduler/jobs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { errorSchema } from './shared-schemas.ts';

const audienceView = z.object({
  jobType: z.string(),
  sendsEmail: z.boolean().describe('A real (not dry) run of this type emails people'),
  recipients: z
    .number()
    .int()
    .nullable()
    .describe('How many people a real run would email now; null when that depends on what the run finds'),
});

/**
 * Who a job type emails, so a person about to start a real run (or enable its schedule) is told
 * before anything is sent. A type sends email when its definition needs the email service; the
 * weekly digest's audience (opted-in, reachable users) is counted as its run counts it.
 */
export const audienceRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const recipients = createRecipients(deps.sql);
  const counters: Record<string, () => Promise<number>> = {
    weekly_digest: () => recipients.countWeeklyDigest(),
  };
  // Counting reads every user: callers asking while a count runs share it, so a flood of asks
  // (each caller is also held to its read budget) costs one count at a time per type; an answer
  // is never older than the count running when its question came.
  const running = new Map<string, Promise<number>>();
  const count = (name: string, counter: () => Promise<number>) => {
    let counting = running.get(name);
    if (!counting) {
      counting = counter().finally(() => running.delete(name));
      running.set(name, counting);
    }
    return counting;
  };

  app.get(
    '/job-types/:name/audience',
    {
      schema: {
        summary: 'Whether a job type sends email, and to how many people now',
        tags: ['catalogue'],
        params: z.strictObject({ name: z.string().min(1).max(100) }),
        response: { 200: audienceView, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { name } = request.params;
      const definition = deps.catalogue.get(name);
      if (!definition) throw new HttpError(404, 'not_found', `No job type ${name}`);
      const sendsEmail = (definition.needs as readonly string[]).includes('email');
      const counter = sendsEmail ? counters[name] : undefined;
      return { jobType: name, sendsEmail, recipients: counter ? await count(name, counter) : null };
    },
  );
};
