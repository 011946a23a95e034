import { afterEach, expect, it } from 'vitest';
import { BUILTIN_PRICES, callCostMicros, PriceTable } from '../../core/llm/pricing.js';
import { countChatTokens } from '../../core/llm/tokens.js';
import { createHarness, type Harness, ledgerRows } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const CALLS = 500;
const COVERED_CALLS = 100;
const PROMPT = 'Summarise the change in one sentence.';
const MAX_COMPLETION_TOKENS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it(`spends at most the budget under ${CALLS} concurrent calls, and refuses only calls that did not fit`, async () => {
  const price = new PriceTable(BUILTIN_PRICES).resolve('gpt-4o-mini');
  const promptTokens = await countChatTokens([{ role: 'user', content: PROMPT }], price.encoding);
  const worstCase = callCostMicros(price, promptTokens, MAX_COMPLETION_TOKENS);
  const limitMicros = worstCase * COVERED_CALLS;

  harness = await createHarness({
    fake: {
      latencyMs: () => 1 + Math.floor(Math.random() * 20),
      // Anywhere from one token to all of them: settlements free budget at random moments.
      completionTokens: (max) => 1 + Math.floor(Math.random() * max),
    },
  });
  const h = harness;
  const { principal } = await h.principal({ agent_id: 'drill', daily_limit: limitMicros / 1_000_000 });

  const outcomes = await Promise.all(
    Array.from({ length: CALLS }, async () => {
      // Start within a second of each other, so reservations, answers and settlements interleave.
      await sleep(Math.random() * 1000);
      try {
        return {
          ok: true as const,
          result: await h.service.chat(principal, {
            prompt: PROMPT,
            model: 'gpt-4o-mini',
            max_completion_tokens: MAX_COMPLETION_TOKENS,
          }),
        };
      } catch (error) {
        return { ok: false as const, error: error as { code: string; details: Record<string, number> } };
      }
    }),
  );

  const answered = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.result] : []));
  const refused = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
  const spent = answered.reduce((sum, result) => sum + result.cost_micros, 0);

  // Zero overspend.
  expect(spent).toBeLessThanOrEqual(limitMicros);
  // Every refusal is a budget refusal, made when what was left (read inside the reservation's
  // transaction) could not cover this call's worst case.
  for (const error of refused) {
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.details.required_micros).toBe(worstCase);
    expect(error.details.remaining_micros).toBeLessThan(worstCase);
  }
  // At least the covered calls got through; settling below the worst case let more in.
  expect(answered.length).toBeGreaterThanOrEqual(COVERED_CALLS);
  expect(answered.length + refused.length).toBe(CALLS);

  // The books balance: nothing left reserved, the totals equal the ledger, the provider saw only the answered calls.
  const quota = await h.service.quotaStatus(principal);
  expect(quota.reserved_micros).toBe(0);
  expect(quota.spent_micros).toBe(spent);
  expect(quota.remaining_micros).toBe(limitMicros - spent);
  const rows = ledgerRows(h.db);
  expect(rows.filter((row) => row.status === 'settled')).toHaveLength(answered.length);
  expect(rows.filter((row) => row.status !== 'settled')).toHaveLength(0);
  expect(rows.reduce((sum, row) => sum + (row.cost_micros ?? 0), 0)).toBe(spent);
  expect(h.fake.chatRequests()).toHaveLength(answered.length);
});
