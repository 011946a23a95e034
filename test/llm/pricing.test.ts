import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_PRICES, callCostMicros, loadPriceTable, PriceTable } from '../../core/llm/pricing.js';
import { countChatTokens } from '../../core/llm/tokens.js';

const table = new PriceTable(BUILTIN_PRICES);

describe('PriceTable.resolve', () => {
  it('prices the common OpenAI models in micro-dollars per million tokens', () => {
    expect(table.resolve('gpt-4o-mini')).toMatchObject({
      inputPerMillionMicros: 150_000,
      outputPerMillionMicros: 600_000,
      encoding: 'o200k_base',
    });
    expect(table.resolve('gpt-5')).toMatchObject({
      inputPerMillionMicros: 1_250_000,
      outputPerMillionMicros: 10_000_000,
    });
    expect(table.resolve('gpt-3.5-turbo')).toMatchObject({ encoding: 'cl100k_base' });
    for (const price of Object.values(BUILTIN_PRICES)) {
      expect(Number.isSafeInteger(price.inputPerMillionMicros)).toBe(true);
      expect(Number.isSafeInteger(price.outputPerMillionMicros)).toBe(true);
    }
  });

  it('prices a dated snapshot as its family, unless the snapshot has its own entry', () => {
    expect(table.resolve('gpt-4o-mini-2024-07-18')).toMatchObject({
      priceModel: 'gpt-4o-mini',
      inputPerMillionMicros: 150_000,
    });
    expect(table.resolve('gpt-4o-2024-08-06')).toMatchObject({
      priceModel: 'gpt-4o',
      inputPerMillionMicros: 2_500_000,
    });
    expect(table.resolve('gpt-4o-2024-05-13')).toMatchObject({
      priceModel: 'gpt-4o-2024-05-13',
      inputPerMillionMicros: 5_000_000,
    });
    expect(table.resolve('o3-2025-04-16')).toMatchObject({ priceModel: 'o3' });
  });

  it('refuses every other name rather than guess', () => {
    for (const model of [
      'gpt-4o-latest',
      'chatgpt-4o-latest',
      'gpt-3.5-turbo-1106',
      'gpt-4o-mini-2024-07',
      'ft:gpt-4o-mini:acme::abc',
      'GPT-4o-mini',
      'gpt-4o-mini ',
      'gpt-6',
      'unknown-2025-01-01',
    ]) {
      expect(() => table.resolve(model), model).toThrow(
        expect.objectContaining({ code: 'UNKNOWN_MODEL_PRICE', status: 400 }),
      );
    }
  });
});

describe('callCostMicros', () => {
  it('rounds up to the next whole micro', () => {
    const mini = table.resolve('gpt-4o-mini');
    expect(callCostMicros(mini, 0, 0)).toBe(0);
    expect(callCostMicros(mini, 1, 0)).toBe(1); // 0.15 micros
    expect(callCostMicros(mini, 1234, 567)).toBe(526); // 525.3
    expect(callCostMicros(mini, 1_000_000, 1_000_000)).toBe(750_000);
  });

  it('is never below the exact cost and less than one micro above it, even past 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        (prompt, completion, inPrice, outPrice) => {
          const cost = callCostMicros(
            { inputPerMillionMicros: inPrice, outputPerMillionMicros: outPrice, encoding: 'o200k_base' },
            prompt,
            completion,
          );
          const exact = BigInt(prompt) * BigInt(inPrice) + BigInt(completion) * BigInt(outPrice);
          expect(BigInt(cost) * 1_000_000n >= exact).toBe(true);
          expect((BigInt(cost) - 1n) * 1_000_000n < exact || cost === 0).toBe(true);
        },
      ),
    );
  });
});

describe('SETTLD_PRICING_FILE', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'settld-pricing-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (content: string) => {
    const path = join(dir, 'prices.json');
    writeFileSync(path, content);
    return path;
  };

  it('overrides and adds entries on top of the built-in table', () => {
    const prices = loadPriceTable(
      write(
        JSON.stringify({
          models: {
            'gpt-4o-mini': {
              input_per_1m_micros: 200_000,
              output_per_1m_micros: 800_000,
              as_of: '2026-01-01',
            },
            'llama-3.1-8b': { input_per_1m_micros: 0, output_per_1m_micros: 0, encoding: 'cl100k_base' },
          },
        }),
      ),
    );
    expect(prices.resolve('gpt-4o-mini').inputPerMillionMicros).toBe(200_000);
    expect(prices.resolve('llama-3.1-8b')).toMatchObject({
      outputPerMillionMicros: 0,
      encoding: 'cl100k_base',
    });
    expect(prices.resolve('gpt-4.1').inputPerMillionMicros).toBe(2_000_000);
  });

  it('replaces the table when asked', () => {
    const prices = loadPriceTable(
      write(
        JSON.stringify({
          replace: true,
          models: { only: { input_per_1m_micros: 1, output_per_1m_micros: 2 } },
        }),
      ),
    );
    expect(prices.models()).toEqual(['only']);
    expect(() => prices.resolve('gpt-4o')).toThrow(expect.objectContaining({ code: 'UNKNOWN_MODEL_PRICE' }));
  });

  it('stops with a message naming the file and the bad field', () => {
    const badField = write(
      JSON.stringify({ models: { m: { input_per_1m_micros: 1.5, output_per_1m_micros: 2 } } }),
    );
    expect(() => loadPriceTable(badField)).toThrow(
      expect.objectContaining({
        code: 'PRICING_FILE_INVALID',
        message: expect.stringMatching(/prices\.json.*models\.m\.input_per_1m_micros/s),
      }),
    );
    const notJson = write('{ models: ');
    expect(() => loadPriceTable(notJson)).toThrow(/is not JSON/);
    const unknownKey = write(JSON.stringify({ models: {}, currency: 'EUR' }));
    expect(() => loadPriceTable(unknownKey)).toThrow(/currency/);
    expect(() => loadPriceTable(join(dir, 'missing.json'))).toThrow(/cannot be read \(ENOENT\)/);
  });
});

describe('countChatTokens', () => {
  it("counts OpenAI's chat framing on top of the text, per encoding", async () => {
    const messages = [{ role: 'user' as const, content: 'Explain this code' }];
    // 3 to prime the reply + 3 around the message + "user" (1) + the text.
    expect(await countChatTokens(messages, 'o200k_base')).toBe(3 + 3 + 1 + 3);
    expect(await countChatTokens([], 'cl100k_base')).toBe(3);
  });

  it('counts special-token text as plain text instead of failing', async () => {
    const tokens = await countChatTokens([{ role: 'user', content: 'a <|endoftext|> b' }], 'o200k_base');
    expect(tokens).toBeGreaterThan(8);
  });
});
