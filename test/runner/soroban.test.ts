import { inspect } from 'node:util';
import { Keypair } from '@stellar/stellar-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettldError } from '../../core/errors.js';
import { loadSorobanAgentRegistry, loadSorobanVault } from '../../core/runner/soroban/load.js';
import type { ReferenceStore, SorobanVaultOptions } from '../../core/runner/soroban/options.js';
import { SorobanAgentRegistry } from '../../core/runner/soroban/soroban-agent-registry.js';
import { SorobanVault } from '../../core/runner/soroban/soroban-vault.js';
import { type Meters, priceOf, VaultError } from '../../core/runner/vault.js';
import { FakeSorobanRpc } from '../fakes/fake-soroban-rpc.js';

class MemoryReferenceStore implements ReferenceStore {
  readonly hashes = new Map<string, string>();

  save(reference: string, txHash: string): Promise<void> {
    this.hashes.set(reference, txHash);
    return Promise.resolve();
  }

  find(reference: string): Promise<string | null> {
    return Promise.resolve(this.hashes.get(reference) ?? null);
  }
}

const runnerKeys = Keypair.random();
const SECRET = runnerKeys.secret();
const runner = runnerKeys.publicKey();
const user = Keypair.random().publicKey();

/** Agent 1's rate card v1 in the fake: llmIn 2, llmOut 8, httpCalls 50, runtimeMs 1. */
const PRICES_V1: Meters = { llmIn: 2, llmOut: 8, httpCalls: 50, runtimeMs: 1 };
const budgets: Meters = { llmIn: 1_000, llmOut: 500, httpCalls: 4, runtimeMs: 10_000 };
const usage: Meters = { llmIn: 600, llmOut: 200, httpCalls: 1, runtimeMs: 4_000 };
const ESCROW = priceOf(budgets, PRICES_V1); // 16 200
const CHARGE = priceOf(usage, PRICES_V1); // 6 850
const openRequest = { user, runner, agentId: 1, rateVersion: 1, budgets };

let fake: FakeSorobanRpc;
let store: MemoryReferenceStore;
/** The ledger's clock (epoch ms): frozen unless a test moves it. */
let ledgerMs: number;

function newVault(options: Partial<SorobanVaultOptions> = {}): SorobanVault {
  return new SorobanVault({
    rpcUrl: fake.url,
    contractId: fake.vaultId,
    networkPassphrase: fake.networkPassphrase,
    secret: SECRET,
    allowHttp: true,
    referenceStore: store,
    timeoutMs: 2_000,
    pollIntervalMs: 5,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<SettldError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SettldError)) throw new Error(`expected a SettldError, got ${inspect(error)}`);
  return error;
}

beforeEach(async () => {
  ledgerMs = Date.now();
  fake = await FakeSorobanRpc.start({ accounts: [runner], now: () => ledgerMs });
  store = new MemoryReferenceStore();
});

afterEach(async () => {
  await fake.close();
});

