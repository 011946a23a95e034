import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { badRequest, SettldError } from '../errors.js';
import { tokenCostMicros, usdToMicros } from './money.js';
import type { TokenEncoding } from './tokens.js';

/** The price of one model, in integer micro-dollars per million tokens (standard tier, no batch/cache discount). */
export interface ModelPrice {
  inputPerMillionMicros: number;
  outputPerMillionMicros: number;
  /** The tokenizer its prompts are counted with before the call. */
  encoding: TokenEncoding;
}

/** A price as it applies to a call: which table entry priced the model the caller named. */
export interface ResolvedPrice extends ModelPrice {
  model: string;
  /** The table entry used: the model itself, or its family when the dated-snapshot rule applied. */
  priceModel: string;
}

const OPENAI_PRICING = 'https://platform.openai.com/docs/pricing';

const entry = (inputUsd: number, outputUsd: number, encoding: TokenEncoding): ModelPrice => ({
  inputPerMillionMicros: usdToMicros(inputUsd),
  outputPerMillionMicros: usdToMicros(outputUsd),
  encoding,
});

/**
 * Built-in prices: USD per 1M tokens, standard tier, as published on the OpenAI pricing page
 * (https://platform.openai.com/docs/pricing, also https://openai.com/api/pricing/). The figures are
 * the ones known as of August 2025 (after the GPT-5 launch on 2025-08-07); prices change, so an
 * operator pins the current ones with SETTLD_PRICING_FILE. Cached-input discounts are ignored on
 * purpose: charging the full input price can only over-count.
 */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08 (gpt-5 family launched 2025-08-07).
  'gpt-5': entry(1.25, 10, 'o200k_base'),
  'gpt-5-mini': entry(0.25, 2, 'o200k_base'),
  'gpt-5-nano': entry(0.05, 0.4, 'o200k_base'),
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08 (gpt-4.1 family launched 2025-04-14).
  'gpt-4.1': entry(2, 8, 'o200k_base'),
  'gpt-4.1-mini': entry(0.4, 1.6, 'o200k_base'),
  'gpt-4.1-nano': entry(0.1, 0.4, 'o200k_base'),
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08 (gpt-4o = the 2024-08-06 snapshot's price since 2024-10).
  'gpt-4o': entry(2.5, 10, 'o200k_base'),
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08: the first gpt-4o snapshot kept its launch price.
  'gpt-4o-2024-05-13': entry(5, 15, 'o200k_base'),
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08 (gpt-4o-mini launched 2024-07-18).
  'gpt-4o-mini': entry(0.15, 0.6, 'o200k_base'),
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08 (o3 after the 2025-06-10 price cut).
  o3: entry(2, 8, 'o200k_base'),
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08.
  'o3-mini': entry(1.1, 4.4, 'o200k_base'),
  'o4-mini': entry(1.1, 4.4, 'o200k_base'),
  o1: entry(15, 60, 'o200k_base'),
  // Source: https://platform.openai.com/docs/pricing, as of 2025-08 (legacy models, cl100k_base tokenizer).
  'gpt-4-turbo': entry(10, 30, 'cl100k_base'),
  'gpt-4': entry(30, 60, 'cl100k_base'),
  'gpt-3.5-turbo': entry(0.5, 1.5, 'cl100k_base'),
  'gpt-3.5-turbo-0125': entry(0.5, 1.5, 'cl100k_base'),
};

/** Where BUILTIN_PRICES come from, for people and for `quota`/`usage` views that cite the table. */
export const BUILTIN_PRICES_SOURCE = { url: OPENAI_PRICING, asOf: '2025-08' } as const;

/**
 * The only alias rule: `<family>-YYYY-MM-DD` (a dated snapshot, e.g. `gpt-4o-mini-2024-07-18`) is
 * priced as `<family>` when the table has no entry of its own. Nothing else is guessed: not the
 * older `-0613` style, not `-latest`, not fine-tunes (`ft:…`), never the closest or cheapest name.
 */
const DATED_SNAPSHOT = /^(?<family>.+)-(?<date>\d{4}-\d{2}-\d{2})$/;

const modelNameSchema = z.string().min(1).max(128).regex(/^\S+$/, 'a model name has no spaces');

const micros = z.number().int().nonnegative().max(1_000_000_000_000);

const pricingFileSchema = z.strictObject({
  replace: z
    .boolean()
    .default(false)
    .describe('true: the file is the whole table; false: it overrides entries'),
  models: z.record(
    modelNameSchema,
    z.strictObject({
      input_per_1m_micros: micros,
      output_per_1m_micros: micros,
      encoding: z.enum(['o200k_base', 'cl100k_base']).default('o200k_base'),
      source: z.string().max(500).optional(),
      as_of: z.string().max(40).optional(),
    }),
  ),
});

export type PricingFile = z.input<typeof pricingFileSchema>;

export class PriceTable {
  private readonly prices: ReadonlyMap<string, ModelPrice>;

  constructor(prices: Readonly<Record<string, ModelPrice>>) {
    this.prices = new Map(Object.entries(prices));
  }

  /** The price of `model`, or UNKNOWN_MODEL_PRICE: an unpriced model never reaches the provider. */
  resolve(model: string): ResolvedPrice {
    const exact = this.prices.get(model);
    if (exact) return { ...exact, model, priceModel: model };
    const family = DATED_SNAPSHOT.exec(model)?.groups?.family;
    const familyPrice = family === undefined ? undefined : this.prices.get(family);
    if (family !== undefined && familyPrice) return { ...familyPrice, model, priceModel: family };
    throw badRequest(
      'UNKNOWN_MODEL_PRICE',
      `No price is known for model "${model.slice(0, 128)}", so the call was refused; add it with SETTLD_PRICING_FILE`,
      { model: model.slice(0, 128), known_models: this.models() },
    );
  }

  models(): string[] {
    return [...this.prices.keys()].sort();
  }
}

/** Worst case before the call, or the actual cost after it: input and output tokens at the model's prices. */
export function callCostMicros(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return tokenCostMicros([
    { tokens: promptTokens, pricePerMillionMicros: price.inputPerMillionMicros },
    { tokens: completionTokens, pricePerMillionMicros: price.outputPerMillionMicros },
  ]);
}

/** The built-in table, with SETTLD_PRICING_FILE applied when set; a bad file stops start-up with its reason. */
export function loadPriceTable(pricingFile: string | undefined): PriceTable {
  if (pricingFile === undefined) return new PriceTable(BUILTIN_PRICES);
  const file = parsePricingFile(pricingFile);
  const overrides = Object.fromEntries(
    Object.entries(file.models).map(([model, price]) => [
      model,
      {
        inputPerMillionMicros: price.input_per_1m_micros,
        outputPerMillionMicros: price.output_per_1m_micros,
        encoding: price.encoding,
      },
    ]),
  );
  return new PriceTable(file.replace ? overrides : { ...BUILTIN_PRICES, ...overrides });
}

function parsePricingFile(path: string): z.output<typeof pricingFileSchema> {
  const invalid = (reason: string) =>
    new SettldError('PRICING_FILE_INVALID', 500, `SETTLD_PRICING_FILE (${path}): ${reason}`, { path });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalid(`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`is not JSON (${(error as Error).message})`);
  }
  const parsed = pricingFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw invalid(
      `expected {"models": {"<model>": {"input_per_1m_micros": int, "output_per_1m_micros": int}}}; ${lines.join('; ')}`,
    );
  }
  return parsed.data;
}
