import { z } from 'zod';
import { pageQuerySchema } from '../pagination.js';
import { RUN_STATUSES } from './run-repository.js';

/*
 * The runner's inputs and answers in the original service's shapes (camelCase), so its clients
 * keep working. Roots are plain objects (MCP hosts refuse root unions).
 */

const MAX_METER = 1_000_000_000;
const MAX_INPUT_DEPTH = 32;

/** How deeply a JSON value nests, counted without recursion (so a hostile input can not overflow the stack). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_INPUT_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}
const meter = (what: string) => z.number().int().min(0).max(MAX_METER).describe(what);

export const metersSchema = z.object({
  llmIn: meter('LLM input tokens'),
  llmOut: meter('LLM output tokens'),
  httpCalls: meter('Outbound HTTP calls'),
  runtimeMs: meter('Milliseconds of runtime'),
});

export const userIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/,
    'a user id is 1-128 letters, digits, "_", ".", ":", "@" or "-" (a Stellar address on Soroban)',
  )
  .describe('The user whose vault pays (any stable id; a G… address on Soroban)');

const agentIdSchema = z
  .number()
  .int()
  .min(1)
  .max(4_294_967_295)
  .default(1)
  .describe('Agent id (1: the built-in agent)');

export const enqueueRunInputSchema = z.object({
  user: userIdSchema,
  agentId: agentIdSchema,
  rateVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The agent's rate card version (default the newest)"),
  budgets: metersSchema.describe('The most the run may use of each meter: the escrow is their price'),
  workflowId: z.string().min(1).max(64).describe('The workflow to run: echo, llm_chat'),
  input: z
    .unknown()
    .optional()
    .refine((value) => jsonDepth(value) <= MAX_INPUT_DEPTH, `at most ${MAX_INPUT_DEPTH} levels of nesting`)
    .describe("The workflow's input (JSON, at most 32 levels deep)"),
  label: z.string().max(200).optional(),
});
export type EnqueueRunInput = z.input<typeof enqueueRunInputSchema>;

export const runIdInputSchema = z.object({ id: z.string().min(1).max(64).describe('Run id (run_…)') });

export const listRunsInputSchema = pageQuerySchema.extend({
  status: z.enum(RUN_STATUSES).optional(),
  user: userIdSchema.optional(),
});
export type ListRunsInput = z.input<typeof listRunsInputSchema>;

const instant = z.string().describe('UTC ISO time');

export const receiptSchema = z.object({
  runId: z.number().int().describe("The vault's run id"),
  actualCharge: z.number().int().describe('Paid to the developer, in vault units'),
  refund: z.number().int().describe('Returned to the user; charge + refund = escrow'),
  developer: z.string(),
});

export const runViewSchema = z.object({
  id: z.string(),
  user: z.string(),
  agentId: z.number().int(),
  rateVersion: z.number().int(),
  budgets: metersSchema,
  workflowId: z.string(),
  input: z.unknown(),
  label: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  attempts: z.number().int(),
  vaultRunId: z.number().int().nullable(),
  usage: metersSchema.nullable(),
  output: z.unknown(),
  outputHash: z.string().nullable().describe('sha-256 of the canonical JSON output'),
  receipt: receiptSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: instant,
  updatedAt: instant,
  finishedAt: instant.nullable(),
});
export type RunView = z.infer<typeof runViewSchema>;

const expiresAtSchema = z
  .union([z.iso.datetime({ offset: true }), z.number().int().min(0).max(253_402_300_799)])
  .nullable()
  .optional()
  .describe('When the grant ends: an ISO time or Unix seconds; none: no expiry');

export const grantInputSchema = z.object({
  user: userIdSchema,
  runner: z.string().min(1).max(128).optional().describe("The runner's id (default: this runner)"),
  agentId: agentIdSchema,
  expiresAt: expiresAtSchema,
});
export type GrantInput = z.input<typeof grantInputSchema>;

export const revokeInputSchema = grantInputSchema.omit({ expiresAt: true });
export type RevokeInput = z.input<typeof revokeInputSchema>;

export const grantViewSchema = z.object({
  user: z.string(),
  runner: z.string(),
  agentId: z.number().int(),
  expiresAt: instant.nullable(),
  grantedAt: instant,
});

export const listGrantsInputSchema = z.object({ user: userIdSchema });

export const revokeResultSchema = z.object({
  revoked: z.literal(true),
  cancelledRuns: z
    .array(z.string())
    .describe('Open runs cancelled with a full refund (they can not be finalized after a revoke)'),
});

export const depositInputSchema = z.object({
  user: userIdSchema,
  amount: z
    .number()
    .int()
    .min(1)
    .max(100_000_000_000_000)
    .describe('Vault units (1 unit = 1 micro-USD in the embedded vault)'),
});

export const balanceSchema = z.object({ user: z.string(), balance: z.number().int() });

export const pauseInputSchema = z.object({
  user: userIdSchema
    .optional()
    .describe("Pause this user's runs (and their vault policy); without it, the whole runner (admin)"),
  paused: z.boolean(),
});

export const pauseResultSchema = z.object({
  user: z.string().nullable(),
  paused: z.boolean(),
});

export const summarySchema = z.object({
  queueDepth: z.number().int().describe('Runs waiting for the worker'),
  active: z.number().int().describe('Runs opening, running or finalizing'),
  byStatus: z.record(z.enum(RUN_STATUSES), z.number().int()),
  paused: z.boolean().describe('The whole runner is paused'),
  backend: z.enum(['embedded', 'soroban']),
  runner: z.string().describe("The runner's public id: what users grant"),
  workflows: z.array(z.string()),
  recentRuns: z.array(runViewSchema).describe('The five newest runs'),
});
export type Summary = z.infer<typeof summarySchema>;