describe('SorobanVault', () => {
  it('opens and finalizes a run: charge + refund = escrow, the developer is paid, the user gets the rest', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    const vault = newVault();

    const runId = await vault.openRun(openRequest, 'run-1');
    expect(await vault.balance(user)).toBe(50_000 - ESCROW);
    expect(await vault.getRun(runId)).toMatchObject({
      runId,
      user,
      runner,
      agentId: 1,
      rateVersion: 1,
      budgets,
      escrow: ESCROW,
      status: 'open',
      receipt: null,
      outputHash: null,
    });

    const outputHash = 'ab'.repeat(32);
    const receipt = await vault.finalizeRun({ runId, runner, rateVersion: 1, usage, outputHash });
    expect(receipt).toEqual({
      runId,
      actualCharge: CHARGE,
      refund: ESCROW - CHARGE,
      developer: fake.developer,
    });
    expect(receipt.actualCharge + receipt.refund).toBe(ESCROW);
    expect(fake.state.wallets.get(fake.developer)).toBe(BigInt(CHARGE));
    expect(await vault.balance(user)).toBe(50_000 - CHARGE);
    expect(await vault.getRun(runId)).toMatchObject({ status: 'finalized', receipt, outputHash });

    // Each write was one transaction, simulated, assembled and signed by the runner.
    expect(fake.submitted.map((tx) => [tx.method, tx.status])).toEqual([
      ['open_run', 'SUCCESS'],
      ['finalize_run', 'SUCCESS'],
    ]);
    for (const tx of fake.submitted) {
      expect(tx.source).toBe(runner);
      expect(tx.readWrite).toBeGreaterThan(0);
      expect(tx.authEntries).toBe(1);
      expect(tx.resourceFee).toBeGreaterThanOrEqual(90_000n);
    }
  });

  it('takes the run id from the ledger, not from the simulation', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    fake.advanceRunIdBeforeNextApply(4); // simulation says run 1; the ledger opens run 5
    const vault = newVault();

    const runId = await vault.openRun(openRequest, 'run-1');

    expect(runId).toBe(5);
    expect((await vault.getRun(5)).status).toBe('open');
    expect(await vault.findRunByReference('run-1')).toBe(5);
  });

  it('an absent or revoked grant is UnauthorizedRunner (#15), and no transaction is sent', async () => {
    fake.credit(user, 50_000n);
    const vault = newVault();

    const absent = await rejection(vault.openRun(openRequest, 'run-1'));
    expect(absent).toBeInstanceOf(VaultError);
    expect(absent).toMatchObject({ code: 'UnauthorizedRunner', contractError: 15, status: 403 });

    fake.grant(user, runner, 1);
    fake.revoke(user, runner, 1);
    const revoked = await rejection(vault.openRun(openRequest, 'run-2'));
    expect(revoked).toMatchObject({ code: 'UnauthorizedRunner', contractError: 15 });
    expect(await vault.isRunnerAuthorized(user, runner, 1)).toBe(false);

    expect(fake.calls).not.toContain('sendTransaction');
    expect(await vault.balance(user)).toBe(50_000);
  });

  it('after a revoke an open run can not be finalized, and the runner cancels it for a full refund', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    const vault = newVault();
    const runId = await vault.openRun(openRequest, 'run-1');
    fake.revoke(user, runner, 1);

    const finalize = vault.finalizeRun({ runId, runner, rateVersion: 1, usage, outputHash: '00'.repeat(32) });
    expect(await rejection(finalize)).toMatchObject({ code: 'UnauthorizedRunner', contractError: 15 });

    expect(await vault.cancelRun(runId, runner)).toBe(ESCROW);
    expect(await vault.balance(user)).toBe(50_000);
    expect((await vault.getRun(runId)).status).toBe('cancelled');
  });

  it('a transaction that fails on the ledger is VAULT_TRANSACTION_FAILED, never a success', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    const vault = newVault();
    fake.failNextTransaction();

    const failed = await rejection(vault.openRun(openRequest, 'run-1'));

    expect(failed).toMatchObject({ code: 'VAULT_TRANSACTION_FAILED', status: 502 });
    expect(failed.details).toMatchObject({ txHash: fake.submitted[0]!.hash, resultCode: 'txFailed' });
    expect(fake.submitted[0]!.status).toBe('FAILED');
    expect(fake.state.runs.size).toBe(0);
    expect(await vault.balance(user)).toBe(50_000);
    expect(await vault.findRunByReference('run-1')).toBeNull();

    // The reference's transaction failed: a retry sends a new one, which opens the run.
    const runId = await vault.openRun(openRequest, 'run-1');
    expect(runId).toBe(1);
    expect(fake.submittedCalls('open_run').map((tx) => tx.status)).toEqual(['FAILED', 'SUCCESS']);
  });

  it('a finalize that fails on the ledger leaves the run open', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    const vault = newVault();
    const runId = await vault.openRun(openRequest, 'run-1');
    fake.failNextTransaction();

    const finalize = vault.finalizeRun({ runId, runner, rateVersion: 1, usage, outputHash: '00'.repeat(32) });

    expect(await rejection(finalize)).toMatchObject({ code: 'VAULT_TRANSACTION_FAILED' });
    expect((await vault.getRun(runId)).status).toBe('open');
    expect(fake.state.wallets.get(fake.developer) ?? 0n).toBe(0n);
  });

  it('after a crash, a new instance finds the run by its reference and does not open a second one', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    const runId = await newVault().openRun(openRequest, 'run-1');

    const restarted = newVault();
    expect(await restarted.findRunByReference('run-1')).toBe(runId);
    expect(await restarted.openRun(openRequest, 'run-1')).toBe(runId);
    expect(await restarted.findRunByReference('never-opened')).toBeNull();

    expect(fake.submittedCalls('open_run')).toHaveLength(1);
    expect(await restarted.balance(user)).toBe(50_000 - ESCROW);
  });

  it('a transaction in flight at the crash is found once it lands, and never sent twice', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    fake.holdLedger();
    const timedOut = await rejection(newVault({ timeoutMs: 200 }).openRun(openRequest, 'run-1'));
    expect(timedOut).toMatchObject({ code: 'VAULT_TRANSACTION_TIMEOUT', status: 504 });

    const restarted = newVault();
    expect(await restarted.findRunByReference('run-1')).toBeNull();
    fake.closeLedger();
    expect(await restarted.findRunByReference('run-1')).toBe(1);
    expect(await restarted.openRun(openRequest, 'run-1')).toBe(1);

    expect(fake.submittedCalls('open_run')).toHaveLength(1);
    expect(fake.state.runs.size).toBe(1);
  });

  it('a retry while the earlier transaction may still land waits for it instead of opening a second escrow', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    fake.holdLedger();
    await rejection(newVault({ timeoutMs: 200 }).openRun(openRequest, 'run-1'));

    // The earlier transaction is still queued: its sequence number can not be spent, so no new one goes.
    const restarted = newVault({ timeoutMs: 200 });
    const retry = await rejection(restarted.openRun(openRequest, 'run-1'));
    expect(retry).toMatchObject({ code: 'VAULT_TRANSACTION_PENDING', status: 409 });

    fake.closeLedger();
    expect(await restarted.openRun(openRequest, 'run-1')).toBe(1);
    expect(fake.submittedCalls('open_run')).toHaveLength(1);
    expect(fake.state.runs.size).toBe(1);
    expect(await restarted.balance(user)).toBe(50_000 - ESCROW);
  });

  it('a transaction recorded but never sent (crash before sending) is invalidated, then replaced once', async () => {
    fake.credit(user, 50_000n);
    fake.grant(user, runner, 1);
    await store.save('run-1', 'cd'.repeat(32));

    const restarted = newVault();
    expect(await restarted.findRunByReference('run-1')).toBeNull();
    expect(await restarted.openRun(openRequest, 'run-1')).toBe(1);
    expect(await newVault().openRun(openRequest, 'run-1')).toBe(1);

    // One no-op spent the sequence number the lost transaction could have had, then one open_run.
    expect(fake.submitted.map((tx) => [tx.method, tx.status])).toEqual([
      ['bump_sequence', 'SUCCESS'],
      ['open_run', 'SUCCESS'],
    ]);
    expect(fake.state.runs.size).toBe(1);
  });

  it("refuses to sign a user's own operations for another user, and signs them for the runner's account", async () => {
    const vault = newVault();
    const attempts = [
      () => vault.deposit(user, 100),
      () => vault.withdraw(user, 100),
      () => vault.setPolicy(user, { perRunCap: 1_000, dailyCap: null, paused: false }),
      () => vault.grantRunner(user, runner, 1, null),
      () => vault.revokeRunner(user, runner, 1),
      () => vault.cancelRun(1, user),
    ];
    for (const attempt of attempts) {
      const error = await rejection(attempt());
      expect(error).toMatchObject({ code: 'VAULT_USER_SIGNATURE_REQUIRED', status: 409 });
      expect(error.message).toMatch(/from their wallet/);
    }
    expect(fake.calls).toEqual([]);

    fake.mint(runner, 100_000n);
    expect(await vault.deposit(runner, 40_000)).toBe(40_000);
    expect(await vault.withdraw(runner, 5_000)).toBe(35_000);
    await vault.setPolicy(runner, { perRunCap: 20_000, dailyCap: null, paused: false });
    expect(await vault.getPolicy(runner)).toEqual({ perRunCap: 20_000, dailyCap: null, paused: false });
    const expiresAt = ledgerMs + 3_600_500;
    const grant = await vault.grantRunner(runner, runner, 1, expiresAt);
    expect(grant).toEqual({
      user: runner,
      runner,
      agentId: 1,
      expiresAt: Math.floor(expiresAt / 1000) * 1000,
      grantedAt: Math.floor(ledgerMs / 1000) * 1000,
    });
    expect(await vault.listRunnerGrants(runner)).toEqual([grant]);
    expect(await vault.isRunnerAuthorized(runner, runner, 1)).toBe(true);
    await vault.revokeRunner(runner, runner, 1);
    expect(await vault.isRunnerAuthorized(runner, runner, 1)).toBe(false);
    expect(fake.state.wallets.get(runner)).toBe(65_000n);
  });

  it('maps contract errors of the simulation to the vault errors by number', async () => {
    fake.credit(user, 1_000n);
    fake.grant(user, runner, 1);
    const vault = newVault();

    expect(await rejection(vault.openRun(openRequest, 'run-1'))).toMatchObject({
      code: 'InsufficientBalance',
      contractError: 5,
    });
    expect(await rejection(vault.openRun({ ...openRequest, rateVersion: 9 }, 'run-2'))).toMatchObject({
      code: 'InvalidRateVersion',
      contractError: 14,
    });
    expect(await rejection(vault.getRun(42))).toMatchObject({
      code: 'RunNotFound',
      contractError: 11,
      status: 404,
    });
    expect(await rejection(vault.revokeRunner(runner, runner, 1))).toMatchObject({
      code: 'RunnerGrantNotFound',
    });
  });

  it('never lets an amount beyond Number.MAX_SAFE_INTEGER pass as a rounded number', async () => {
    fake.credit(user, 2n ** 60n);
    const vault = newVault();

    expect(await rejection(vault.balance(user))).toMatchObject({
      code: 'VAULT_AMOUNT_OUT_OF_RANGE',
      status: 502,
    });
    expect(await rejection(vault.deposit(runner, 2 ** 60))).toMatchObject({ code: 'InvalidAmount' });
    expect(await rejection(vault.deposit(runner, 1.5))).toMatchObject({ code: 'InvalidAmount' });
  });

  it('an unreachable RPC is VAULT_UNAVAILABLE (503), for reads and writes', async () => {
    const vault = newVault();
    await store.save('run-2', 'ab'.repeat(32));
    await fake.close();

    for (const attempt of [
      () => vault.balance(user),
      () => vault.openRun(openRequest, 'run-1'),
      () => vault.findRunByReference('run-2'),
      () => vault.deposit(runner, 10),
    ]) {
      expect(await rejection(attempt())).toMatchObject({ code: 'VAULT_UNAVAILABLE', status: 503 });
    }
  });

  it('never puts RUNNER_SECRET in an error, a request or the adapter itself', async () => {
    fake.credit(user, 50_000n);
    const vault = newVault();
    const errors: SettldError[] = [];
    errors.push(await rejection(vault.openRun(openRequest, 'run-1'))); // contract error
    fake.grant(user, runner, 1);
    fake.failNextTransaction();
    errors.push(await rejection(vault.openRun(openRequest, 'run-2'))); // failed on the ledger
    errors.push(await rejection(vault.deposit(user, 10))); // user signature
    await fake.close();
    errors.push(await rejection(vault.balance(user))); // unreachable
    // Another last character breaks the seed's checksum (the seed is random: its own may be 'A').
    const badSecret = `${SECRET.slice(0, -1)}${SECRET.endsWith('A') ? 'B' : 'A'}`;
    try {
      newVault({ secret: badSecret });
    } catch (error) {
      errors.push(error as SettldError);
    }
    expect(errors.map((error) => error.code)).toEqual([
      'UnauthorizedRunner',
      'VAULT_TRANSACTION_FAILED',
      'VAULT_USER_SIGNATURE_REQUIRED',
      'VAULT_UNAVAILABLE',
      'VAULT_CONFIG_INVALID',
    ]);

    const seed = Buffer.from(runnerKeys.rawSecretKey()).toString('hex');
    for (const text of [
      ...errors.flatMap((error) => [
        error.message,
        JSON.stringify(error),
        String(error.stack),
        inspect(error, { depth: 8 }),
      ]),
      inspect(vault, { depth: 8 }),
      ...fake.bodies,
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(badSecret);
      expect(text).not.toContain(seed);
    }
  });
});

