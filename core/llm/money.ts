/**
 * Money inside the LLM quota is integer micro-dollars (1 USD = 1,000,000 micros): prices, budgets
 * and costs add up exactly. USD numbers exist only at the view edge, for people to read.
 */
export const MICROS_PER_USD = 1_000_000;

export const microsToUsd = (micros: number): number => micros / MICROS_PER_USD;

/** USD from a person or a file, to micros; sub-micro fractions round to the nearest micro. */
export const usdToMicros = (usd: number): number => Math.round(usd * MICROS_PER_USD);

const TOKENS_PER_PRICE_UNIT = 1_000_000n;

/**
 * The cost of `tokens` at a price per million tokens, rounded UP to a whole micro so a priced call
 * is never cheaper than the provider's bill. BigInt keeps the product exact beyond 2^53.
 */
export function tokenCostMicros(lines: readonly { tokens: number; pricePerMillionMicros: number }[]): number {
  let numerator = 0n;
  for (const { tokens, pricePerMillionMicros } of lines) {
    numerator += BigInt(tokens) * BigInt(pricePerMillionMicros);
  }
  return Number((numerator + TOKENS_PER_PRICE_UNIT - 1n) / TOKENS_PER_PRICE_UNIT);
}
