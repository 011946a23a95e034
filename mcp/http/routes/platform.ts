import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalView, principalViewSchema } from '../../../core/auth/principal.js';
import { healthSchema } from '../../../core/health.js';
import type { Platform } from '../../../core/platform.js';
import { principalOf } from '../auth.js';

const whoamiSchema = principalViewSchema.extend({
  rate_limit: z
    .object({
      limit: z.number().int(),
      remaining: z.number().int().describe('Requests left in the current window, this one counted'),
      reset_seconds: z.number().int(),
      policy: z.string().describe('RateLimit-Policy: <limit>;w=<window seconds>'),
    })
    .describe('The request limit of these credentials after this request'),
});

const readySchema = z.object({
  ready: z.boolean(),
  checks: z.object({ store: z.boolean(), migrations: z.boolean() }),
});

export function platformRoutes(platform: Platform): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/health',
      {
        config: { auth: 'public' },
        schema: { summary: 'Liveness and version', tags: ['platform'], response: { 200: healthSchema } },
      },
      () => platform.health.check(),
    );
    app.get(
      '/ready',
      {
        config: { auth: 'public' },
        schema: {
          summary: 'Readiness: the store is reachable and fully migrated',
          tags: ['platform'],
          response: { 200: readySchema, 503: readySchema },
        },
      },
      (_request, reply) => {
        const { store } = platform.health.check();
        const migrations = store.schema_version === store.expected_schema_version;
        const ready = store.reachable && migrations;
        void reply.code(ready ? 200 : 503);
        return { ready, checks: { store: store.reachable, migrations } };
      },
    );
    app.get(
      '/v1/whoami',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Who the credentials are: tenant, scopes, key and agent, and the request limit left',
          description:
            'Any valid credential may ask; nothing is read or written beyond the credential itself. Counts against the request limit like any other call.',
          tags: ['platform'],
          security: [{ apiKey: [] }, { t4ApiKey: [] }, { bearer: [] }, { adminToken: [] }],
          response: { 200: whoamiSchema },
        },
      },
      (request) => {
        const principal = principalOf(request);
        // Set by the authentication hook of every principal route, with the principal.
        const limit = request.rateLimit!;
        // Object.assign, not `{ ...view, rate_limit }`: V8 (Node 20) builds a spread followed by
        // another property on a slow path, and the object it makes is slow to serialize; together
        // about a fifth of a whoami request on the running server.
        return Object.assign(principalView(principal), {
          rate_limit: {
            limit: limit.limit,
            remaining: limit.remaining,
            reset_seconds: limit.resetSeconds,
            policy: limit.policy,
          },
        });
      },
    );
    app.get(
      '/metrics',
      {
        config: { auth: 'public' },
        schema: { summary: 'Prometheus metrics', tags: ['platform'], hide: true },
      },
      async (_request, reply) =>
        reply.type(platform.metrics.registry.contentType).send(await platform.metrics.registry.metrics()),
    );
    app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply.send(app.swagger()),
    );
    return Promise.resolve();
  };
}
