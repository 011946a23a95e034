import { z } from 'zod';
import type { Principal } from '../../core/auth/principal.js';
import { DEFAULT_TENANT_ID, tenantIdSchema } from '../../core/auth/tenants.js';
import {
  attemptSchema,
  bootstrapInputSchema,
  bootstrapResultSchema,
  firstPaidCallInputSchema,
  historySchema,
  matrixInputSchema,
  smokeTestInputSchema,
  smokeTestResultSchema,
} from '../../core/onboarding/schemas.js';
import { defineTool, READ_ONLY, type ToolContext } from './tool.js';

const tenantOption = {
  tenantId: tenantIdSchema.optional().describe('Tenant (default: your own; the operator names one)'),
};
const tenantOf = (principal: Principal, requested: string | undefined) =>
  requested ?? principal.tenantId ?? DEFAULT_TENANT_ID;
const onboarding = ({ platform }: ToolContext) => platform.onboarding();
const progressOf = (context: ToolContext) => ({
  onProgress: (step: { progress: number; total: number; message: string }) => {
    context.progress(step.progress, step.total, step.message).catch(() => undefined);
  },
});
const matrixSchema = z.object({
  tenantId: z.string().nullable(),
  runId: z.string(),
  generatedAt: z.string(),
  checks: z.array(z.object({ id: z.string(), title: z.string(), description: z.string() })),
  targets: z.array(
    z.object({
      target: z.string(),
      host: z.string(),
      profileVersion: z.string(),
      ready: z.boolean(),
      results: z.record(
        z.string(),
        z.object({ verdict: z.enum(['pass', 'warn', 'fail', 'skip']), message: z.string() }),
      ),
      config: z.array(z.object({ format: z.string(), path: z.string(), text: z.string() })),
    }),
  ),
  ready: z.boolean(),
  reused: z.boolean(),
});

export const onboardingRuntimeBootstrapTool = defineTool({
  name: 'onboarding_runtime_bootstrap',
  title: 'Runtime bootstrap',
  description:
    "Issues the tenant's runtime key (or reuses a valid one; rotate to replace it) with the least scopes an agent runtime needs, and returns the env block (SETTLD_BASE_URL, SETTLD_TENANT_ID, SETTLD_API_KEY — the key only when issued), the stdio and HTTP MCP configurations, and a config snippet per host that names the key by its environment variable. Needs onboarding:run.",
  toolset: 'onboarding',
  scope: 'onboarding:run',
  input: bootstrapInputSchema.extend(tenantOption),
  output: bootstrapResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async ({ tenantId, ...input }, context) =>
    (await onboarding(context)).bootstrap(
      context.principal,
      tenantOf(context.principal, tenantId),
      input,
      context.platform.config.onboarding.publicUrl ??
        context.platform.config.remote?.baseUrl ??
        `http://${context.platform.config.host}:${context.platform.config.port}`,
    ),
});

export const onboardingSmokeTestTool = defineTool({
  name: 'onboarding_smoke_test',
  title: 'MCP smoke test',
  description:
    'Starts settld-mcp over stdio with exactly the given env, as an agent host would: initialize, tools/list and one authenticated read-only call (a wrong key fails). Timeout 10 s by default (1-30 s). Fails with MCP_SMOKE_TEST_FAILED naming the stage.',
  toolset: 'onboarding',
  scope: 'onboarding:run',
  input: smokeTestInputSchema.extend(tenantOption),
  output: smokeTestResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  run: async ({ tenantId, ...input }, context) =>
    (await onboarding(context)).smokeTest(context.principal, tenantOf(context.principal, tenantId), input),
});

export const onboardingFirstPaidCallTool = defineTool({
  name: 'onboarding_first_paid_call',
  title: 'First paid call',
  description:
    "Runs the first paid call on the tenant's vault: runtime key, sandbox wallet, runner grant, a priced echo run opened, executed and finalized, receipt and ledger verified — each step recorded. A failure names its step (SETTLD_API_CALL_FAILED or the step's own code). replayAttemptId returns a stored attempt without running or spending anything.",
  toolset: 'onboarding',
  scope: 'onboarding:run',
  input: firstPaidCallInputSchema.extend(tenantOption),
  output: attemptSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async ({ tenantId, ...input }, context) =>
    (await onboarding(context)).firstPaidCall(
      context.principal,
      tenantOf(context.principal, tenantId),
      input,
      progressOf(context),
    ),
});

export const onboardingFirstPaidCallHistoryTool = defineTool({
  name: 'onboarding_first_paid_call_history',
  title: 'First paid call history',
  description: "The tenant's last 100 first paid call attempts, newest first, with their steps.",
  toolset: 'onboarding',
  scope: 'onboarding:run',
  input: z.object(tenantOption),
  output: historySchema,
  annotations: READ_ONLY,
  run: async ({ tenantId }, context) =>
    (await onboarding(context)).history(context.principal, tenantOf(context.principal, tenantId)),
});

export const onboardingConformanceMatrixTool = defineTool({
  name: 'onboarding_conformance_matrix',
  title: 'Conformance matrix',
  description:
    'Checks settld-mcp as each host (codex, claude, openhands) starts and uses it — handshake with the host’s protocol version and startup timeout, tool names, schemas, annotations, a read-only call, output size, config snippet — each check pass, warn, fail or skip. At most 12 runs per tenant per hour.',
  toolset: 'onboarding',
  scope: 'onboarding:run',
  input: matrixInputSchema.extend({
    ...tenantOption,
    idempotencyKey: z
      .string()
      .max(160)
      .optional()
      .describe('A retry with the same key returns the stored matrix'),
  }),
  output: matrixSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  run: async ({ tenantId, idempotencyKey, ...input }, context) => {
    const { matrix, reused } = await (
      await onboarding(context)
    ).conformanceMatrix(context.principal, tenantOf(context.principal, tenantId), input, {
      ...progressOf(context),
      idempotencyKey,
    });
    return { ...matrix, reused };
  },
});

export const ONBOARDING_TOOLS = [
  onboardingRuntimeBootstrapTool,
  onboardingSmokeTestTool,
  onboardingFirstPaidCallTool,
  onboardingFirstPaidCallHistoryTool,
  onboardingConformanceMatrixTool,
];
