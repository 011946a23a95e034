import { rpc } from '@stellar/stellar-sdk';
import { SettldError } from '../../errors.js';
import type {
  FinalizeRunRequest,
  OpenRunRequest,
  RunnerGrant,
  RunReceipt,
  VaultPolicy,
  VaultPort,
  VaultRun,
  VaultRunStatus,
} from '../vault.js';
import { SorobanConnection } from './connection.js';
import { ContractClient } from './contract-client.js';
import {
  type NativePolicy,
  type NativeRun,
  type NativeRunnerGrant,
  type NativeRunReceipt,
  type NativeRunStatus,
  VAULT_SPEC,
} from './contract-spec.js';
import {
  fromContractMeters,
  fromLedgerSeconds,
  toContractMeters,
  toHashBytes,
  toI128,
  toLedgerSeconds,
  toSafeNumber,
  toU32,
  toU64,
} from './convert.js';
import type { ReferenceStore, SorobanVaultOptions } from './options.js';

const STATUS: Record<NativeRunStatus, VaultRunStatus> = {
  Open: 'open',
  Finalized: 'finalized',
  Cancelled: 'cancelled',
};

function toGrant(grant: NativeRunnerGrant): RunnerGrant {
  return {
    user: grant.user,
    runner: grant.runner,
    agentId: grant.agent_id,
    expiresAt: grant.expires_at === null ? null : fromLedgerSeconds(grant.expires_at, 'expiresAt'),
    grantedAt: fromLedgerSeconds(grant.granted_at, 'grantedAt'),
  };
}

function toReceipt(receipt: NativeRunReceipt): RunReceipt {
  return {
    runId: toSafeNumber(receipt.run_id, 'runId'),
    actualCharge: toSafeNumber(receipt.actual_charge, 'actualCharge'),
    refund: toSafeNumber(receipt.refund, 'refund'),
    developer: receipt.developer,
  };
}

function toCap(cap: number | null, name: string): bigint | null {
  if (cap === null) return null;
  return toI128(cap, name);
}

/**
 * The PrepaidVault contract on Soroban. Reads are simulations; writes are transactions signed with
 * RUNNER_SECRET whose results are read from the ledger. On chain, the user signs their own deposits,
 * withdrawals, policy and grants (`require_auth`): the runner can sign those only for its own account.
 */
export class SorobanVault implements VaultPort {
  readonly backend = 'soroban' as const;
  /** The runner's address (the public key of RUNNER_SECRET). */
  readonly runner: string;
  private readonly connection: SorobanConnection;
  private readonly vault: ContractClient;
  private readonly references: ReferenceStore;

  constructor(options: SorobanVaultOptions) {
    this.connection = new SorobanConnection(options);
    this.runner = this.connection.runner;
    this.vault = new ContractClient(this.connection, options.contractId, VAULT_SPEC, 'RUNNER_CONTRACT_ID');
    this.references = options.referenceStore;
  }

  async deposit(user: string, amount: number): Promise<number> {
    this.requireUserSignature(user, 'deposit');
    const balance = await this.vault.write<bigint>('deposit', { user, amount: toI128(amount, 'amount') });
    return toSafeNumber(balance, 'balance');
  }

  async withdraw(user: string, amount: number): Promise<number> {
    this.requireUserSignature(user, 'withdraw');
    const balance = await this.vault.write<bigint>('withdraw', { user, amount: toI128(amount, 'amount') });
    return toSafeNumber(balance, 'balance');
  }

  async balance(user: string): Promise<number> {
    return toSafeNumber(await this.vault.read<bigint>('balance', { user }), 'balance');
  }

  async setPolicy(user: string, policy: VaultPolicy): Promise<void> {
    this.requireUserSignature(user, 'set_policy');
    await this.vault.write('set_policy', {
      user,
      per_run_cap: toCap(policy.perRunCap, 'perRunCap'),
      daily_cap: toCap(policy.dailyCap, 'dailyCap'),
      paused: policy.paused,
    });
  }

  async getPolicy(user: string): Promise<VaultPolicy> {
    const policy = await this.vault.read<NativePolicy>('get_policy', { user });
    return {
      perRunCap: policy.per_run_cap === null ? null : toSafeNumber(policy.per_run_cap, 'perRunCap'),
      dailyCap: policy.daily_cap === null ? null : toSafeNumber(policy.daily_cap, 'dailyCap'),
      paused: policy.paused,
    };
  }

  /** `expiresAt` is kept in whole seconds on chain (rounded down): the grant read back says so. */
  async grantRunner(
    user: string,
    runner: string,
    agentId: number,
    expiresAt: number | null,
  ): Promise<RunnerGrant> {
    this.requireUserSignature(user, 'grant_runner');
    const grant = await this.vault.write<NativeRunnerGrant>('grant_runner', {
      user,
      runner,
      agent_id: toU32(agentId, 'agentId'),
      expires_at: expiresAt === null ? null : toLedgerSeconds(expiresAt, 'expiresAt'),
    });
    return toGrant(grant);
  }

  async revokeRunner(user: string, runner: string, agentId: number): Promise<void> {
    this.requireUserSignature(user, 'revoke_runner');
    await this.vault.write('revoke_runner', { user, runner, agent_id: toU32(agentId, 'agentId') });
  }

  async listRunnerGrants(user: string): Promise<RunnerGrant[]> {
    return (await this.vault.read<NativeRunnerGrant[]>('list_runner_grants', { user })).map(toGrant);
  }

