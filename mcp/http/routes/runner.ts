import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema } from '../../../core/pagination.js';
import type { Platform } from '../../../core/platform.js';
import {
  balanceSchema,
  depositInputSchema,
  enqueueRunInputSchema,
  grantInputSchema,
  grantViewSchema,
  listGrantsInputSchema,
  listRunsInputSchema,
  pauseInputSchema,
  pauseResultSchema,
  revokeInputSchema,
  revokeResultSchema,
  runViewSchema,
  summarySchema,
} from '../../../core/runner/schemas.js';
import { principalOf } from '../auth.js';
import { idempotent } from '../idempotency.js';

const security: Record<string, string[]>[] = [{ apiKey: [] }, { bearer: [] }, { adminToken: [] }];
const tags = ['runner'];
const runParams = z.object({ id: z.string().min(1).max(64) });

/** The runner service of seed 002 at its own paths and shapes, plus grants, cancel, pause and the vault. */
export function runnerRoutes(platform: Platform): FastifyPluginAsyncZod {
  const runner = async () => (await platform.runner()).service;
  return (app) => {
    app.get(
      '/summary',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Queue depth, runs by status, pause, the vault backend and the runner id',
          tags,
          security,
          response: { 200: summarySchema },
        },
      },
      async (request) => (await runner()).summary(principalOf(request)),
    );
    app.get(
      '/runs',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Runs, newest first',
          tags,
          security,
          querystring: listRunsInputSchema,
          response: { 200: pageSchema(runViewSchema) },
        },
      },
      async (request) => (await runner()).list(principalOf(request), request.query),
    );
    app.post(
      '/runs',
      {
        config: { auth: 'principal' },
        schema: {
          summary:
            'Queue a workflow run (202); refused at once when paused or when the runner holds no grant',
          description: 'Send `x-idempotency-key` to make a retry safe.',
          tags,
          security,
          body: enqueueRunInputSchema,
          response: { 202: runViewSchema },
        },
      },
      async (request, reply) => {
        const service = await runner();
        const run = await idempotent(platform, request, reply, 'runner.enqueue', () =>
          service.enqueue(principalOf(request), request.body),
        );
        return reply.code(202).send(run);
      },
    );
    app.get(
      '/runs/:id',
      {
        config: { auth: 'principal' },
        schema: { summary: 'One run', tags, security, params: runParams, response: { 200: runViewSchema } },
      },
      async (request) => (await runner()).get(principalOf(request), request.params.id),
    );
    app.post(
      '/runs/:id/retry',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Requeue a failed or cancelled run (escrow it still holds is released first)',
          tags,
          security,
          params: runParams,
          response: { 200: runViewSchema },
        },
      },
      async (request) => (await runner()).retry(principalOf(request), request.params.id),
    );
    app.post(
      '/runs/:id/cancel',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Cancel a run: a queued one at once, an open one with a full refund',
          tags,
          security,
          params: runParams,
          response: { 200: runViewSchema },
        },
      },
      async (request) => (await runner()).cancel(principalOf(request), request.params.id),
    );
    app.post(
      '/grants',
      {
        config: { auth: 'principal' },
        schema: {
          summary: "Grant the runner access to a user's vault for an agent",
          tags,
          security,
          body: grantInputSchema,
          response: { 201: grantViewSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await (await runner()).grant(principalOf(request), request.body)),
    );
    app.get(
      '/grants',
      {
        config: { auth: 'principal' },
        schema: {
          summary: "A user's runner grants",
          tags,
          security,
          querystring: listGrantsInputSchema,
          response: { 200: z.object({ items: z.array(grantViewSchema) }) },
        },
      },
      async (request) => (await runner()).listGrants(principalOf(request), request.query),
    );
    app.delete(
      '/grants',
      {
        config: { auth: 'principal' },
        schema: {
          summary: 'Revoke a grant; runs it had open are cancelled with a full refund',
          tags,
          security,
          body: revokeInputSchema,
          response: { 200: revokeResultSchema },
        },
      },
      async (request) => (await runner()).revoke(principalOf(request), request.body),
    );
    app.post(
      '/vault/deposit',
      {
        config: { auth: 'principal' },
        schema: {
          summary: "Credit a user's vault (embedded vault; on Soroban the user deposits from their wallet)",
          tags,
          security,
          body: depositInputSchema,
          response: { 200: balanceSchema },
        },
      },
      async (request, reply) => {
        const service = await runner();
        return idempotent(platform, request, reply, 'vault.deposit', () =>
          service.deposit(principalOf(request), request.body),
        );
      },
    );
    app.get(
      '/vault/balance',
      {
        config: { auth: 'principal' },
        schema: {
          summary: "A user's vault balance",
          tags,
          security,
          querystring: listGrantsInputSchema,
          response: { 200: balanceSchema },
        },
      },
      async (request) => (await runner()).balance(principalOf(request), request.query),
    );
    app.post(
      '/pause',
      {
        config: { auth: 'principal' },
        schema: {
          summary:
            "Pause (or resume) new runs: a user's (and their vault policy), or the whole runner (operator)",
          tags,
          security,
          body: pauseInputSchema,
          response: { 200: pauseResultSchema },
        },
      },
      async (request) => (await runner()).setPaused(principalOf(request), request.body),
    );
    return Promise.resolve();
  };
}
