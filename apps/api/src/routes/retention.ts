import { RETENTION_DAYS_MAX, RETENTION_DAYS_MIN, type RetentionOverride } from '@scheduler/db';
import { type EffectiveRetention, effectiveRetention } from '@scheduler/jobs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { actorOf } from '../plugins/auth.ts';
import { errorSchema } from './shared-schemas.ts';

const days = z
  .number({ error: `must be a whole number of days from ${RETENTION_DAYS_MIN} to ${RETENTION_DAYS_MAX}` })
  .int({ error: 'must be a whole number of days' })
  .min(RETENTION_DAYS_MIN, { error: `must be at least ${RETENTION_DAYS_MIN} day` })
  .max(RETENTION_DAYS_MAX, { error: `must be at most ${RETENTION_DAYS_MAX} days (ten years)` });

/** A type's retention as the API shows it (GET /api/job-types carries it too). */
export const retentionSchema = z
  .object({
    days: z.number().int().describe('Completed and cancelled jobs stay this many days, then go to the archive'),
    failedDays: z.number().int().describe('Failed jobs stay this many days'),
    source: z.enum(['admin', 'type', 'default']).describe("An admin's override, the type's code, or the default"),
    declared: z
      .object({ days: z.number().int(), failedDays: z.number().int(), source: z.enum(['type', 'default']) })
      .describe('What applies without the override'),
    override: z
      .object({ updatedAt: z.string(), updatedBy: z.string().nullable() })
      .nullable()
      .describe("Who set the admin's override and when"),
  })
  .meta({ id: 'JobTypeRetention' });

export const toRetentionView = (retention: EffectiveRetention): z.infer<typeof retentionSchema> => ({
  days: retention.days,
  failedDays: retention.failedDays,
  source: retention.source,
  declared: retention.declared,
  override: retention.override
    ? { updatedAt: retention.override.updatedAt.toISOString(), updatedBy: retention.override.updatedBy }
    : null,
});

/** How long each type's finished jobs are kept before cleanup_old_data archives them; admins change it. */
export const retentionRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const params = z.strictObject({ name: z.string().min(1).max(100) });
  const definitionOf = (type: string) => {
    const definition = deps.catalogue.get(type);
    if (!definition) {
      throw new HttpError(404, 'not_found', `No job type "${type}". Known types: ${deps.catalogue.names.join(', ')}`);
    }
    return definition;
  };
  const view = (type: string, override: RetentionOverride | null) =>
    toRetentionView(effectiveRetention(definitionOf(type), override));

  app.get(
    '/job-types/:name/retention',
    {
      schema: {
        summary: "How long a type's finished jobs are kept before they are archived",
        tags: ['catalogue'],
        params,
        response: { 200: retentionSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { name: type } = request.params;
      definitionOf(type);
      return view(type, await deps.jobTypeSettings.retentionOverride(type));
    },
  );

  app.put(
    '/job-types/:name/retention',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'job_type.retention', fields: ['days', 'failedDays'] } },
      schema: {
        summary: "Keep a type's finished jobs this long (an admin's override of its code)",
        description:
          `\`days\` for completed and cancelled jobs, \`failedDays\` (default: \`days\`) for failed ones, each ` +
          `${RETENTION_DAYS_MIN}–${RETENTION_DAYS_MAX}. The next cleanup_old_data run archives by it.`,
        tags: ['catalogue'],
        params,
        body: z.strictObject({ days, failedDays: days.optional() }),
        response: { 200: retentionSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { name: type } = request.params;
      request.auditTarget = type;
      definitionOf(type);
      const { days: kept, failedDays } = request.body;
      const actor = actorOf(request.principal);
      const override = await deps.jobTypeSettings.setRetention(
        type,
        { days: kept, failedDays: failedDays ?? kept },
        actor.startedByClerkId ?? actor.startedBy,
      );
      return view(type, override);
    },
  );

  app.delete(
    '/job-types/:name/retention',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'job_type.retention_reset', fields: [] } },
      schema: {
        summary: "Hand a type's retention back to its code (ends the admin's override)",
        tags: ['catalogue'],
        params,
        response: { 200: retentionSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { name: type } = request.params;
      request.auditTarget = type;
      definitionOf(type);
      await deps.jobTypeSettings.clearRetention(type);
      return view(type, null);
    },
  );
};
