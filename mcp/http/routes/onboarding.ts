import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantIdSchema } from '../../../core/auth/tenants.js';
import {
  attemptSchema,
  bootstrapInputSchema,
  bootstrapResultSchema,
  firstPaidCallInputSchema,
  historySchema,
  matrixInputSchema,
  smokeTestInputSchema,
  smokeTestResultSchema,
} from '../../../core/onboarding/schemas.js';
import type { Platform } from '../../../core/platform.js';
import { principalOf } from '../auth.js';

const security: Record<string, string[]>[] = [{ apiKey: [] }, { bearer: [] }, { adminToken: [] }];
const tags = ['onboarding'];
const params = z.object({ tenantId: tenantIdSchema });
const base = '/v1/tenants/:tenantId/onboarding';

/** The onboarding loop of seed 000 at its own paths (`x-api-key`). */
export function onboardingRoutes(platform: Platform): FastifyPluginAsyncZod {
  return (app) => {
    app.post(
      `${base}/runtime-bootstrap`,
      {
        config: { auth: 'principal' },
        schema: {
          summary: "Issue (or reuse) the tenant's runtime key; the env block, MCP configs and host snippets",
          tags,
          security,
          params,
          body: bootstrapInputSchema,
          response: { 200: bootstrapResultSchema },
        },
      },
      async (request) =>
        (await platform.onboarding()).bootstrap(
          principalOf(request),
          request.params.tenantId,
          request.body,
          `${request.protocol}://${request.host}`,
        ),
    );
    app.post(
      `${base}/runtime-bootstrap/smoke-test`,
      {
        config: { auth: 'principal' },
        schema: {
          summary:
            'Start settld-mcp over stdio with the env block: initialize, tools/list, an authenticated call',
          tags,
          security,
          params,
          body: smokeTestInputSchema,
          response: { 200: smokeTestResultSchema },
        },
      },
      async (request) =>
        (await platform.onboarding()).smokeTest(principalOf(request), request.params.tenantId, request.body),
    );
    app.post(
      `${base}/first-paid-call`,
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Run (or replay, with replayAttemptId) the first paid call; a failure names its step',
          tags,
          security,
          params,
          body: firstPaidCallInputSchema,
          response: { 200: attemptSchema },
        },
      },
      async (request) =>
        (await platform.onboarding()).firstPaidCall(
          principalOf(request),
          request.params.tenantId,
          request.body,
        ),
    );
    app.get(
      `${base}/first-paid-call/history`,
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'The last 100 first paid call attempts, newest first',
          tags,
          security,
          params,
          response: { 200: historySchema },
        },
      },
      async (request) => (await platform.onboarding()).history(principalOf(request), request.params.tenantId),
    );
    app.post(
      `${base}/conformance-matrix`,
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Check settld-mcp as each host (codex, claude, openhands) starts and uses it',
          description:
            'At most SETTLD_MATRIX_RUNS_PER_HOUR (12) runs per tenant per hour; `x-idempotency-key` returns the stored matrix (`reused: true`) without counting.',
          tags,
          security,
          params,
          body: matrixInputSchema,
        },
      },
      async (request, reply) => {
        const header = request.headers['x-idempotency-key'];
        const { matrix, reused } = await (
          await platform.onboarding()
        ).conformanceMatrix(principalOf(request), request.params.tenantId, request.body, {
          idempotencyKey: Array.isArray(header) ? header[0] : header,
        });
        if (reused) void reply.header('Idempotent-Replayed', 'true');
        return { ...matrix, reused };
      },
    );
    return Promise.resolve();
  };
}
