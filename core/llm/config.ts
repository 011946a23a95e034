import { z } from 'zod';
import { envInt, optionalString, optionalUrl } from '../env.js';
import { usdToMicros } from './money.js';

const MAX_TENANT_DAILY_LIMIT_USD = 1_000_000;

const optionalUsd = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return null;
    const usd = Number(value);
    if (!Number.isFinite(usd) || usd < 0 || usd > MAX_TENANT_DAILY_LIMIT_USD) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a USD amount from 0 to ${MAX_TENANT_DAILY_LIMIT_USD}`,
      });
      return z.NEVER;
    }
    return usdToMicros(usd);
  });

/** The LLM variables, validated by `loadConfig` with the rest of the environment. */
export const llmEnvShape = {
  SETTLD_LLM_BASE_URL: optionalUrl,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalString,
  SETTLD_PRICING_FILE: optionalString,
  SETTLD_LLM_TIMEOUT_MS: envInt(60_000, 1_000, 600_000),
  SETTLD_LLM_MAX_RETRIES: envInt(2, 0, 10),
  SETTLD_TENANT_DAILY_LIMIT_USD: optionalUsd,
};

type LlmEnv = { [K in keyof typeof llmEnvShape]: z.output<(typeof llmEnvShape)[K]> };

export interface LlmConfig {
  /** OpenAI-compatible base URL (`…/v1`); undefined means the openai package's default (api.openai.com). */
  baseUrl: string | undefined;
  /** The provider's key. Missing is not a start-up error: a call then fails with LLM_PROVIDER_UNCONFIGURED. */
  apiKey: string | undefined;
  pricingFile: string | undefined;
  /** Per attempt; retries come on top. */
  timeoutMs: number;
  /** Retries on 408/409/429/5xx and connection errors, with exponential backoff (the openai package's). */
  maxRetries: number;
  /** Every tenant's daily LLM budget; null means no tenant-wide limit (each key's limit still applies). */
  tenantDailyLimitMicros: number | null;
}

export function llmConfigFrom(e: LlmEnv): LlmConfig {
  return {
    baseUrl: e.SETTLD_LLM_BASE_URL ?? e.OPENAI_BASE_URL,
    apiKey: e.OPENAI_API_KEY,
    pricingFile: e.SETTLD_PRICING_FILE,
    timeoutMs: e.SETTLD_LLM_TIMEOUT_MS,
    maxRetries: e.SETTLD_LLM_MAX_RETRIES,
    tenantDailyLimitMicros: e.SETTLD_TENANT_DAILY_LIMIT_USD,
  };
}
