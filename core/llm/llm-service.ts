import type { z } from 'zod';
import { hasScope, isOperator, type Principal, requireScope, requireTenant } from '../auth/principal.js';
import { type Clock, toIso } from '../clock.js';
import { forbidden, isSettldError, SettldError } from '../errors.js';
import { parseInput } from '../validation.js';
import type { SqliteDatabase } from '../store/database.js';
import { type Caller, LlmBudget } from './budget.js';
import type { LlmConfig } from './config.js';
import { type LlmLedgerRepository, SqliteLlmLedgerRepository } from './ledger-repository.js';
import { microsToUsd } from './money.js';
import { OpenAiProvider } from './openai-provider.js';
import { callCostMicros, loadPriceTable, type PriceTable } from './pricing.js';
import type { LlmProvider } from './provider.js';
import {
  type ChatResult,
  chatInputSchema,
  type QuotaStatus,
  type UsageReport,
  usageQuerySchema,
} from './schemas.js';
import { type ChatMessage, countChatTokens } from './tokens.js';

export interface ChatProgress {
  progress: number;
  total: number;
  message: string;
}

export interface ChatOptions {
  /** Aborting releases the reservation; the call is recorded as `released`. */
  signal?: AbortSignal;
  /** For MCP progress notifications: once the budget is reserved, once the answer is priced. */
  onProgress?: (progress: ChatProgress) => void;
}

export interface LlmServiceDeps {
  ledger: LlmLedgerRepository;
  provider: LlmProvider;
  prices: PriceTable;
  clock: Clock;
  tenantDailyLimitMicros: number | null;
}

const USAGE_REPORT_MAX_GROUPS = 1000;
/** Beyond the longest possible provider call: pricing, tokenizing and the ledger writes. */
const ABANDON_MARGIN_MS = 5 * 60_000;

/** Whose budget a call spends. The operator token belongs to no tenant, so it has no LLM budget. */
function callerOf(principal: Principal): Caller {
  if (principal.tenantId === null) {
    throw forbidden("The operator token belongs to no tenant: make LLM calls with a tenant's API key");
  }
  return {
    tenantId: principal.tenantId,
    caller: principal.actor,
    keyId: principal.keyId ?? null,
    agentId: principal.agentId ?? principal.actor,
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SettldError('LLM_CALL_ABORTED', 499, 'The LLM call was aborted before the provider answered');
  }
}

const usdOrNull = (micros: number | null) => (micros === null ? null : microsToUsd(micros));

/**
 * Priced LLM calls under daily budgets. `chat` counts the prompt, reserves the worst case
 * atomically, calls the provider, then settles to the provider's usage (or releases on failure
 * and abort). Scopes: `llm:call` for chat and quota; usage is the caller's own calls with
 * `llm:call`, the whole tenant's with `admin`, and every tenant's for the operator.
 */
export class LlmService {
  private readonly budget: LlmBudget;

  constructor(private readonly deps: LlmServiceDeps) {
    this.budget = new LlmBudget(
      deps.ledger,
      deps.clock,
      deps.tenantDailyLimitMicros,
      deps.provider.maxCallDurationMs() + ABANDON_MARGIN_MS,
    );
  }

  async chat(
    principal: Principal,
    rawInput: z.input<typeof chatInputSchema>,
    options: ChatOptions = {},
  ): Promise<ChatResult> {
    requireScope(principal, 'llm:call');
    const caller = callerOf(principal);
    const input = parseInput(chatInputSchema, rawInput);
    const { provider, prices } = this.deps;
    const price = prices.resolve(input.model);
    provider.assertReady();
    throwIfAborted(options.signal);

    const messages: ChatMessage[] = input.messages ?? [{ role: 'user', content: input.prompt ?? '' }];
    const promptTokensEstimate = await countChatTokens(messages, price.encoding);
    const reservation = await this.budget.reserve(caller, {
      model: input.model,
      priceModel: price.priceModel,
      promptTokensEstimate,
      maxCompletionTokens: input.max_completion_tokens,
      worstCaseMicros: callCostMicros(price, promptTokensEstimate, input.max_completion_tokens),
    });
    options.onProgress?.({ progress: 1, total: 2, message: 'Budget reserved; waiting for the model' });

    const started = performance.now();
    let response;
    try {
      throwIfAborted(options.signal);
      response = await provider.chat(
        { model: input.model, messages, maxCompletionTokens: input.max_completion_tokens },
        options.signal,
      );
    } catch (error) {
      const code = isSettldError(error) ? error.code : 'INTERNAL_ERROR';
      const providerStatus = isSettldError(error) ? error.details.providerStatus : undefined;
      await this.budget.release(reservation, {
        status: code === 'LLM_CALL_ABORTED' ? 'released' : 'failed',
        errorCode: code,
        providerStatus: typeof providerStatus === 'number' ? providerStatus : null,
        latencyMs: Math.round(performance.now() - started),
      });
      throw error;
    }

    // Without usage from the provider the call is charged its whole reservation: never less than it may have cost.
    const usage = response.usage ?? {
      prompt_tokens: promptTokensEstimate,
      completion_tokens: input.max_completion_tokens,
    };
    const costMicros = response.usage
      ? callCostMicros(price, usage.prompt_tokens, usage.completion_tokens)
      : reservation.reservedMicros;
    const { remainingMicros } = await this.budget.settle(reservation, {
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      costMicros,
      latencyMs: Math.round(performance.now() - started),
      providerRequestId: response.requestId,
    });
    options.onProgress?.({ progress: 2, total: 2, message: 'Answered and priced' });
    return {
      text: response.text,
      model: response.model,
      cost: microsToUsd(costMicros),
      cost_micros: costMicros,
      usage: {
        prompt_tokens: usage.prompt_tokens,
        completion_tokens: usage.completion_tokens,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
      },
      remaining: microsToUsd(remainingMicros),
      remaining_micros: remainingMicros,
      request_id: response.requestId,
      call_id: reservation.id,
    };
  }

