import { Keypair } from '@stellar/stellar-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import type { Platform } from '../../core/platform.js';
import { FakeSorobanRpc } from '../fakes/fake-soroban-rpc.js';
import { testPlatform } from '../helpers/platform.js';

let fake: FakeSorobanRpc | undefined;
let platform: Platform | undefined;
afterEach(async () => {
  await platform?.close();
  await fake?.close();
  platform = fake = undefined;
});

describe('the runner on the Soroban vault (loopback RPC)', () => {
  it('runs a queued echo run to finalized with the receipt from the ledger; user-signed steps stay with the user', async () => {
    const runnerKeys = Keypair.random();
    fake = await FakeSorobanRpc.start({ accounts: [runnerKeys.publicKey()] });
    platform = testPlatform({
      env: {
        RUNNER_RPC_URL: fake.url,
        RUNNER_CONTRACT_ID: fake.vaultId,
        RUNNER_AGENT_REGISTRY_ID: fake.registryId,
        RUNNER_NETWORK_PASSPHRASE: fake.networkPassphrase,
        RUNNER_SECRET: runnerKeys.secret(),
        RUNNER_POLL_INTERVAL_MS: '20',
      },
    });
    const runner = await platform.runner();
    expect(runner.service.backend).toBe('soroban');
    expect(runner.service.runnerId).toBe(runnerKeys.publicKey());
    const { key } = await platform.keys.create(OPERATOR, {
      tenant_id: 'acme',
      agent_id: 'wallet',
      owner: 'o',
      scopes: 'runner:read,runner:write',
    });
    const principal = await platform.keys.authenticate(key);
    const user = Keypair.random().publicKey();

    // On chain the user signs grants and deposits in their wallet: the runner can not.
    await expect(runner.service.grant(principal, { user })).rejects.toMatchObject({
      code: 'VAULT_USER_SIGNATURE_REQUIRED',
    });
    await expect(
      runner.service.enqueue(principal, {
        user,
        budgets: { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1000 },
        workflowId: 'echo',
      }),
    ).rejects.toMatchObject({ code: 'UnauthorizedRunner', details: { contractError: 15 } });

    fake.credit(user, 100_000n);
    fake.grant(user, runnerKeys.publicKey(), 1);
    const run = await runner.service.enqueue(principal, {
      user,
      budgets: { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1000 },
      workflowId: 'echo',
      input: 'on chain',
    });
    await runner.worker.drain();
    const done = await runner.service.get(principal, run.id);
    expect(done).toMatchObject({ status: 'finalized', output: { echo: 'on chain' } });
    expect(done.receipt!.actualCharge + done.receipt!.refund).toBe(1000);
    expect(await runner.vault.balance(user)).toBe(100_000 - done.receipt!.actualCharge);
    expect(fake.submittedCalls('open_run')).toHaveLength(1);
    expect(fake.submittedCalls('finalize_run')).toHaveLength(1);
  });
});
