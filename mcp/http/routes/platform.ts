import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { healthSchema } from '../../../core/health.js';
import type { Platform } from '../../../core/platform.js';

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
