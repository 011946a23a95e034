import { SettldError } from '../errors.js';

/*
 * The prepaid vault (the PrepaidVault contract of seed 002), as a port with two adapters: the
 * embedded one on SQLite (default) and the Soroban one. Amounts are integer units of the vault's
 * token (stroops on Stellar), never floats; times are epoch ms.
 */

/** The usage meters a run is budgeted and charged in. */
export const METERS = ['llmIn', 'llmOut', 'httpCalls', 'runtimeMs'] as const;
export type Meter = (typeof METERS)[number];
export type Meters = Record<Meter, number>;

export interface VaultPolicy {
  /** Largest escrow one run may hold; null: no cap. */
  perRunCap: number | null;
  /** Largest total escrowed by runs opened on one UTC day; null: no cap. */
  dailyCap: number | null;
  paused: boolean;
}

export interface RunnerGrant {
  user: string;
  runner: string;
  agentId: number;
  /** null: no expiry. */
  expiresAt: number | null;
  grantedAt: number;
}

export interface OpenRunRequest {
  user: string;
  /** The runner opening the run; it must hold an unexpired grant from `user` for `agentId`. */
  runner: string;
  agentId: number;
  rateVersion: number;
  budgets: Meters;
}

export interface FinalizeRunRequest {
  runId: number;
  runner: string;
  rateVersion: number;
  usage: Meters;
  /** sha-256 of the workload's output, hex. */
  outputHash: string;
}

/** What finalize returns: charge + refund = the escrow. */
export interface RunReceipt {
  runId: number;
  actualCharge: number;
  refund: number;
  /** The agent's developer account, paid the charge. */
  developer: string;
}

export type VaultRunStatus = 'open' | 'finalized' | 'cancelled';

export interface VaultRun {
  runId: number;
  user: string;
  runner: string;
  agentId: number;
  rateVersion: number;
  budgets: Meters;
  escrow: number;
  status: VaultRunStatus;
  /** Set when finalized. */
  receipt: RunReceipt | null;
  outputHash: string | null;
  openedAt: number;
}

/**
 * The vault. Every method fails with a VaultError named and numbered as the contract's errors.
 * `reference` makes `openRun` safe to repeat after a crash: the same reference opens at most one run,
 * and `findRunByReference` finds it (null when no run was opened with it).
 */
export interface VaultPort {
  readonly backend: 'embedded' | 'soroban';
  deposit(user: string, amount: number): Promise<number>;
  withdraw(user: string, amount: number): Promise<number>;
  balance(user: string): Promise<number>;
  setPolicy(user: string, policy: VaultPolicy): Promise<void>;
  getPolicy(user: string): Promise<VaultPolicy>;
  grantRunner(user: string, runner: string, agentId: number, expiresAt: number | null): Promise<RunnerGrant>;
  revokeRunner(user: string, runner: string, agentId: number): Promise<void>;
  listRunnerGrants(user: string): Promise<RunnerGrant[]>;
  isRunnerAuthorized(user: string, runner: string, agentId: number): Promise<boolean>;
  openRun(request: OpenRunRequest, reference: string): Promise<number>;
  findRunByReference(reference: string): Promise<number | null>;
  finalizeRun(request: FinalizeRunRequest): Promise<RunReceipt>;
  /** Full refund of the escrow. Allowed to the user, or to the runner that opened the run. */
  cancelRun(runId: number, caller: string): Promise<number>;
  getRun(runId: number): Promise<VaultRun>;
}

/** The contract's error enum: names and numbers are the contract's own (DESIGN §4). */
export const VAULT_ERRORS = {
  AlreadyInitialized: 1,
  NotInitialized: 2,
  Unauthorized: 3,
  InvalidAmount: 4,
  InsufficientBalance: 5,
  PolicyPaused: 6,
  PerRunCapExceeded: 7,
  DailyCapExceeded: 8,
  AgentRegistryNotSet: 9,
  AgentNotFound: 10,
  RunNotFound: 11,
  RunNotOpen: 12,
  UsageExceedsBudget: 13,
  InvalidRateVersion: 14,
  UnauthorizedRunner: 15,
  RunnerGrantExists: 16,
  RunnerGrantNotFound: 17,
} as const;
export type VaultErrorName = keyof typeof VAULT_ERRORS;

const STATUS: Record<VaultErrorName, number> = {
  AlreadyInitialized: 409,
  NotInitialized: 503,
  Unauthorized: 403,
  InvalidAmount: 400,
  InsufficientBalance: 402,
  PolicyPaused: 409,
  PerRunCapExceeded: 402,
  DailyCapExceeded: 402,
  AgentRegistryNotSet: 503,
  AgentNotFound: 404,
  RunNotFound: 404,
  RunNotOpen: 409,
  UsageExceedsBudget: 400,
  InvalidRateVersion: 400,
  UnauthorizedRunner: 403,
  RunnerGrantExists: 409,
  RunnerGrantNotFound: 404,
};

const MESSAGES: Record<VaultErrorName, string> = {
  AlreadyInitialized: 'The vault is already initialized',
  NotInitialized: 'The vault is not initialized',
  Unauthorized: 'The caller may not do this',
  InvalidAmount: 'The amount must be a positive whole number of units',
  InsufficientBalance: 'The balance does not cover this',
  PolicyPaused: "The user's vault policy is paused: no new runs",
  PerRunCapExceeded: "The run's escrow is over the user's per-run cap",
  DailyCapExceeded: "The run's escrow is over what the user's daily cap leaves today",
  AgentRegistryNotSet: 'The vault has no agent registry',
  AgentNotFound: 'No such agent in the registry',
  RunNotFound: 'No such run in the vault',
  RunNotOpen: 'The run is not open (already finalized or cancelled)',
  UsageExceedsBudget: 'The usage is over the budget the run was opened with',
  InvalidRateVersion: 'The agent has no rate card of this version',
  UnauthorizedRunner: 'The runner holds no valid grant from this user for this agent',
  RunnerGrantExists: 'The runner already holds this grant',
  RunnerGrantNotFound: 'No such grant',
};

/** A contract error: `code` is the contract's name (`UnauthorizedRunner`), `contractError` its number. */
export class VaultError extends SettldError {
  readonly contractError: number;

  constructor(name: VaultErrorName, details: Record<string, unknown> = {}, message = MESSAGES[name]) {
    super(name, STATUS[name], message, { ...details, contractError: VAULT_ERRORS[name] });
    this.name = 'VaultError';
    this.contractError = VAULT_ERRORS[name];
  }
}

/** The error a contract error number stands for (the Soroban adapter reads `Error(Contract, #N)`). */
export function vaultErrorFromNumber(number: number, details: Record<string, unknown> = {}): SettldError {
  const name = (Object.keys(VAULT_ERRORS) as VaultErrorName[]).find((key) => VAULT_ERRORS[key] === number);
  return name
    ? new VaultError(name, details)
    : new SettldError('VAULT_CONTRACT_ERROR', 502, `The vault contract failed with error #${number}`, {
        ...details,
        contractError: number,
      });
}

/** What a run may cost at most, and what it costs: the sum of meters × the rate card's prices. */
export function priceOf(meters: Meters, prices: Meters): number {
  return METERS.reduce((sum, meter) => sum + meters[meter] * prices[meter], 0);
}
