import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** The OpenAPI document, generated from the same zod schemas that validate each route. */
export const openApiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Stumbleable scheduler',
          description: 'Background jobs of Stumbleable: trigger, inspect and list them.',
          version: '1.0.0',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        },
        security: [{ bearer: [] }],
      },
      transform: jsonSchemaTransform,
      // Schemas named with `.meta({ id })` (JobSummary, JobEventKind, …) become components.
      transformObject: jsonSchemaTransformObject,
    });
  },
  { name: 'openapi' },
);

/** Swagger UI at /docs, inside the authenticated scope like every other non-health route. */
export async function docsRoutes(app: FastifyInstance) {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The UI's own Content-Security-Policy (with hashes of its inline parts) instead of helmet's.
    staticCSP: true,
    uiHooks: { onRequest: app.requireAccess('read') },
  });
}
