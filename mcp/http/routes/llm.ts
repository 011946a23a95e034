import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  chatInputSchema,
  chatResultSchema,
  quotaStatusSchema,
  usageQuerySchema,
  usageReportSchema,
} from '../../../core/llm/schemas.js';
import type { Platform } from '../../../core/platform.js';
import { principalOf } from '../auth.js';
import { idempotent } from '../idempotency.js';

const security: Record<string, string[]>[] = [{ apiKey: [] }, { t4ApiKey: [] }, { bearer: [] }];

/** The T4 seed's LLM policy: priced calls under daily budgets, and the usage ledger. */
export function llmRoutes(platform: Platform): FastifyPluginAsyncZod {
  return (app) => {
    app.post(
      '/v1/llm/chat',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Call an LLM against the daily budget (402 QUOTA_EXCEEDED when it could overspend)',
          description: 'Send `x-idempotency-key` so that a retry replays the answer instead of paying again.',
          tags: ['llm'],
          security,
          body: chatInputSchema,
          response: { 200: chatResultSchema },
        },
      },
      async (request, reply) => {
        // The response closing before it was written means the client went away: stop paying for the answer.
        const disconnected = new AbortController();
        const onClose = () => {
          if (!reply.raw.writableEnded) disconnected.abort();
        };
        reply.raw.once('close', onClose);
        try {
          // With `x-idempotency-key`, a retry after a lost answer replays it instead of paying twice.
          return await idempotent(platform, request, reply, 'llm.chat', () =>
            platform.llm.chat(principalOf(request), request.body, { signal: disconnected.signal }),
          );
        } finally {
          reply.raw.off('close', onClose);
        }
      },
    );
    app.get(
      '/v1/llm/quota',
      {
        config: { auth: 'principal' },
        schema: {
          summary: "The caller's LLM budget today: limit, spent, reserved, remaining, reset time",
          tags: ['llm'],
          security,
          response: { 200: quotaStatusSchema },
        },
      },
      (request) => platform.llm.quotaStatus(principalOf(request)),
    );
    app.get(
      '/v1/llm/usage',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'LLM calls and cost grouped by agent, model or UTC day',
          tags: ['llm'],
          security: [{ adminToken: [] }, ...security],
          querystring: usageQuerySchema,
          response: { 200: usageReportSchema },
        },
      },
      (request) => platform.llm.usage(principalOf(request), request.query),
    );
    return Promise.resolve();
  };
}