  async quotaStatus(principal: Principal): Promise<QuotaStatus> {
    requireScope(principal, 'llm:call');
    const state = await this.budget.state(callerOf(principal));
    const { limits, caller, tenant } = state;
    const tenantRemaining =
      limits.tenantMicros === null
        ? null
        : Math.max(0, limits.tenantMicros - tenant.reservedMicros - tenant.spentMicros);
    return {
      day: state.day,
      resets_at: toIso(state.resetsAt),
      limit: usdOrNull(limits.callerMicros),
      limit_micros: limits.callerMicros,
      spent: microsToUsd(caller.spentMicros),
      spent_micros: caller.spentMicros,
      reserved: microsToUsd(caller.reservedMicros),
      reserved_micros: caller.reservedMicros,
      remaining: microsToUsd(state.remainingMicros),
      remaining_micros: state.remainingMicros,
      tenant: {
        limit: usdOrNull(limits.tenantMicros),
        limit_micros: limits.tenantMicros,
        spent: microsToUsd(tenant.spentMicros),
        spent_micros: tenant.spentMicros,
        reserved: microsToUsd(tenant.reservedMicros),
        reserved_micros: tenant.reservedMicros,
        remaining: usdOrNull(tenantRemaining),
        remaining_micros: tenantRemaining,
      },
    };
  }

  /** The runbook's `SUM(est_cost) GROUP BY agent_id`, by agent, model or day, over UTC days. */
  async usage(principal: Principal, rawQuery: z.input<typeof usageQuerySchema>): Promise<UsageReport> {
    requireScope(principal, 'llm:call');
    const query = parseInput(usageQuerySchema, rawQuery);
    let tenantId: string | null;
    let caller: string | undefined;
    let scope: UsageReport['scope'];
    if (isOperator(principal)) {
      tenantId = query.tenant_id ?? null;
      scope = tenantId === null ? 'all_tenants' : 'tenant';
    } else {
      if (query.tenant_id !== undefined) requireTenant(principal, query.tenant_id);
      tenantId = principal.tenantId;
      caller = hasScope(principal, 'admin') ? undefined : principal.actor;
      scope = caller === undefined ? 'tenant' : 'caller';
    }
    const report = await this.deps.ledger.report({
      tenantId,
      caller,
      groupBy: query.group_by,
      from: query.from,
      to: query.to,
      limit: USAGE_REPORT_MAX_GROUPS,
    });
    return {
      group_by: query.group_by,
      from: query.from ?? null,
      to: query.to ?? null,
      scope,
      rows: report.rows.map((row) => ({
        group: row.group,
        calls: row.calls,
        settled_calls: row.settledCalls,
        failed_calls: row.failedCalls,
        in_flight_calls: row.inFlightCalls,
        prompt_tokens: row.promptTokens,
        completion_tokens: row.completionTokens,
        cost: microsToUsd(row.costMicros),
        cost_micros: row.costMicros,
      })),
      total: {
        calls: report.total.calls,
        cost: microsToUsd(report.total.costMicros),
        cost_micros: report.total.costMicros,
      },
      truncated: report.total.groups > report.rows.length,
    };
  }
}

/** The production wiring: SQLite ledger, the OpenAI provider from config, prices with SETTLD_PRICING_FILE. */
export function createLlmService(db: SqliteDatabase, config: LlmConfig, clock: Clock): LlmService {
  return new LlmService({
    ledger: new SqliteLlmLedgerRepository(db),
    provider: new OpenAiProvider({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
    }),
    prices: loadPriceTable(config.pricingFile),
    clock,
    tenantDailyLimitMicros: config.tenantDailyLimitMicros,
  });
}