describe('SorobanAgentRegistry', () => {
  it('reads the agent, its runners and its versioned rate cards from the registry contract', async () => {
    const registry = new SorobanAgentRegistry({
      rpcUrl: fake.url,
      registryId: fake.registryId,
      networkPassphrase: fake.networkPassphrase,
      secret: SECRET,
    });

    expect(registry.backend).toBe('soroban');
    expect(await registry.getAgent(1)).toEqual({
      id: 1,
      name: 'code-review',
      developer: fake.developer,
      runners: [runner],
      rateCards: [
        { version: 1, prices: PRICES_V1 },
        { version: 2, prices: { llmIn: 1, llmOut: 6, httpCalls: 40, runtimeMs: 1 } },
      ],
    });
    expect(await registry.latestRateVersion(1)).toBe(2);
    expect((await registry.getRateCard(1, 1)).prices).toEqual(PRICES_V1);
    expect(await rejection(registry.getRateCard(1, 9))).toMatchObject({
      code: 'InvalidRateVersion',
      contractError: 14,
    });
    expect(await rejection(registry.getAgent(99))).toMatchObject({
      code: 'AgentNotFound',
      contractError: 10,
    });
    expect(fake.calls.every((method) => method === 'simulateTransaction')).toBe(true);
  });

  it('loads both adapters lazily through load.ts, which is what the rest of the product imports', async () => {
    const options = { rpcUrl: fake.url, networkPassphrase: fake.networkPassphrase, secret: SECRET };
    const vault = await loadSorobanVault({ ...options, contractId: fake.vaultId, referenceStore: store });
    const registry = await loadSorobanAgentRegistry({ ...options, registryId: fake.registryId });

    expect(vault.backend).toBe('soroban');
    expect(await vault.balance(user)).toBe(0);
    expect(await registry.latestRateVersion(1)).toBe(2);
  });
});
