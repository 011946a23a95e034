import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantIdSchema } from '../../../core/auth/tenants.js';
import { intentViewSchema } from '../../../core/intents/model.js';
import { prePrCheckInputSchema, prePrCheckResultSchema } from '../../../core/intents/pre-pr-check.js';
import { registryFileSchema } from '../../../core/intents/registry-file.js';
import {
  byFileInputSchema,
  createIntentInputSchema,
  importCountsSchema,
  intentIdSchema,
  listIntentsInputSchema,
  metricsSummarySchema,
  staleIntentsInputSchema,
  tenantInputSchema,
  updateIntentInputSchema,
} from '../../../core/intents/schemas.js';
import { pageQuerySchema, pageSchema } from '../../../core/pagination.js';
import type { Platform } from '../../../core/platform.js';
import { principalOf } from '../auth.js';
import { idempotent } from '../idempotency.js';

const security: Record<string, string[]>[] = [
  { t4ApiKey: [] },
  { apiKey: [] },
  { bearer: [] },
  { adminToken: [] },
];
const tags = ['intents'];
const intentPage = pageSchema(intentViewSchema);
const idParams = z.object({ intent_id: intentIdSchema });
const adminQuery = z.object({ admin_token: z.string().optional().describe('Deprecated: use x-admin-token') });

/**
 * The T4 intent API of seed 001 at its own paths (`X-T4-API-KEY`), plus the pre-PR check and the
 * registry file. Every rule is in core/intents; a route only moves the request in and the answer out.
 */
export function intentRoutes(platform: Platform): FastifyPluginAsyncZod {
  const intents = platform.intents;
  return (app) => {
    app.post(
      '/intents',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Create an intent (agent_id comes from the key; timestamps are the server’s)',
          description: 'Send `x-idempotency-key` to make a retry safe.',
          tags,
          security,
          body: createIntentInputSchema,
          response: { 201: intentViewSchema },
        },
      },
      async (request, reply) => {
        const view = await idempotent(platform, request, reply, 'intents.create', () =>
          intents.create(principalOf(request), request.body),
        );
        return reply.code(201).send(view);
      },
    );
    app.get(
      '/intents',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'List intents, filtered by owner, exact file or glob, status and code',
          tags,
          security,
          querystring: listIntentsInputSchema,
          response: { 200: intentPage },
        },
      },
      (request) => intents.list(principalOf(request), request.query),
    );
    app.get(
      '/intents/stale',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Open intents (reserved, planned, committed) not modified for `days` days, oldest first',
          tags,
          security,
          querystring: staleIntentsInputSchema,
          response: { 200: intentPage },
        },
      },
      (request) => intents.stale(principalOf(request), request.query),
    );
    app.get(
      '/intents/by_owner/:owner',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Intents of one owner',
          tags,
          security,
          params: z.object({ owner: z.string().min(1).max(200) }),
          querystring: pageQuerySchema.extend({ tenant_id: tenantIdSchema.optional() }),
          response: { 200: intentPage },
        },
      },
      (request) => intents.byOwner(principalOf(request), { ...request.query, owner: request.params.owner }),
    );
    app.get(
      '/intents/by_file',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Intents covering a path: on exactly it, or a glob that matches it',
          tags,
          security,
          querystring: byFileInputSchema,
          response: { 200: intentPage },
        },
      },
      (request) => intents.byFile(principalOf(request), request.query),
    );
    app.post(
      '/intents/pre_pr_check',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'The pre-PR check: which changed files (or critical findings) lack a planned intent',
          description:
            'With `findings` (ruff JSON, ESLint JSON or SARIF 2.1.0) only files with a critical finding need an intent. ' +
            '`auto_create_reserved` reserves each missing (file, code) once, however often it runs.',
          tags,
          security,
          body: prePrCheckInputSchema,
          response: { 200: prePrCheckResultSchema },
        },
      },
      (request) => intents.prePrCheck(principalOf(request), request.body),
    );
    app.get(
      '/intents/export',
      {
        config: { auth: 'principal' },
        schema: {
          summary:
            'The registry file (settld-intents, version 1) of the tenant: what the GitHub Action reads',
          tags,
          security,
          querystring: tenantInputSchema,
          response: { 200: registryFileSchema },
        },
      },
      (request) => intents.exportRegistry(principalOf(request), request.query),
    );
    app.post(
      '/intents/import',
      {
        config: { auth: 'principal' },
        bodyLimit: 256 * 1024 * 1024,
        schema: {
          summary: 'Upsert a registry file by intent id, all or nothing (admin)',
          tags,
          security,
          querystring: tenantInputSchema.extend(adminQuery.shape),
          // The file is checked by the service, which names the first bad record (INVALID_REGISTRY).
          body: z.unknown(),
          response: { 200: importCountsSchema },
        },
      },
      (request) =>
        intents.importRegistry(principalOf(request), request.body, { tenant_id: request.query.tenant_id }),
    );
    app.get(
      '/intents/:intent_id',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'One intent',
          tags,
          security,
          params: idParams,
          response: { 200: intentViewSchema },
        },
      },
      (request) => intents.get(principalOf(request), request.params.intent_id),
    );
    app.patch(
      '/intents/:intent_id',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Update an intent: absent fields are kept, null clears; illegal status moves are 409',
          tags,
          security,
          params: idParams,
          body: updateIntentInputSchema,
          response: { 200: intentViewSchema },
        },
      },
      (request) => intents.update(principalOf(request), request.params.intent_id, request.body),
    );
    app.delete(
      '/intents/:intent_id',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Delete an intent (admin)',
          tags,
          security,
          params: idParams,
          querystring: adminQuery,
          response: { 200: z.object({ deleted: z.literal(true), intent: intentViewSchema }) },
        },
      },
      async (request) => ({
        deleted: true as const,
        intent: await intents.delete(principalOf(request), request.params.intent_id),
      }),
    );
    app.get(
      '/metrics/summary',
      {
        config: { auth: 'principal' },
        schema: {
          summary:
            'Registry metrics: total, by_status, by_code (top 20), quality_score, avg_time_to_resolve_days',
          tags,
          security,
          querystring: tenantInputSchema,
          response: { 200: metricsSummarySchema },
        },
      },
      (request) => intents.metrics(principalOf(request), request.query),
    );
    return Promise.resolve();
  };
}
