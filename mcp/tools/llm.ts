import { z } from 'zod';
import {
  chatInputSchema,
  chatResultSchema,
  quotaStatusSchema,
  usageQuerySchema,
  usageReportSchema,
} from '../../core/llm/schemas.js';
import { defineTool, READ_ONLY } from './tool.js';

export const llmChatTool = defineTool({
  name: 'llm_chat',
  title: 'LLM chat (priced)',
  description:
    "Calls an LLM (OpenAI-compatible chat completions) against your key's daily budget. Give prompt or messages, model and max_completion_tokens; the worst case is reserved first, so a call that could overspend is refused with QUOTA_EXCEEDED (remaining, resetsAt), and a model without a known price with UNKNOWN_MODEL_PRICE. Returns the text, its cost in USD, token usage and the budget remaining. Needs the llm:call scope.",
  toolset: 'llm',
  scope: 'llm:call',
  input: chatInputSchema,
  output: chatResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  run: (input, context) =>
    context.platform.llm.chat(context.principal, input, {
      signal: context.signal,
      // A lost progress notification must not fail a call the budget has already paid for.
      onProgress: (step) => {
        context.progress(step.progress, step.total, step.message).catch(() => undefined);
      },
    }),
});

export const llmQuotaStatusTool = defineTool({
  name: 'llm_quota_status',
  title: 'LLM budget today',
  description:
    "Your LLM budget for the current UTC day: limit, spent, held by calls in flight, remaining, and when it resets (00:00 UTC); the tenant's budget too. Needs the llm:call scope.",
  toolset: 'llm',
  scope: 'llm:call',
  input: z.object({}),
  output: quotaStatusSchema,
  annotations: READ_ONLY,
  run: (_input, { platform, principal }) => platform.llm.quotaStatus(principal),
});

export const llmUsageTool = defineTool({
  name: 'llm_usage',
  title: 'LLM usage report',
  description:
    'LLM calls and their cost grouped by agent, model or UTC day, over an optional range of days. A key sees its own calls; a key with the admin scope sees its whole tenant.',
  toolset: 'llm',
  scope: 'llm:call',
  input: usageQuerySchema,
  output: usageReportSchema,
  annotations: READ_ONLY,
  run: (input, { platform, principal }) => platform.llm.usage(principal, input),
});

export const LLM_TOOLS = [llmChatTool, llmQuotaStatusTool, llmUsageTool];
