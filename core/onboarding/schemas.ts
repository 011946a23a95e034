import { z } from 'zod';
import { MAX_SMOKE_TIMEOUT_MS, MIN_SMOKE_TIMEOUT_MS } from './smoke-test.js';

/* The onboarding loop's inputs and answers, in the seed's camelCase shapes. */

export const bootstrapInputSchema = z.object({
  apiKey: z
    .object({
      create: z.boolean().default(true).describe('Issue the runtime key if the tenant has no valid one'),
      rotate: z.boolean().default(false).describe('Revoke the current runtime key and issue a new one'),
      description: z.string().max(500).optional(),
      expiresInDays: z.number().int().min(1).max(3650).optional(),
    })
    .default({ create: true, rotate: false }),
});
export type BootstrapInput = z.input<typeof bootstrapInputSchema>;

const envBlockSchema = z.object({
  SETTLD_BASE_URL: z.string(),
  SETTLD_TENANT_ID: z.string(),
  SETTLD_API_KEY: z
    .string()
    .nullable()
    .describe('The runtime key: shown only when it is issued; null when an existing key was reused'),
});

export const bootstrapResultSchema = z.object({
  tenantId: z.string(),
  apiKey: z.object({
    id: z.string(),
    keyPrefix: z.string(),
    reused: z
      .boolean()
      .describe('An existing valid runtime key was kept (its secret was shown when it was issued)'),
    scopes: z.array(z.string()),
    expiresAt: z.string().nullable(),
  }),
  env: envBlockSchema,
  mcp: z.object({
    stdio: z.object({
      command: z.string(),
      args: z.array(z.string()),
      env: z.record(z.string(), z.string()).describe('Values; the key as ${SETTLD_API_KEY}'),
    }),
    http: z.object({ url: z.string(), headers: z.record(z.string(), z.string()) }),
  }),
  snippets: z
    .array(z.object({ target: z.string(), format: z.string(), path: z.string(), text: z.string() }))
    .describe('Host configurations; each names the key by its environment variable, never its value'),
});
export type BootstrapResult = z.infer<typeof bootstrapResultSchema>;

export const smokeTestInputSchema = z.object({
  env: z
    .record(
      // Only settld's own variables: anything else (NODE_OPTIONS…) could make the child run code.
      z.string().regex(/^SETTLD_[A-Z0-9_]{1,60}$/, 'only SETTLD_* variables are passed to the server'),
      z.string().max(4096),
    )
    .describe(
      'The runtime env block from runtime-bootstrap: SETTLD_BASE_URL, SETTLD_TENANT_ID, SETTLD_API_KEY',
    ),
  timeoutMs: z
    .number()
    .int()
    .min(MIN_SMOKE_TIMEOUT_MS)
    .max(MAX_SMOKE_TIMEOUT_MS)
    .optional()
    .describe('Default 10000'),
});
export type SmokeTestInput = z.input<typeof smokeTestInputSchema>;

export const smokeTestResultSchema = z.object({
  ok: z.literal(true),
  protocolVersion: z.string().nullable(),
  server: z.object({ name: z.string(), version: z.string() }),
  tools: z.number().int(),
  call: z.object({ tool: z.string(), ms: z.number() }),
  durationMs: z.number(),
});

export const firstPaidCallInputSchema = z.object({
  replayAttemptId: z
    .string()
    .regex(/^fpc_[A-Za-z0-9]{1,64}$/)
    .optional()
    .describe('Return this stored attempt: nothing is run again and nothing is spent'),
});
export type FirstPaidCallInput = z.input<typeof firstPaidCallInputSchema>;

export const attemptSchema = z.object({
  attemptId: z.string(),
  tenantId: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  replayed: z.boolean(),
  steps: z.array(
    z.object({
      step: z.string(),
      status: z.enum(['ok', 'failed']),
      at: z.string(),
      ms: z.number(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
  runId: z.string().nullable(),
  receipt: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), step: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type AttemptView = z.infer<typeof attemptSchema>;

export const historySchema = z.object({ tenantId: z.string(), attempts: z.array(attemptSchema) });

export const matrixInputSchema = z.object({
  targets: z.array(z.string().min(1).max(64)).min(1).max(20).optional().describe('Default: every known host'),
});
export type MatrixInput = z.input<typeof matrixInputSchema>;
