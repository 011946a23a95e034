import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeyViewSchema, createKeyInputSchema } from '../../../core/auth/api-keys.js';
import { tenantIdSchema } from '../../../core/auth/tenants.js';
import { pageQuerySchema, pageSchema } from '../../../core/pagination.js';
import type { Platform } from '../../../core/platform.js';
import { principalOf } from '../auth.js';

const adminQuery = z.object({ admin_token: z.string().optional().describe('Deprecated: use x-admin-token') });
const security: Record<string, string[]>[] = [
  { adminToken: [] },
  { apiKey: [] },
  { t4ApiKey: [] },
  { bearer: [] },
];

/** The T4 seed's key administration: admin token (or a key with the admin scope). */
export function adminKeyRoutes(platform: Platform): FastifyPluginAsyncZod {
  return (app) => {
    app.post(
      '/admin/api_keys',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Create an API key (the secret is shown once)',
          tags: ['admin'],
          security,
          querystring: adminQuery,
          body: createKeyInputSchema,
          response: { 201: z.object({ key: z.string(), api_key: apiKeyViewSchema }) },
        },
      },
      async (request, reply) => {
        const { key, view } = await platform.keys.create(principalOf(request), request.body);
        return reply.code(201).send({ key, api_key: view });
      },
    );
    app.get(
      '/admin/api_keys',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'List API keys (never their secrets)',
          tags: ['admin'],
          security,
          querystring: pageQuerySchema
            .extend(adminQuery.shape)
            .extend({ tenant_id: tenantIdSchema.optional() }),
          response: {
            200: pageSchema(apiKeyViewSchema),
          },
        },
      },
      (request) =>
        platform.keys.list(principalOf(request), {
          tenantId: request.query.tenant_id,
          limit: request.query.limit,
          cursor: request.query.cursor,
        }),
    );
    app.delete(
      '/admin/api_keys/:key',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Revoke an API key, by id or full key',
          tags: ['admin'],
          security,
          params: z.object({ key: z.string().min(1).max(200) }),
          querystring: adminQuery,
          response: { 200: z.object({ revoked: z.literal(true), api_key: apiKeyViewSchema }) },
        },
      },
      async (request) => ({
        revoked: true as const,
        api_key: await platform.keys.revoke(principalOf(request), request.params.key),
      }),
    );
    return Promise.resolve();
  };
}
