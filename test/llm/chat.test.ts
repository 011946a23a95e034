import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATOR } from '../../core/auth/authenticator.js';
import { LlmService } from '../../core/llm/llm-service.js';
import { SqliteLlmLedgerRepository } from '../../core/llm/ledger-repository.js';
import { OpenAiProvider } from '../../core/llm/openai-provider.js';
import { BUILTIN_PRICES, PriceTable } from '../../core/llm/pricing.js';
import { chatInputSchema } from '../../core/llm/schemas.js';
import { createHarness, failure, type Harness, ledgerRows, PROVIDER_KEY } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(options: Parameters<typeof createHarness>[0] = {}) {
  harness = await createHarness(options);
  return harness;
}

describe('LlmService.chat against a loopback OpenAI-compatible provider', () => {
  it('prices the call from the provider usage, records it, and charges the key', async () => {
    const h = await setup({ fake: { usage: () => ({ prompt_tokens: 1234, completion_tokens: 567 }) } });
    const { principal } = await h.principal({ agent_id: 'claude-agent-1', daily_limit: 100 });

    const result = await h.service.chat(principal, { prompt: 'Explain this code', model: 'gpt-4o-mini' });

    // gpt-4o-mini: $0.15 / $0.60 per 1M → 1234 × 0.15 + 567 × 0.60 = 525.3 micros, rounded up.
    expect(result.cost_micros).toBe(526);
    expect(result.cost).toBe(0.000526);
    expect(result.usage).toEqual({ prompt_tokens: 1234, completion_tokens: 567, total_tokens: 1801 });
    expect(result.text).toContain('Explain this code');
    expect(result.request_id).toMatch(/^req_fake_/);
    expect(result.remaining_micros).toBe(100_000_000 - 526);

    const [row] = ledgerRows(h.db);
    expect(row).toMatchObject({
      status: 'settled',
      agent_id: 'claude-agent-1',
      key_id: principal.keyId,
      model: 'gpt-4o-mini',
      prompt_tokens: 1234,
      completion_tokens: 567,
      cost_micros: 526,
      provider_request_id: result.request_id,
    });
    expect(row!.reserved_micros).toBeGreaterThanOrEqual(1024 * 0.6);

    const quota = await h.service.quotaStatus(principal);
    expect(quota).toMatchObject({
      limit: 100,
      spent_micros: 526,
      reserved_micros: 0,
      remaining_micros: 100_000_000 - 526,
    });
    expect(quota.resets_at).toBe('2026-03-02T00:00:00.000Z');
  });

  it('sends the request the provider expects, with the provider key only in the Authorization header', async () => {
    const h = await setup();
    const { principal } = await h.principal();
    await h.service.chat(principal, {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      model: 'gpt-4.1-nano',
      max_completion_tokens: 50,
    });
    const [request] = h.fake.chatRequests();
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(request!.body).toMatchObject({ model: 'gpt-4.1-nano', max_completion_tokens: 50 });
    expect(request!.body!.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('reserves exactly the prompt the provider bills when the chat framing matches', async () => {
    const h = await setup({ fake: { completionTokens: (max) => max } });
    const { principal } = await h.principal();
    const result = await h.service.chat(principal, { prompt: 'Count me', max_completion_tokens: 10 });
    const [row] = ledgerRows(h.db);
    // The fake bills like OpenAI; taking every completion token, the actual cost is the worst case.
    expect(row!.cost_micros).toBe(row!.reserved_micros);
    expect(result.cost_micros).toBe(row!.reserved_micros);
  });

  it('refuses an unknown model before any request leaves, and records nothing', async () => {
    const h = await setup();
    const { principal } = await h.principal();
    for (const model of ['gpt-unknown', 'gpt-4o-mini-latest', 'ft:gpt-4o-mini:acme::x1', 'GPT-4O']) {
      const error = await failure(h.service.chat(principal, { prompt: 'hi', model }));
      expect(error).toMatchObject({ code: 'UNKNOWN_MODEL_PRICE', status: 400 });
    }
    expect(h.fake.requests).toHaveLength(0);
    expect(ledgerRows(h.db)).toHaveLength(0);
  });

  it('prices a dated snapshot as its family, and answers with the model the provider names', async () => {
    const h = await setup({ fake: { usage: () => ({ prompt_tokens: 1_000_000, completion_tokens: 0 }) } });
    const { principal } = await h.principal({ daily_limit: 10 });
    const result = await h.service.chat(principal, { prompt: 'hi', model: 'gpt-4o-mini-2024-07-18' });
    expect(result.cost_micros).toBe(150_000);
    expect(result.model).toBe('gpt-4o-mini-2024-07-18');
    expect(ledgerRows(h.db)[0]).toMatchObject({
      model: 'gpt-4o-mini-2024-07-18',
      price_model: 'gpt-4o-mini',
    });
  });

  it('maps a provider 500 to LLM_PROVIDER_ERROR with its status, after the retries, and gives the reservation back', async () => {
    const h = await setup({ fake: { retryAfterMs: 1 } });
    const { principal } = await h.principal({ daily_limit: 1 });
    h.fake.failNext(500, 500, 500);

    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));

    expect(error).toMatchObject({ code: 'LLM_PROVIDER_ERROR', status: 502 });
    expect(error.details).toMatchObject({ providerStatus: 500, reason: 'status', providerCode: 'fake_500' });
    expect(h.fake.chatRequests()).toHaveLength(3); // the first try and maxRetries = 2
    expect(ledgerRows(h.db)[0]).toMatchObject({
      status: 'failed',
      provider_status: 500,
      error_code: 'LLM_PROVIDER_ERROR',
    });
    const quota = await h.service.quotaStatus(principal);
    expect(quota).toMatchObject({ spent_micros: 0, reserved_micros: 0, remaining_micros: 1_000_000 });
  });

  it('retries a 429 and succeeds on the next attempt', async () => {
    const h = await setup({ fake: { retryAfterMs: 1 } });
    const { principal } = await h.principal();
    h.fake.failNext(429, 429);
    const result = await h.service.chat(principal, { prompt: 'hi' });
    expect(result.text).toContain('hi');
    expect(h.fake.chatRequests()).toHaveLength(3);
    expect(ledgerRows(h.db)[0]!.status).toBe('settled');
  });

  it('does not retry a 400: it is the request that is wrong', async () => {
    const h = await setup({ fake: { retryAfterMs: 1 } });
    const { principal } = await h.principal();
    h.fake.failNext(400);
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(error.details).toMatchObject({ providerStatus: 400 });
    expect(h.fake.chatRequests()).toHaveLength(1);
  });

  it('waits no longer than the cap when the provider asks for a long Retry-After', async () => {
    const h = await setup({ fake: { retryAfterMs: 3_600_000 }, provider: { maxRetryDelayMs: 20 } });
    const { principal } = await h.principal();
    h.fake.failNext(429);
    const started = Date.now();
    await h.service.chat(principal, { prompt: 'hi' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(h.fake.chatRequests()).toHaveLength(2);
  });

  it('releases the reservation when the caller aborts mid-call', async () => {
    const h = await setup({ fake: { latencyMs: 5_000 } });
    const { principal } = await h.principal();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await failure(h.service.chat(principal, { prompt: 'hi' }, { signal: controller.signal }));

    expect(error).toMatchObject({ code: 'LLM_CALL_ABORTED' });
    expect(ledgerRows(h.db)[0]).toMatchObject({ status: 'released', error_code: 'LLM_CALL_ABORTED' });
    expect(await h.service.quotaStatus(principal)).toMatchObject({ spent_micros: 0, reserved_micros: 0 });
  });

  it('gives back what a crashed process held once its call can no longer be running', async () => {
    const h = await setup();
    const { principal } = await h.principal({ daily_limit: 1 });
    // What a process that died mid-call leaves behind: a reservation that is never settled.
    const crashed = new SqliteLlmLedgerRepository(h.db);
    const leftOpen = (id: string) =>
      crashed.reserve(
        {
          id,
          tenantId: principal.tenantId!,
          caller: principal.actor,
          keyId: principal.keyId ?? null,
          agentId: 'agent',
          model: 'gpt-4o-mini',
          priceModel: 'gpt-4o-mini',
          day: '2026-03-01',
          promptTokensEstimate: 10,
          maxCompletionTokens: 1000,
          reservedMicros: 400_000,
          createdAt: h.clock.now(),
        },
        () => undefined,
      );
    await leftOpen('llm_crashed');
    expect(await h.service.quotaStatus(principal)).toMatchObject({ reserved_micros: 400_000 });

    // Ten minutes on: longer than 3 attempts × 10 s + 2 waits + the margin, but a newer one stays.
    h.clock.advance(9 * 60_000);
    await leftOpen('llm_recent');
    h.clock.advance(60_000);
    expect(await h.service.quotaStatus(principal)).toMatchObject({
      reserved_micros: 400_000,
      spent_micros: 0,
    });
    expect(ledgerRows(h.db).find((row) => row.id === 'llm_crashed')).toMatchObject({
      status: 'failed',
      error_code: 'LLM_CALL_ABANDONED',
    });
    expect(ledgerRows(h.db).find((row) => row.id === 'llm_recent')).toMatchObject({ status: 'reserved' });
  });

  it('reserves nothing and sends nothing when the signal has already fired', async () => {
    const h = await setup();
    const { principal } = await h.principal();
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: 'LLM_CALL_ABORTED' });
    expect(h.fake.requests).toHaveLength(0);
    expect(ledgerRows(h.db)).toHaveLength(0);
  });

  it('charges the whole reservation when the provider reports no usage', async () => {
    const h = await setup({ fake: { omitUsage: true } });
    const { principal } = await h.principal();
    const result = await h.service.chat(principal, { prompt: 'hi', max_completion_tokens: 100 });
    const [row] = ledgerRows(h.db);
    expect(result.cost_micros).toBe(row!.reserved_micros);
    expect(row!.cost_micros).toBe(row!.reserved_micros);
  });

  it('charges the whole reservation when the usage it reports is not token counts', async () => {
    const h = await setup({ fake: { usage: () => ({ prompt_tokens: -1, completion_tokens: 1.5 }) } });
    const { principal } = await h.principal();
    const result = await h.service.chat(principal, { prompt: 'hi', max_completion_tokens: 100 });
    const [row] = ledgerRows(h.db);
    expect(row).toMatchObject({
      status: 'settled',
      cost_micros: row!.reserved_micros,
      completion_tokens: 100,
    });
    expect(result.cost_micros).toBe(row!.reserved_micros);
  });

  it('reports progress once reserved and once answered', async () => {
    const h = await setup();
    const { principal } = await h.principal();
    const seen: number[] = [];
    await h.service.chat(principal, { prompt: 'hi' }, { onProgress: (p) => seen.push(p.progress) });
    expect(seen).toEqual([1, 2]);
  });
});

describe('the provider key never leaves in an error', () => {
  it('is redacted from a provider message that echoes it', async () => {
    const h = await setup({
      fake: {
        errorMessage: (request) => `Incorrect API key provided: ${String(request.headers.authorization)}`,
      },
    });
    const { principal } = await h.principal();
    h.fake.failNext(401);
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(error).toMatchObject({ code: 'LLM_PROVIDER_ERROR', details: { providerStatus: 401 } });
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${JSON.stringify(error.details)}`;
    expect(everything).not.toContain(PROVIDER_KEY);
    expect(everything).not.toContain('FAKEPROVIDERKEY');
    expect(String((error.details as Record<string, unknown>).providerMessage)).toContain('[REDACTED]');
  });

  it('is absent from connection and timeout errors', async () => {
    const h = await setup({ fake: { latencyMs: 2_000 }, provider: { timeoutMs: 1_000, maxRetries: 0 } });
    const { principal } = await h.principal();
    const timeout = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(timeout).toMatchObject({
      code: 'LLM_PROVIDER_ERROR',
      details: { reason: 'timeout', providerStatus: null },
    });

    const closed = new LlmService({
      ledger: new SqliteLlmLedgerRepository(h.db),
      provider: new OpenAiProvider({
        baseUrl: 'http://127.0.0.1:9/v1',
        apiKey: PROVIDER_KEY,
        timeoutMs: 2_000,
        maxRetries: 0,
      }),
      prices: new PriceTable(BUILTIN_PRICES),
      clock: h.clock,
      tenantDailyLimitMicros: null,
    });
    const refused = await failure(closed.chat(principal, { prompt: 'hi' }));
    expect(refused).toMatchObject({ code: 'LLM_PROVIDER_ERROR', details: { reason: 'connection' } });
    for (const error of [timeout, refused]) {
      expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toContain(PROVIDER_KEY);
    }
    expect(await h.service.quotaStatus(principal)).toMatchObject({ reserved_micros: 0, spent_micros: 0 });
  });
});

describe('who may call', () => {
  it('refuses with LLM_PROVIDER_UNCONFIGURED at call time when OPENAI_API_KEY is missing', async () => {
    const h = await setup({ provider: { apiKey: undefined } });
    const { principal } = await h.principal();
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(error).toMatchObject({ code: 'LLM_PROVIDER_UNCONFIGURED', status: 503 });
    expect(ledgerRows(h.db)).toHaveLength(0);
  });

  it('stops a key revoked after authentication inside the reservation', async () => {
    const h = await setup();
    const { principal, key } = await h.principal();
    await h.keys.revoke(OPERATOR, key);
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(error).toMatchObject({ code: 'API_KEY_REVOKED', status: 401 });
    expect(h.fake.requests).toHaveLength(0);
    expect(ledgerRows(h.db)).toHaveLength(0);
  });

  it('stops a key that expired after authentication', async () => {
    const h = await setup();
    const { principal } = await h.principal({ expires_in_days: 1 });
    h.clock.advance(86_400_000);
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(error).toMatchObject({ code: 'API_KEY_EXPIRED', status: 401 });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('needs the llm:call scope', async () => {
    const h = await setup();
    const { principal } = await h.principal({ scopes: ['intents:read'] });
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('refuses the operator token, which belongs to no tenant', async () => {
    const h = await setup();
    const error = await failure(h.service.chat(OPERATOR, { prompt: 'hi' }));
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('refuses a key without daily_limit when no tenant limit covers it', async () => {
    const h = await setup();
    const { principal } = await h.principal({ daily_limit: undefined });
    const error = await failure(h.service.chat(principal, { prompt: 'hi' }));
    expect(error).toMatchObject({ code: 'NO_LLM_BUDGET', status: 403 });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('lets a key without daily_limit spend under the tenant limit', async () => {
    const h = await setup({ tenantLimitMicros: 1_000_000 });
    const { principal } = await h.principal({ daily_limit: undefined });
    await h.service.chat(principal, { prompt: 'hi' });
    const quota = await h.service.quotaStatus(principal);
    expect(quota.limit).toBeNull();
    expect(quota.tenant.spent_micros).toBeGreaterThan(0);
    expect(quota.remaining_micros).toBe(1_000_000 - quota.tenant.spent_micros);
  });
});

describe('budgets', () => {
  it('refuses a call whose worst case does not fit, with remaining and resetsAt', async () => {
    const h = await setup();
    // gpt-4o: 1024 output tokens alone are $0.01024; the key has $0.01.
    const { principal } = await h.principal({ daily_limit: 0.01 });
    const error = await failure(h.service.chat(principal, { prompt: 'hi', model: 'gpt-4o' }));
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', status: 402 });
    expect(error.details).toMatchObject({
      scope: 'key',
      remaining: 0.01,
      remaining_micros: 10_000,
      resetsAt: '2026-03-02T00:00:00.000Z',
      retryAfterSeconds: 12 * 3600,
    });
    expect((error.details as Record<string, number>).required_micros).toBeGreaterThan(10_000);
    expect(error.headers).toEqual({ 'Retry-After': String(12 * 3600) });
    expect(h.fake.requests).toHaveLength(0);
    // A smaller answer fits.
    await expect(
      h.service.chat(principal, { prompt: 'hi', model: 'gpt-4o', max_completion_tokens: 500 }),
    ).resolves.toBeDefined();
  });

  it('applies the tenant limit across keys, naming the tenant as the binding budget', async () => {
    const h = await setup({ tenantLimitMicros: 1_000, fake: { completionTokens: 1000 } });
    const first = await h.principal({ daily_limit: 1 });
    const second = await h.principal({ daily_limit: 1 });
    // gpt-4o-mini, 1000 output tokens: ≤ $0.0006 + a few input tokens.
    await h.service.chat(first.principal, { prompt: 'hi', max_completion_tokens: 1000 });
    const error = await failure(
      h.service.chat(second.principal, { prompt: 'hi', max_completion_tokens: 1000 }),
    );
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { scope: 'tenant' } });
    const quota = await h.service.quotaStatus(second.principal);
    expect(quota.spent_micros).toBe(0);
    expect(quota.tenant.limit_micros).toBe(1_000);
    expect(quota.tenant.spent_micros).toBeGreaterThan(600);
    expect(quota.remaining_micros).toBe(quota.tenant.remaining_micros);
  });
});

describe('chat input', () => {
  it('takes exactly one of prompt or messages', async () => {
    const h = await setup();
    const { principal } = await h.principal();
    const both = await failure(
      h.service.chat(principal, { prompt: 'a', messages: [{ role: 'user', content: 'b' }] }),
    );
    expect(both).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    const neither = await failure(h.service.chat(principal, {}));
    expect(neither).toMatchObject({ code: 'INVALID_INPUT' });
    const tooMany = await failure(h.service.chat(principal, { prompt: 'a', max_completion_tokens: 128_001 }));
    expect(tooMany).toMatchObject({ code: 'INVALID_INPUT' });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('has a plain object JSON Schema root, as MCP hosts require', () => {
    const json = z.toJSONSchema(chatInputSchema, { io: 'input' }) as Record<string, unknown>;
    expect(json.type).toBe('object');
    expect(json).not.toHaveProperty('anyOf');
    expect(json).not.toHaveProperty('oneOf');
    expect(json).not.toHaveProperty('allOf');
    expect(Object.keys(json.properties as object)).toEqual([
      'prompt',
      'messages',
      'model',
      'max_completion_tokens',
    ]);
  });
});
