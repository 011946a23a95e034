import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';

const loadLlmConfig = (env: NodeJS.ProcessEnv) => loadConfig(env).llm;

describe('the LLM part of loadConfig', () => {
  it('has defaults that need nothing set, not even a provider key', () => {
    expect(loadLlmConfig({})).toEqual({
      baseUrl: undefined,
      apiKey: undefined,
      pricingFile: undefined,
      timeoutMs: 60_000,
      maxRetries: 2,
      tenantDailyLimitMicros: null,
    });
  });

  it('prefers SETTLD_LLM_BASE_URL over OPENAI_BASE_URL and reads the tenant limit in micros', () => {
    const config = loadLlmConfig({
      SETTLD_LLM_BASE_URL: 'http://127.0.0.1:8080/v1/',
      OPENAI_BASE_URL: 'https://api.openai.com/v1',
      OPENAI_API_KEY: 'sk-test',
      SETTLD_TENANT_DAILY_LIMIT_USD: '12.5',
      SETTLD_LLM_TIMEOUT_MS: '5000',
      SETTLD_LLM_MAX_RETRIES: '0',
    });
    expect(config).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080/v1',
      apiKey: 'sk-test',
      tenantDailyLimitMicros: 12_500_000,
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    expect(loadLlmConfig({ OPENAI_BASE_URL: 'https://example.test/v1' }).baseUrl).toBe(
      'https://example.test/v1',
    );
  });

  it('names every bad variable', () => {
    expect(() =>
      loadLlmConfig({
        SETTLD_LLM_BASE_URL: 'not a url',
        SETTLD_LLM_MAX_RETRIES: '99',
        SETTLD_TENANT_DAILY_LIMIT_USD: '-1',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        details: {
          variables: ['SETTLD_LLM_BASE_URL', 'SETTLD_LLM_MAX_RETRIES', 'SETTLD_TENANT_DAILY_LIMIT_USD'],
        },
      }),
    );
  });
});