  async isRunnerAuthorized(user: string, runner: string, agentId: number): Promise<boolean> {
    return this.vault.read<boolean>('is_runner_authorized', {
      user,
      runner,
      agent_id: toU32(agentId, 'agentId'),
    });
  }

  /**
   * Opens the run unless `reference` already opened one: one reference never holds two escrows.
   * The transaction's hash is recorded before it is sent; a hash on record is settled first (see
   * `settleEarlier`), and only a provably dead one lets a new transaction go.
   */
  async openRun(request: OpenRunRequest, reference: string): Promise<number> {
    this.requireOwnRunner(request.runner, 'open_run');
    const args = {
      user: request.user,
      caller: request.runner,
      agent_id: toU32(request.agentId, 'agentId'),
      rate_version: toU32(request.rateVersion, 'rateVersion'),
      budgets: toContractMeters(request.budgets, 'budgets'),
    };
    return this.connection.exclusive(async () => {
      const earlier = await this.references.find(reference);
      if (earlier) {
        const runId = await this.settleEarlier(reference, earlier);
        if (runId !== null) return runId;
      }
      const prepared = await this.vault.prepare('open_run', args);
      await this.references.save(reference, prepared.txHash);
      return toSafeNumber(await this.vault.send<bigint>(prepared), 'runId');
    });
  }

  /**
   * The run an earlier transaction opened, or null when it provably never will. SUCCESS and FAILED
   * are final. One not on the ledger may still land (queued, or signed just before a crash): the
   * account's next sequence number is spent on a no-op first, after which it never can. When that
   * does not go through, the earlier one is still pending: VAULT_TRANSACTION_PENDING, retry later.
   * (A hash older than the RPC's retention window reads as not found: references recover from a
   * crash, they are not kept for days.)
   */
  private async settleEarlier(reference: string, txHash: string): Promise<number | null> {
    const before = await this.connection.waitFor(txHash, 0);
    if (before.status !== rpc.Api.GetTransactionStatus.NOT_FOUND) return this.runIdOf(before);
    const consumed = await this.connection.consumeSequence();
    const after = await this.connection.waitFor(txHash, 0);
    if (after.status !== rpc.Api.GetTransactionStatus.NOT_FOUND) return this.runIdOf(after);
    if (consumed) return null;
    throw new SettldError(
      'VAULT_TRANSACTION_PENDING',
      409,
      `Transaction ${txHash} of reference ${reference} is not on the ledger yet and may still land: retry later`,
      { reference, txHash },
    );
  }

  /** The run a reference opened, read from its transaction on the ledger; null when none landed. */
  async findRunByReference(reference: string): Promise<number | null> {
    const txHash = await this.references.find(reference);
    if (!txHash) return null;
    return this.runIdOf(await this.connection.waitFor(txHash, 0));
  }

  async finalizeRun(request: FinalizeRunRequest): Promise<RunReceipt> {
    this.requireOwnRunner(request.runner, 'finalize_run');
    const receipt = await this.vault.write<NativeRunReceipt>('finalize_run', {
      run_id: toU64(request.runId, 'runId'),
      runner: request.runner,
      rate_version: toU32(request.rateVersion, 'rateVersion'),
      usage: toContractMeters(request.usage, 'usage'),
      output_hash: toHashBytes(request.outputHash, 'outputHash'),
    });
    return toReceipt(receipt);
  }

  /** The runner cancels the runs it opened; a user cancels from their own wallet. */
  async cancelRun(runId: number, caller: string): Promise<number> {
    this.requireUserSignature(caller, 'cancel_run');
    const refund = await this.vault.write<bigint>('cancel_run', { run_id: toU64(runId, 'runId'), caller });
    return toSafeNumber(refund, 'refund');
  }

  async getRun(runId: number): Promise<VaultRun> {
    const run = await this.vault.read<NativeRun>('get_run', { run_id: toU64(runId, 'runId') });
    return {
      runId: toSafeNumber(run.run_id, 'runId'),
      user: run.user,
      runner: run.runner,
      agentId: run.agent_id,
      rateVersion: run.rate_version,
      budgets: fromContractMeters(run.budgets, 'budgets'),
      escrow: toSafeNumber(run.escrow, 'escrow'),
      status: STATUS[run.status.tag],
      receipt: run.receipt === null ? null : toReceipt(run.receipt),
      outputHash: run.output_hash === null ? null : Buffer.from(run.output_hash).toString('hex'),
      openedAt: fromLedgerSeconds(run.opened_at, 'openedAt'),
    };
  }

  private runIdOf(outcome: rpc.Api.GetTransactionResponse): number | null {
    if (outcome.status !== rpc.Api.GetTransactionStatus.SUCCESS || !outcome.returnValue) return null;
    return toSafeNumber(this.vault.decode<bigint>('open_run', outcome.returnValue, outcome.txHash), 'runId');
  }

  /** `require_auth(user)` on chain: only the user's key satisfies it, and this service holds the runner's. */
  private requireUserSignature(user: string, operation: string): void {
    if (user === this.runner) return;
    throw new SettldError(
      'VAULT_USER_SIGNATURE_REQUIRED',
      409,
      `On Soroban, ${operation} is signed by ${user}: the user does this from their wallet. ` +
        `This runner signs only for its own account ${this.runner}.`,
      { operation, user, runner: this.runner },
    );
  }

  private requireOwnRunner(runner: string, operation: string): void {
    if (runner === this.runner) return;
    throw new SettldError(
      'VAULT_RUNNER_MISMATCH',
      409,
      `${operation} names the runner ${runner}, but RUNNER_SECRET is the key of ${this.runner}`,
      { operation, runner, signer: this.runner },
    );
  }
}
