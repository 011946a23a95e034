import { z } from 'zod';
import { tenantIdSchema } from '../auth/tenants.js';

export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_MAX_COMPLETION_TOKENS = 1024;
export const MAX_COMPLETION_TOKENS = 128_000;
/** Characters of input per call: bounds the tokenizer's work before any budget is checked. */
export const MAX_INPUT_CHARS = 1_000_000;
const MAX_MESSAGES = 256;

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.string().max(MAX_INPUT_CHARS),
});

/** The one rule on prompt/messages, shared by the schema (transports) and the service (every caller). */
export function chatInputProblem(input: {
  prompt?: string;
  messages?: readonly { content: string }[];
}): string | null {
  if ((input.prompt === undefined) === (input.messages === undefined))
    return 'give exactly one of prompt or messages';
  const chars =
    input.prompt?.length ?? input.messages?.reduce((sum, message) => sum + message.content.length, 0) ?? 0;
  if (chars > MAX_INPUT_CHARS) return `the input is longer than ${MAX_INPUT_CHARS} characters`;
  return null;
}

/**
 * `prompt` and `messages` are both optional properties with an "exactly one" check, rather than a
 * union, so the JSON Schema root stays a plain object (MCP hosts refuse a root anyOf/oneOf).
 */
export const chatInputSchema = z
  .object({
    prompt: z
      .string()
      .min(1)
      .max(MAX_INPUT_CHARS)
      .optional()
      .describe('A single user message; give this or messages'),
    messages: z
      .array(chatMessageSchema)
      .min(1)
      .max(MAX_MESSAGES)
      .optional()
      .describe('The conversation as {role, content} messages; give this or prompt'),
    model: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .default(DEFAULT_MODEL)
      .describe(`Model id (default ${DEFAULT_MODEL}); a model without a known price is refused`),
    max_completion_tokens: z
      .number()
      .int()
      .min(1)
      .max(MAX_COMPLETION_TOKENS)
      .default(DEFAULT_MAX_COMPLETION_TOKENS)
      .describe(
        `Most tokens the answer may use (1-${MAX_COMPLETION_TOKENS}, default ${DEFAULT_MAX_COMPLETION_TOKENS}); the budget reserves for all of them`,
      ),
  })
  .superRefine((input, ctx) => {
    const problem = chatInputProblem(input);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['prompt'] });
  });

export type ChatInput = z.output<typeof chatInputSchema>;

const usd = z.number().describe('USD');
const micros = z.number().int().describe('micro-dollars (1 USD = 1,000,000)');

export const chatResultSchema = z.object({
  text: z.string(),
  model: z.string().describe('The model that answered, as the provider names it'),
  cost: usd,
  cost_micros: micros,
  usage: z.object({
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    total_tokens: z.number().int(),
  }),
  remaining: usd.describe('USD the next call may still reserve today'),
  remaining_micros: micros,
  request_id: z.string().nullable().describe("The provider's request id"),
  call_id: z.string().describe('This call in the usage ledger'),
});

export type ChatResult = z.infer<typeof chatResultSchema>;

const tenantBudgetSchema = z.object({
  limit: usd.nullable().describe('Daily limit of the whole tenant; null when none is set'),
  limit_micros: micros.nullable(),
  spent: usd,
  spent_micros: micros,
  reserved: usd.describe('Held by calls still in flight'),
  reserved_micros: micros,
  remaining: usd.nullable().describe('null when the tenant has no limit'),
  remaining_micros: micros.nullable(),
});

export const quotaStatusSchema = z.object({
  day: z.string().describe('The UTC day, YYYY-MM-DD'),
  resets_at: z.string().describe('Next 00:00 UTC, when every daily budget resets'),
  limit: usd.nullable().describe("The caller's daily limit (the key's daily_limit); null when it has none"),
  limit_micros: micros.nullable(),
  spent: usd.describe('Spent by the caller today'),
  spent_micros: micros,
  reserved: usd.describe("Held by the caller's calls still in flight"),
  reserved_micros: micros,
  remaining: usd.describe(
    'What the next call may reserve: the least left under the caller and tenant limits',
  ),
  remaining_micros: micros,
  tenant: tenantBudgetSchema.describe(
    'The tenant budget (SETTLD_TENANT_DAILY_LIMIT_USD), shared by its keys',
  ),
});

export type QuotaStatus = z.infer<typeof quotaStatusSchema>;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a UTC date, YYYY-MM-DD')
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00Z`);
    // Date.parse rolls 2026-02-30 over to March: a real date survives the round trip.
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day);
  }, 'not a calendar date');

export const usageQuerySchema = z
  .object({
    group_by: z
      .enum(['agent', 'model', 'day'])
      .default('agent')
      .describe('Group the calls by agent, model or UTC day'),
    from: isoDay.optional().describe('First UTC day, inclusive'),
    to: isoDay.optional().describe('Last UTC day, inclusive'),
    tenant_id: tenantIdSchema.optional().describe('Tenant (operator only; others always see their own)'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from is after to',
    path: ['from'],
  });

export type UsageQuery = z.output<typeof usageQuerySchema>;

export const usageReportSchema = z.object({
  group_by: z.enum(['agent', 'model', 'day']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  scope: z.enum(['all_tenants', 'tenant', 'caller']).describe('Whose calls are counted'),
  rows: z.array(
    z.object({
      group: z.string().describe('The agent id, model or UTC day'),
      calls: z.number().int(),
      settled_calls: z.number().int(),
      failed_calls: z.number().int().describe('Failed at the provider, or aborted'),
      in_flight_calls: z.number().int(),
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      cost: usd,
      cost_micros: micros,
    }),
  ),
  total: z.object({ calls: z.number().int(), cost: usd, cost_micros: micros }),
  truncated: z.boolean().describe('More groups matched than the report lists'),
});

export type UsageReport = z.infer<typeof usageReportSchema>;
