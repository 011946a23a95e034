import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { SettldError } from '../errors.js';
import type { LlmService } from '../llm/llm-service.js';
import { chatInputSchema } from '../llm/schemas.js';
import type { Meters } from './vault.js';

export interface WorkloadContext {
  input: unknown;
  budgets: Meters;
  /** Fires when the runtime budget is spent or the worker stops. */
  signal: AbortSignal;
  /** Who enqueued the run: the LLM workload spends their LLM budget. */
  principal: Principal;
}

/** What a workload used, apart from its runtime (the worker measures that). */
export type MeteredUsage = Omit<Meters, 'runtimeMs'>;

export interface WorkloadResult {
  output: unknown;
  usage: MeteredUsage;
}

/** A named workflow the runner can execute, with metered usage. */
export interface Workload {
  id: string;
  description: string;
  /** Checked when the run is enqueued, so a bad input never holds escrow. */
  input: z.ZodType;
  run(context: WorkloadContext): Promise<WorkloadResult>;
}

const NO_USAGE: MeteredUsage = { llmIn: 0, llmOut: 0, httpCalls: 0 };
const MAX_ECHO_BYTES = 64 * 1024;

/** Deterministic: returns its input. For smoke tests, the first paid call and benchmarks. */
export const echoWorkload: Workload = {
  id: 'echo',
  description: 'Returns its input unchanged (deterministic); uses only runtime.',
  input: z
    .unknown()
    .refine(
      (value) => JSON.stringify(value ?? null).length <= MAX_ECHO_BYTES,
      `at most ${MAX_ECHO_BYTES} bytes`,
    ),
  run: ({ input }) => Promise.resolve({ output: { echo: input ?? null }, usage: NO_USAGE }),
};

/** `max_completion_tokens`, when the input leaves it out, is the run's llmOut budget. */
function requestedCompletionTokens(input: unknown): number | undefined {
  const value = (input as { max_completion_tokens?: unknown } | null)?.max_completion_tokens;
  return typeof value === 'number' ? value : undefined;
}

/** One priced LLM call through the LLM quota: tokens in and out are the run's usage. */
export function llmChatWorkload(llm: LlmService): Workload {
  return {
    id: 'llm_chat',
    description:
      "One chat completion through the LLM quota (spends the requester's LLM budget); usage in tokens.",
    input: chatInputSchema,
    run: async ({ input, budgets, signal, principal }) => {
      if (budgets.httpCalls < 1) {
        throw new SettldError(
          'RUN_BUDGET_TOO_SMALL',
          400,
          'llm_chat makes one HTTP call: budget httpCalls ≥ 1',
        );
      }
      const maxCompletionTokens = requestedCompletionTokens(input) ?? budgets.llmOut;
      if (maxCompletionTokens < 1 || maxCompletionTokens > budgets.llmOut) {
        throw new SettldError(
          'RUN_BUDGET_TOO_SMALL',
          400,
          `max_completion_tokens must be from 1 to the llmOut budget (${budgets.llmOut})`,
        );
      }
      const request = chatInputSchema.parse({
        ...(input as object),
        max_completion_tokens: maxCompletionTokens,
      });
      const result = await llm.chat(principal, request, { signal });
      const usage = {
        llmIn: result.usage.prompt_tokens,
        llmOut: result.usage.completion_tokens,
        httpCalls: 1,
      };
      if (usage.llmIn > budgets.llmIn) {
        throw new SettldError(
          'RUN_USAGE_OVER_BUDGET',
          422,
          `The prompt used ${usage.llmIn} tokens, over the llmIn budget of ${budgets.llmIn}`,
        );
      }
      return { output: { text: result.text, model: result.model, cost_usd: result.cost }, usage };
    },
  };
}

export class WorkloadRegistry {
  private readonly workloads = new Map<string, Workload>();

  constructor(workloads: readonly Workload[]) {
    for (const workload of workloads) this.workloads.set(workload.id, workload);
  }

  get(id: string): Workload {
    const workload = this.workloads.get(id);
    if (!workload) {
      throw new SettldError(
        'UNKNOWN_WORKFLOW',
        400,
        `Unknown workflow "${id}"; known: ${this.ids().join(', ')}`,
        {
          workflowId: id,
        },
      );
    }
    return workload;
  }

  ids(): string[] {
    return [...this.workloads.keys()];
  }
}
