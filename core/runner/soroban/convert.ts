import { SettldError } from '../../errors.js';
import type { RateCard } from '../agent-registry.js';
import { type Meter, type Meters, METERS, VaultError } from '../vault.js';
import type { NativeMeters, NativePrices } from './contract-spec.js';

/*
 * The port speaks numbers (amounts in units, times in epoch ms); the contracts speak i128, u64 and
 * u32 (times in seconds). Every crossing is checked: a ledger value a JS number can not hold exactly
 * is an error, never a silently rounded amount.
 */

const U32_MAX = 0xffff_ffff;

const CONTRACT_METER: Record<Meter, keyof NativeMeters> = {
  llmIn: 'llm_in',
  llmOut: 'llm_out',
  httpCalls: 'http_calls',
  runtimeMs: 'runtime_ms',
};

export function invalidArgument(name: string, expected: string): SettldError {
  return new SettldError('VAULT_INVALID_ARGUMENT', 400, `${name} must be ${expected}`, { argument: name });
}

/** An amount for the contract. Whole units only; the contract itself rejects amounts ≤ 0. */
export function toI128(amount: number, name: string): bigint {
  if (!Number.isSafeInteger(amount)) throw new VaultError('InvalidAmount', { [name]: amount });
  return BigInt(amount);
}

/** An integer of the ledger as a number; beyond ±(2^53 − 1) it would be silently wrong, so it throws. */
export function toSafeNumber(value: bigint | number, name: string): number {
  if (typeof value === 'number') return value;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SettldError(
      'VAULT_AMOUNT_OUT_OF_RANGE',
      502,
      `The ledger's ${name} (${value}) is beyond the integers this service represents exactly (±2^53 − 1)`,
      { [name]: value.toString() },
    );
  }
  return Number(value);
}

export function toU32(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw invalidArgument(name, `a whole number from 0 to ${U32_MAX}`);
  }
  return value;
}

export function toU64(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument(name, 'a whole number ≥ 0');
  return BigInt(value);
}

/** Epoch ms → the ledger's u64 seconds, rounded down: a grant never outlives the time it was given. */
export function toLedgerSeconds(ms: number, name: string): bigint {
  if (!Number.isSafeInteger(ms) || ms < 0) throw invalidArgument(name, 'an epoch time in ms ≥ 0');
  return BigInt(Math.floor(ms / 1000));
}

export function fromLedgerSeconds(seconds: bigint, name: string): number {
  return toSafeNumber(seconds * 1000n, name);
}

export function toContractMeters(meters: Meters, name: string): NativeMeters {
  const native = {} as NativeMeters;
  for (const meter of METERS) {
    const value = meters[meter];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new VaultError(
        'InvalidAmount',
        { [name]: meters },
        `${name}.${meter} must be a whole number ≥ 0`,
      );
    }
    native[CONTRACT_METER[meter]] = BigInt(value);
  }
  return native;
}

export function fromContractMeters(native: NativeMeters | NativePrices, name: string): Meters {
  const meters = {} as Meters;
  for (const meter of METERS) meters[meter] = toSafeNumber(native[CONTRACT_METER[meter]], `${name}.${meter}`);
  return meters;
}

export function fromContractRateCards(cards: [number, NativePrices][]): RateCard[] {
  return cards
    .map(([version, prices]) => ({ version, prices: fromContractMeters(prices, `rate card ${version}`) }))
    .sort((a, b) => a.version - b.version);
}

/** The output hash: 64 hex digits (sha-256) ↔ the contract's BytesN<32>. */
export function toHashBytes(hex: string, name: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw invalidArgument(name, 'a sha-256 hash in hex (64 digits)');
  return Buffer.from(hex, 'hex');
}
