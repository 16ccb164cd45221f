import { createRecipients } from '@scheduler/db';
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
      const count = sendsEmail ? counters[name] : undefined;
      return { jobType: name, sendsEmail, recipients: count ? await count() : null };
    },
  );
};
