import { randomBytes, randomUUID } from 'node:crypto';
import type { AlertChannel } from '@scheduler/db';
import { alertDelivery, testDelivery } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { createGate } from '../gate.ts';
import { HttpError } from '../http-error.ts';
import { channelView, idParam, toChannelView, whoIs } from './alert-schemas.ts';
import { errorSchema } from './shared-schemas.ts';

/**
 * A webhook's address: http(s) only, no credentials in it (they would show wherever the
 * channel does), at most 2,000 characters.
 */
const webhookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .refine((u) => {
    if (!URL.canParse(u)) return true; // already refused as not a URL
    const url = new URL(u);
    return !url.username && !url.password;
  }, 'must not carry a user name or password (sign with the secret instead)');
const secret = z
  .string()
  .min(24, 'must be at least 24 characters (openssl rand -hex 32)')
  .max(200)
  .describe('Signs deliveries; a random one is made when none is given. Never shown again.');
const channelName = z.string().trim().min(1).max(100);

const newChannel = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('webhook'),
    name: channelName,
    url: webhookUrl,
    secret: secret.optional(),
    isDefault: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('email'),
    name: channelName,
    email: z.email({ message: 'must be an email address' }).max(320),
    isDefault: z.boolean().default(false),
  }),
]);

const channelChange = z.strictObject({
  name: channelName.optional(),
  url: webhookUrl.optional().describe('Webhook channels only'),
  email: z.email({ message: 'must be an email address' }).max(320).optional().describe('Email channels only'),
  secret: secret.optional().describe('A new signing secret (webhook channels only)'),
  isDefault: z.boolean().optional(),
});

const AUDITED = ['kind', 'name', 'url', 'email', 'isDefault'] as const;

// Each test send is an outgoing request that may wait for its timeout: a few at once per server,
// a few more waiting, and past that a 429, so a script calling it in a loop holds no more.
const testSends = createGate({ limit: 4, maxWaiting: 8, what: 'test alerts' });

/** Where alerts go: webhooks (signed) and email addresses (through email-service). */
export const alertChannelsRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { alertChannels, sendAlert, config } = deps;

  const find = async (id: string) => {
    const channel = await alertChannels.get(id);
    if (!channel) throw new HttpError(404, 'not_found', `No alert channel ${id}`);
    return channel;
  };
  const notFromSetting = (channel: AlertChannel) => {
    if (channel.setting) {
      throw new HttpError(
        409,
        'defined_by_setting',
        `"${channel.name}" comes from ${channel.setting}: change the setting`,
      );
    }
  };

  app.get(
    '/alert-channels',
    {
      schema: {
        summary: 'Every alert channel (never a secret)',
        tags: ['alerts'],
        response: { 200: z.object({ channels: z.array(channelView) }), 401: errorSchema, 403: errorSchema },
      },
    },
    async () => ({ channels: (await alertChannels.list()).map(toChannelView) }),
  );

  app.post(
    '/alert-channels',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert_channel.create', fields: AUDITED }, idempotencyForgets: ['secret'] },
      schema: {
        summary: 'Add an alert channel: a webhook or an email address',
        description:
          'A webhook gets a signing secret (yours, or a random one): this answer is the only one that shows it ' +
          '(a repeat with the same Idempotency-Key answers secret null: the secret is not kept for replays). ' +
          'Every delivery is a POST of an AlertWebhookDelivery (see the test route) with X-Scheduler-Signature: ' +
          't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.',
        tags: ['alerts'],
        body: newChannel,
        response: {
          201: channelView.extend({
            secret: z.string().nullable().describe('The webhook signing secret: shown here only, once'),
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const signingSecret = body.kind === 'webhook' ? (body.secret ?? randomBytes(32).toString('hex')) : null;
      const channel = await alertChannels.create(
        {
          kind: body.kind,
          name: body.name,
          url: body.kind === 'webhook' ? body.url : null,
          email: body.kind === 'email' ? body.email : null,
          secret: signingSecret,
          isDefault: body.isDefault,
        },
        whoIs(request),
      );
      if (!channel) throw new HttpError(409, 'name_taken', `A channel named "${body.name}" exists already`);
      request.auditTarget = channel.id;
      return reply.code(201).send({ ...toChannelView(channel), secret: signingSecret });
    },
  );

  app.put(
    '/alert-channels/:id',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert_channel.update', fields: AUDITED } },
      schema: {
        summary: 'Change an alert channel',
        description: 'Changes the given fields; the others stay. A channel from a setting: 409 (change the setting).',
        tags: ['alerts'],
        params: idParam,
        body: channelChange,
        response: {
          200: channelView,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      request.auditTarget = request.params.id;
      const channel = await find(request.params.id);
      notFromSetting(channel);
      const change = request.body;
      if (channel.kind === 'email' && (change.url !== undefined || change.secret !== undefined)) {
        throw new HttpError(400, 'validation_failed', 'url and secret: only a webhook channel has them');
      }
      if (channel.kind === 'webhook' && change.email !== undefined) {
        throw new HttpError(400, 'validation_failed', 'email: only an email channel has one');
      }
      if (change.name && (await alertChannels.nameTaken(change.name, channel.id))) {
        throw new HttpError(409, 'name_taken', `A channel named "${change.name}" exists already`);
      }
      const updated = await alertChannels.update(channel.id, change);
      if (!updated) throw new HttpError(404, 'not_found', `No alert channel ${channel.id}`);
      return toChannelView(updated);
    },
  );

  app.delete(
    '/alert-channels/:id',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert_channel.delete', fields: [] } },
      schema: {
        summary: 'Delete an alert channel',
        description: 'Its pending notifications go with it. A channel from a setting: 409 (unset the setting).',
        tags: ['alerts'],
        params: idParam,
        response: {
          200: z.object({ removed: z.literal(true) }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      request.auditTarget = request.params.id;
      const channel = await find(request.params.id);
      notFromSetting(channel);
      await alertChannels.remove(channel.id);
      return { removed: true as const };
    },
  );

  app.post(
    '/alert-channels/:id/test',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'alert_channel.test', fields: [] } },
      schema: {
        summary: 'Send a test alert to a channel now',
        description:
          'Sends one `alert.test` delivery (no retry) and answers how it went, with the body sent: the shape of every ' +
          'webhook delivery (alert.opened, alert.resolved, alert.test).',
        tags: ['alerts'],
        params: idParam,
        response: {
          200: z.object({
            delivered: z.boolean(),
            status: z.int().nullable().describe("The receiver's HTTP status, when it answered"),
            error: z.string().nullable(),
            sent: alertDelivery,
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      request.auditTarget = request.params.id;
      const channel = await alertChannels.forDelivery(request.params.id);
      if (!channel) throw new HttpError(404, 'not_found', `No alert channel ${request.params.id}`);
      const sent = testDelivery(randomUUID(), whoIs(request), config.DASHBOARD_PUBLIC_URL);
      const result = await testSends(() => sendAlert(channel, sent));
      return { ...result, sent };
    },
  );
};
