import { afterEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import type { Principal } from '../../core/auth/principal.js';
import type { Platform } from '../../core/platform.js';
import type { Runner } from '../../core/runner/create-runner.js';
import { testPlatform } from '../helpers/platform.js';

const BUDGETS = { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1000 };

let platform: Platform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

async function setup(env: Record<string, string> = {}) {
  platform = testPlatform({ env });
  const runner = await platform.runner();
  const { key } = await platform.keys.create(OPERATOR, {
    tenant_id: 'acme',
    agent_id: 'builder',
    owner: 'platform',
    scopes: 'runner:read,runner:write,llm:call',
  });
  const principal = await platform.keys.authenticate(key);
  return { platform, runner, principal };
}

async function fund(runner: Runner, principal: Principal, user: string, amount = 1_000_000) {
  await runner.service.grant(principal, { user });
  await runner.service.deposit(principal, { user, amount });
}

function expectLedgerHolds(runner: Runner) {
  const totals = runner.ledgerTotals!();
  expect(totals.journalMatches).toBe(true);
  expect(totals.deposited).toBe(totals.balances + totals.escrow + totals.paidOut);
}

describe('runner on the embedded vault', () => {
  it('grant → enqueue → pending → finalized with a receipt: charge + refund = escrow', async () => {
    const { runner, principal } = await setup();
    await fund(runner, principal, 'alice');
    const queued = await runner.service.enqueue(principal, {
      user: 'alice',
      agentId: 1,
      budgets: BUDGETS,
      workflowId: 'echo',
      input: { hello: 'world' },
    });
    expect(queued.status).toBe('pending');
    expect((await runner.service.summary(principal)).queueDepth).toBe(1);

    await runner.worker.drain();

    const done = await runner.service.get(principal, queued.id);
    expect(done.status).toBe('finalized');
    expect(done.output).toEqual({ echo: { hello: 'world' } });
    expect(done.outputHash).toMatch(/^[0-9a-f]{64}$/);
    const escrow = 1000; // runtimeMs 1000 × 1 unit
    expect(done.receipt!.actualCharge + done.receipt!.refund).toBe(escrow);
    expect(done.receipt!.actualCharge).toBe(done.usage!.runtimeMs);
    expect(done.receipt!.developer).toBe('settld-platform');
    expect((await runner.service.balance(principal, { user: 'alice' })).balance).toBe(
      1_000_000 - done.receipt!.actualCharge,
    );
    expectLedgerHolds(runner);
    const actions = (await platform!.audit.list({ tenantId: 'acme', limit: 50 })).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['runner_granted', 'runner_run_opened', 'runner_run_finalized']),
    );
  });

  it('after a revoke the next run fails fast with UnauthorizedRunner (#15), and an open run is cancelled with a full refund', async () => {
    const { runner, principal } = await setup();
    await fund(runner, principal, 'bob');
    const open = await runner.service.enqueue(principal, {
      user: 'bob',
      budgets: BUDGETS,
      workflowId: 'echo',
    });
    // Hold the run open in the vault, as a worker mid-execution would.
    const vaultRunId = await runner.vault.openRun(
      {
        user: runner.service.vaultUser('acme', 'bob'),
        runner: runner.service.runnerId,
        agentId: 1,
        rateVersion: 1,
        budgets: BUDGETS,
      },
      'manual#1',
    );
    platform!.db
      .prepare(`UPDATE runner_runs SET status = 'running', vault_run_id = ? WHERE id = ?`)
      .run(vaultRunId, open.id);

    const revoked = await runner.service.revoke(principal, { user: 'bob' });
    expect(revoked.cancelledRuns).toEqual([open.id]);
    expect((await runner.service.get(principal, open.id)).status).toBe('cancelled');
    expect((await runner.vault.getRun(vaultRunId)).status).toBe('cancelled');
    expect((await runner.service.balance(principal, { user: 'bob' })).balance).toBe(1_000_000);

    await expect(
      runner.service.enqueue(principal, { user: 'bob', budgets: BUDGETS, workflowId: 'echo' }),
    ).rejects.toMatchObject({ code: 'UnauthorizedRunner', status: 403, details: { contractError: 15 } });
    expectLedgerHolds(runner);
  });

  it('pause is real: the runner refuses new runs and the user’s vault policy is paused', async () => {
    const { runner, principal } = await setup();
    await fund(runner, principal, 'carol');
    await runner.service.setPaused(principal, { user: 'carol', paused: true });
    await expect(
      runner.service.enqueue(principal, { user: 'carol', budgets: BUDGETS, workflowId: 'echo' }),
    ).rejects.toMatchObject({ code: 'RUNNER_PAUSED' });
    expect((await runner.vault.getPolicy(runner.service.vaultUser('acme', 'carol'))).paused).toBe(true);
    await expect(
      runner.vault.openRun(
        {
          user: runner.service.vaultUser('acme', 'carol'),
          runner: runner.service.runnerId,
          agentId: 1,
          rateVersion: 1,
          budgets: BUDGETS,
        },
        'x#1',
      ),
    ).rejects.toMatchObject({ code: 'PolicyPaused', details: { contractError: 6 } });
    await runner.service.setPaused(principal, { user: 'carol', paused: false });
    await expect(
      runner.service.enqueue(principal, { user: 'carol', budgets: BUDGETS, workflowId: 'echo' }),
    ).resolves.toMatchObject({ status: 'pending' });
  });

  it('a failed execution is finalized with zero usage (full refund), and a retry runs it again', async () => {
    const { runner, principal } = await setup();
    await fund(runner, principal, 'dave');
    // llm_chat without a provider configured fails at call time: LLM_PROVIDER_UNCONFIGURED.
    const run = await runner.service.enqueue(principal, {
      user: 'dave',
      budgets: { llmIn: 1000, llmOut: 100, httpCalls: 1, runtimeMs: 5000 },
      workflowId: 'llm_chat',
      input: { prompt: 'hi' },
    });
    await runner.worker.drain();
    const failed = await runner.service.get(principal, run.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'LLM_PROVIDER_UNCONFIGURED' } });
    expect(failed.receipt).toMatchObject({ actualCharge: 0 });
    expect((await runner.service.balance(principal, { user: 'dave' })).balance).toBe(1_000_000);

    const retried = await runner.service.retry(principal, run.id);
    expect(retried).toMatchObject({ status: 'pending', error: null, receipt: null });
    await runner.worker.drain();
    expect((await runner.service.get(principal, run.id)).attempts).toBe(2);
    expectLedgerHolds(runner);
  });

  it('RUNNER_FINALIZE_ON_ERROR=false cancels a failed execution instead', async () => {
    const { runner, principal } = await setup({ RUNNER_FINALIZE_ON_ERROR: 'false' });
    await fund(runner, principal, 'erin');
    const run = await runner.service.enqueue(principal, {
      user: 'erin',
      budgets: { llmIn: 1000, llmOut: 100, httpCalls: 1, runtimeMs: 5000 },
      workflowId: 'llm_chat',
      input: { prompt: 'hi' },
    });
    await runner.worker.drain();
    const failed = await runner.service.get(principal, run.id);
    expect(failed.status).toBe('failed');
    expect(failed.receipt).toBeNull();
    expect((await runner.vault.getRun(failed.vaultRunId!)).status).toBe('cancelled');
    expectLedgerHolds(runner);
  });

  it('refuses what the contract refuses, with its names and numbers', async () => {
    const { runner, principal } = await setup();
    await runner.service.grant(principal, { user: 'frank' });
    await expect(runner.service.grant(principal, { user: 'frank' })).rejects.toMatchObject({
      code: 'RunnerGrantExists',
      details: { contractError: 16 },
    });
    await expect(runner.service.revoke(principal, { user: 'nobody' })).rejects.toMatchObject({
      code: 'RunnerGrantNotFound',
      details: { contractError: 17 },
    });
    await expect(
      runner.service.enqueue(principal, {
        user: 'frank',
        budgets: BUDGETS,
        workflowId: 'echo',
        rateVersion: 9,
      }),
    ).rejects.toMatchObject({ code: 'InvalidRateVersion', details: { contractError: 14 } });
    await expect(
      runner.service.enqueue(principal, { user: 'frank', budgets: BUDGETS, workflowId: 'nope' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_WORKFLOW' });
    // No deposit: the open fails with InsufficientBalance (#5) and the run fails, holding nothing.
    const run = await runner.service.enqueue(principal, {
      user: 'frank',
      budgets: BUDGETS,
      workflowId: 'echo',
    });
    await runner.worker.drain();
    expect(await runner.service.get(principal, run.id)).toMatchObject({
      status: 'failed',
      error: { code: 'InsufficientBalance' },
      vaultRunId: null,
    });
    expectLedgerHolds(runner);
  });

  it('brings runs left in opening, running and finalizing by a dead worker to a terminal state without charging twice', async () => {
    const { runner, principal } = await setup();
    await fund(runner, principal, 'gina');
    const user = runner.service.vaultUser('acme', 'gina');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(
        (await runner.service.enqueue(principal, { user: 'gina', budgets: BUDGETS, workflowId: 'echo' })).id,
      );
    }
    const dead = 'some-other-host:1:1';
    const set = platform!.db.prepare(
      `UPDATE runner_runs SET status = ?, attempts = 1, open_reference = ?, vault_run_id = ?, usage = ?, output_hash = ?,
       lease_owner = ?, lease_expires_at = 0 WHERE id = ?`,
    );
    const open = (reference: string) =>
      runner.vault.openRun(
        { user, runner: runner.service.runnerId, agentId: 1, rateVersion: 1, budgets: BUDGETS },
        reference,
      );
    const usage = JSON.stringify({ llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 7 });
    // 0: crashed before the vault opened anything.
    set.run('opening', `${ids[0]}#1`, null, null, null, dead, ids[0]);
    // 1: the vault opened it, the crash came before the id was recorded.
    await open(`${ids[1]}#1`);
    set.run('opening', `${ids[1]}#1`, null, null, null, dead, ids[1]);
    // 2: finalizing, the finalize had not happened.
    const v2 = await open(`${ids[2]}#1`);
    set.run('finalizing', `${ids[2]}#1`, v2, usage, 'a'.repeat(64), dead, ids[2]);
    // 3: finalizing, the finalize had happened.
    const v3 = await open(`${ids[3]}#1`);
    await runner.vault.finalizeRun({
      runId: v3,
      runner: runner.service.runnerId,
      rateVersion: 1,
      usage: JSON.parse(usage),
      outputHash: 'a'.repeat(64),
    });
    set.run('finalizing', `${ids[3]}#1`, v3, usage, 'a'.repeat(64), dead, ids[3]);

    await runner.worker.drain();

    const runs = await Promise.all(ids.map((id) => runner.service.get(principal, id)));
    expect(runs.map((run) => run.status)).toEqual(['failed', 'failed', 'finalized', 'finalized']);
    expect(runs[0]!.error!.code).toBe('RUNNER_INTERRUPTED');
    expect(runs[2]!.receipt).toMatchObject({ actualCharge: 7, refund: 993 });
    expect(runs[3]!.receipt).toMatchObject({ actualCharge: 7, refund: 993 });
    const vaultRuns = platform!.db
      .prepare('SELECT status, actual_charge FROM vault_runs ORDER BY run_id')
      .all();
    expect(vaultRuns).toEqual([
      { status: 'finalized', actual_charge: 0 },
      { status: 'finalized', actual_charge: 7 },
      { status: 'finalized', actual_charge: 7 },
    ]);
    expect((await runner.service.balance(principal, { user: 'gina' })).balance).toBe(1_000_000 - 14);
    expectLedgerHolds(runner);
  });
});
