import { z } from 'zod';
import { pageSchema } from '../../core/pagination.js';
import {
  enqueueRunInputSchema,
  grantInputSchema,
  grantViewSchema,
  listGrantsInputSchema,
  listRunsInputSchema,
  pauseInputSchema,
  pauseResultSchema,
  revokeInputSchema,
  revokeResultSchema,
  runIdInputSchema,
  runViewSchema,
  summarySchema,
} from '../../core/runner/schemas.js';
import { defineTool, READ_ONLY, type ToolContext } from './tool.js';

const runner = async ({ platform }: ToolContext) => (await platform.runner()).service;
const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

export const runnerEnqueueRunTool = defineTool({
  name: 'runner_enqueue_run',
  title: 'Queue a paid run',
  description:
    "Queues a workflow run (echo, llm_chat) paid from a user's prepaid vault: the worker opens the run (escrowing the price of the budgets at the agent's rate card), executes it, and finalizes the actual usage (charge to the developer, the rest refunded). Refused at once when paused (RUNNER_PAUSED) or when the user has not granted this runner (UnauthorizedRunner). Needs runner:write.",
  toolset: 'runner',
  scope: 'runner:write',
  input: enqueueRunInputSchema,
  output: runViewSchema,
  annotations: { ...WRITE, openWorldHint: true },
  run: async (input, context) => (await runner(context)).enqueue(context.principal, input),
});

export const runnerGetRunTool = defineTool({
  name: 'runner_get_run',
  title: 'Get run',
  description:
    'One run: status (pending → opening → running → finalizing → finalized | failed | cancelled), usage, output hash, receipt, error.',
  toolset: 'runner',
  scope: 'runner:read',
  input: runIdInputSchema,
  output: runViewSchema,
  annotations: READ_ONLY,
  run: async (input, context) => (await runner(context)).get(context.principal, input.id),
});

export const runnerListRunsTool = defineTool({
  name: 'runner_list_runs',
  title: 'List runs',
  description:
    'Runs of your tenant, newest first, optionally by status or user; paginated (limit, cursor → nextCursor).',
  toolset: 'runner',
  scope: 'runner:read',
  input: listRunsInputSchema,
  output: pageSchema(runViewSchema),
  annotations: READ_ONLY,
  run: async (input, context) => (await runner(context)).list(context.principal, input),
});

export const runnerRetryRunTool = defineTool({
  name: 'runner_retry_run',
  title: 'Retry run',
  description:
    'Requeues a failed or cancelled run; escrow a failed attempt still holds is released first. Needs runner:write.',
  toolset: 'runner',
  scope: 'runner:write',
  input: runIdInputSchema,
  output: runViewSchema,
  annotations: { ...WRITE, openWorldHint: true },
  run: async (input, context) => (await runner(context)).retry(context.principal, input.id),
});

export const runnerCancelRunTool = defineTool({
  name: 'runner_cancel_run',
  title: 'Cancel run',
  description:
    'Cancels a run: a queued one at once, an open one in the vault with a full refund. Needs runner:write.',
  toolset: 'runner',
  scope: 'runner:write',
  input: runIdInputSchema,
  output: runViewSchema,
  annotations: { ...WRITE, destructiveHint: true, idempotentHint: true },
  run: async (input, context) => (await runner(context)).cancel(context.principal, input.id),
});

export const runnerGrantTool = defineTool({
  name: 'runner_grant',
  title: 'Grant the runner',
  description:
    "Lets a runner (default: this one) open and finalize runs on a user's vault for an agent, optionally until expiresAt. Audited as runner_granted. Needs runner:write.",
  toolset: 'runner',
  scope: 'runner:write',
  input: grantInputSchema,
  output: grantViewSchema,
  annotations: WRITE,
  run: async (input, context) => (await runner(context)).grant(context.principal, input),
});

export const runnerRevokeTool = defineTool({
  name: 'runner_revoke',
  title: 'Revoke the runner',
  description:
    'Revokes a grant. New runs then fail fast with UnauthorizedRunner; runs already open can not be finalized (the vault re-checks the grant), so they are cancelled with a full refund and listed. Audited as runner_revoked. Needs runner:write.',
  toolset: 'runner',
  scope: 'runner:write',
  input: revokeInputSchema,
  output: revokeResultSchema,
  annotations: { ...WRITE, destructiveHint: true },
  run: async (input, context) => (await runner(context)).revoke(context.principal, input),
});

export const runnerListGrantsTool = defineTool({
  name: 'runner_list_grants',
  title: 'List grants',
  description: "A user's runner grants: runner, agent, expiry.",
  toolset: 'runner',
  scope: 'runner:read',
  input: listGrantsInputSchema,
  output: z.object({ items: z.array(grantViewSchema) }),
  annotations: READ_ONLY,
  run: async (input, context) => (await runner(context)).listGrants(context.principal, input),
});

export const runnerSummaryTool = defineTool({
  name: 'runner_summary',
  title: 'Runner summary',
  description:
    'Queue depth, runs by status, whether the runner is paused, the vault backend, the runner id users grant, and the five newest runs.',
  toolset: 'runner',
  scope: 'runner:read',
  input: z.object({}),
  output: summarySchema,
  annotations: READ_ONLY,
  run: async (_input, context) => (await runner(context)).summary(context.principal),
});

export const runnerSetPausedTool = defineTool({
  name: 'runner_set_paused',
  title: 'Pause new runs',
  description:
    "Pauses (or resumes) new runs: a user's (their new runs are refused with RUNNER_PAUSED and their vault policy is paused), or without a user the whole runner (operator only). Runs already open finish.",
  toolset: 'runner',
  scope: 'runner:write',
  input: pauseInputSchema,
  output: pauseResultSchema,
  annotations: { ...WRITE, idempotentHint: true },
  run: async (input, context) => (await runner(context)).setPaused(context.principal, input),
});

export const RUNNER_TOOLS = [
  runnerEnqueueRunTool,
  runnerGetRunTool,
  runnerListRunsTool,
  runnerRetryRunTool,
  runnerCancelRunTool,
  runnerGrantTool,
  runnerRevokeTool,
  runnerListGrantsTool,
  runnerSummaryTool,
  runnerSetPausedTool,
];
