import { type Clock, utcDay } from '../clock.js';
import type { SqliteDatabase } from '../store/database.js';
import type { AgentRegistryPort, RateCard } from './agent-registry.js';
import {
  type FinalizeRunRequest,
  type Meters,
  METERS,
  type OpenRunRequest,
  priceOf,
  type RunnerGrant,
  type RunReceipt,
  type VaultPolicy,
  type VaultPort,
  type VaultRun,
  type VaultRunStatus,
  VaultError,
} from './vault.js';

const EXTERNAL = 'external';
/**
 * The most one account may hold: 10^14 units (100 million USD at a micro-USD a unit), so that the
 * ledger's sums over many accounts stay exact integers in a JavaScript number.
 */
export const MAX_BALANCE = 100_000_000_000_000;
const userAccount = (user: string) => `user:${user}`;
const escrowAccount = (user: string) => `escrow:${user}`;
const developerAccount = (developer: string) => `developer:${developer}`;

interface RunRow {
  run_id: number;
  user: string;
  runner: string;
  agent_id: number;
  rate_version: number;
  budgets: string;
  escrow: number;
  status: VaultRunStatus;
  actual_charge: number | null;
  refund: number | null;
  developer: string | null;
  output_hash: string | null;
  opened_at: number;
}

interface GrantRow {
  user: string;
  runner: string;
  agent_id: number;
  expires_at: number | null;
  granted_at: number;
}

interface PolicyRow {
  per_run_cap: number | null;
  daily_cap: number | null;
  paused: number;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new VaultError('InvalidAmount', { amount });
}

function assertMeters(meters: Meters, what: string): void {
  for (const meter of METERS) {
    const value = meters[meter];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new VaultError(
        'InvalidAmount',
        { [what]: meters },
        `${what}.${meter} must be a whole number ≥ 0`,
      );
    }
  }
}

/**
 * The PrepaidVault contract's rules on SQLite, with the contract's error names and numbers. Every
 * operation is one IMMEDIATE transaction, so concurrent processes on one file never interleave a
 * check and its write (a balance can not be spent twice).
 */
export class EmbeddedVault implements VaultPort {
  readonly backend = 'embedded' as const;
  private readonly statements;
  private readonly tx;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly registry: AgentRegistryPort & { getAgentSync(agentId: number): AgentSnapshot },
    private readonly clock: Clock,
  ) {
    this.statements = {
      balance: db.prepare('SELECT balance FROM vault_accounts WHERE account = ?').pluck(),
      add: db.prepare(`INSERT INTO vault_accounts (account, balance) VALUES (?, ?)
        ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance`),
      journal:
        db.prepare(`INSERT INTO vault_journal (reason, debit_account, credit_account, amount, run_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      policy: db.prepare('SELECT per_run_cap, daily_cap, paused FROM vault_policies WHERE user = ?'),
      setPolicy:
        db.prepare(`INSERT INTO vault_policies (user, per_run_cap, daily_cap, paused) VALUES (?, ?, ?, ?)
        ON CONFLICT (user) DO UPDATE SET per_run_cap = excluded.per_run_cap, daily_cap = excluded.daily_cap,
        paused = excluded.paused`),
      grant: db.prepare('SELECT * FROM vault_grants WHERE user = ? AND runner = ? AND agent_id = ?'),
      grants: db.prepare('SELECT * FROM vault_grants WHERE user = ? ORDER BY granted_at, runner, agent_id'),
      insertGrant: db.prepare(`INSERT INTO vault_grants (user, runner, agent_id, expires_at, granted_at)
        VALUES (?, ?, ?, ?, ?)`),
      deleteGrant: db.prepare('DELETE FROM vault_grants WHERE user = ? AND runner = ? AND agent_id = ?'),
      run: db.prepare('SELECT * FROM vault_runs WHERE run_id = ?'),
      runByReference: db.prepare('SELECT run_id FROM vault_runs WHERE reference = ?').pluck(),
      escrowedToday: db
        .prepare('SELECT COALESCE(SUM(escrow), 0) FROM vault_runs WHERE user = ? AND day = ?')
        .pluck(),
      insertRun: db.prepare(`INSERT INTO vault_runs
        (reference, user, runner, agent_id, rate_version, budgets, escrow, status, day, opened_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`),
      closeRun: db.prepare(`UPDATE vault_runs SET status = ?, actual_charge = ?, refund = ?, developer = ?,
        output_hash = ?, closed_at = ? WHERE run_id = ? AND status = 'open'`),
    };
    // One transaction function, made once, running whatever body it is given.
    const transaction = db.transaction((body: () => unknown) => body());
    this.tx = <R>(fn: () => R): Promise<R> => {
      try {
        return Promise.resolve(transaction.immediate(fn) as R);
      } catch (error) {
        return Promise.reject(asError(error));
      }
    };
  }

  /** A read (or a single statement) as a promise: its errors reject instead of throwing. */
  private read<R>(fn: () => R): Promise<R> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  private accountBalance(account: string): number {
    return (this.statements.balance.get(account) as number | undefined) ?? 0;
  }

  /** One journal row and both balances: the double entry. */
  private transfer(reason: string, from: string, to: string, amount: number, runId: number | null): void {
    if (amount === 0) return;
    this.statements.add.run(from, -amount);
    this.statements.add.run(to, amount);
    this.statements.journal.run(reason, from, to, amount, runId, this.clock.now());
  }

  private policyOf(user: string): VaultPolicy {
    const row = this.statements.policy.get(user) as PolicyRow | undefined;
    return {
      perRunCap: row?.per_run_cap ?? null,
      dailyCap: row?.daily_cap ?? null,
      paused: row?.paused === 1,
    };
  }

  private authorized(user: string, runner: string, agentId: number): boolean {
    const grant = this.statements.grant.get(user, runner, agentId) as GrantRow | undefined;
    if (!grant || (grant.expires_at !== null && grant.expires_at <= this.clock.now())) return false;
    return this.registry.getAgentSync(agentId).runners.includes(runner);
  }

  private runRow(runId: number): RunRow {
    const row = this.statements.run.get(runId) as RunRow | undefined;
    if (!row) throw new VaultError('RunNotFound', { runId });
    return row;
  }

  deposit(user: string, amount: number): Promise<number> {
    return this.tx(() => {
      assertAmount(amount);
      const balance = this.accountBalance(userAccount(user));
      if (balance + amount > MAX_BALANCE) {
        throw new VaultError(
          'InvalidAmount',
          { balance, amount, maxBalance: MAX_BALANCE },
          'The balance would exceed the vault maximum',
        );
      }
      this.transfer('deposit', EXTERNAL, userAccount(user), amount, null);
      return balance + amount;
    });
  }

  withdraw(user: string, amount: number): Promise<number> {
    return this.tx(() => {
      assertAmount(amount);
      const balance = this.accountBalance(userAccount(user));
      if (balance < amount) throw new VaultError('InsufficientBalance', { balance, amount });
      this.transfer('withdraw', userAccount(user), EXTERNAL, amount, null);
      return balance - amount;
    });
  }

  balance(user: string): Promise<number> {
    return this.read(() => this.accountBalance(userAccount(user)));
  }

  setPolicy(user: string, policy: VaultPolicy): Promise<void> {
    return this.read(() => {
      for (const cap of [policy.perRunCap, policy.dailyCap]) {
        if (cap !== null && (!Number.isSafeInteger(cap) || cap < 0))
          throw new VaultError('InvalidAmount', { cap });
      }
      this.statements.setPolicy.run(user, policy.perRunCap, policy.dailyCap, policy.paused ? 1 : 0);
    });
  }

  getPolicy(user: string): Promise<VaultPolicy> {
    return this.read(() => this.policyOf(user));
  }

  grantRunner(user: string, runner: string, agentId: number, expiresAt: number | null): Promise<RunnerGrant> {
    return this.tx(() => {
      this.registry.getAgentSync(agentId);
      const now = this.clock.now();
      const existing = this.statements.grant.get(user, runner, agentId) as GrantRow | undefined;
      if (existing) {
        // An expired grant is no grant: granting again replaces it.
        if (existing.expires_at === null || existing.expires_at > now) {
          throw new VaultError('RunnerGrantExists', { user, runner, agentId });
        }
        this.statements.deleteGrant.run(user, runner, agentId);
      }
      this.statements.insertGrant.run(user, runner, agentId, expiresAt, now);
      return { user, runner, agentId, expiresAt, grantedAt: now };
    });
  }

  revokeRunner(user: string, runner: string, agentId: number): Promise<void> {
    return this.read(() => {
      const removed = this.statements.deleteGrant.run(user, runner, agentId).changes;
      if (removed === 0) throw new VaultError('RunnerGrantNotFound', { user, runner, agentId });
    });
  }

  listRunnerGrants(user: string): Promise<RunnerGrant[]> {
    const rows = this.statements.grants.all(user) as GrantRow[];
    return Promise.resolve(
      rows.map((row) => ({
        user: row.user,
        runner: row.runner,
        agentId: row.agent_id,
        expiresAt: row.expires_at,
        grantedAt: row.granted_at,
      })),
    );
  }

  isRunnerAuthorized(user: string, runner: string, agentId: number): Promise<boolean> {
    return this.read(() => this.authorized(user, runner, agentId));
  }

  /** Escrows the run's maximum charge from the user's balance, after every check the contract makes. */
  openRun(request: OpenRunRequest, reference: string): Promise<number> {
    return this.tx(() => this.openRunNow(request, reference));
  }

  /** `openRun` at once, inside the caller's transaction (the worker's one commit per step). */
  openRunNow(request: OpenRunRequest, reference: string): number {
    const existing = this.statements.runByReference.get(reference) as number | undefined;
    if (existing !== undefined) return existing;
    const { user, runner, agentId, rateVersion, budgets } = request;
    assertMeters(budgets, 'budgets');
    const policy = this.policyOf(user);
    if (policy.paused) throw new VaultError('PolicyPaused', { user });
    const card = this.rateCard(agentId, rateVersion);
    if (!this.authorized(user, runner, agentId)) {
      throw new VaultError('UnauthorizedRunner', { user, runner, agentId });
    }
    const escrow = priceOf(budgets, card.prices);
    if (!Number.isSafeInteger(escrow)) throw new VaultError('InvalidAmount', { escrow });
    if (policy.perRunCap !== null && escrow > policy.perRunCap) {
      throw new VaultError('PerRunCapExceeded', { escrow, perRunCap: policy.perRunCap });
    }
    const now = this.clock.now();
    const day = utcDay(now);
    if (policy.dailyCap !== null) {
      const today = this.statements.escrowedToday.get(user, day) as number;
      if (today + escrow > policy.dailyCap) {
        throw new VaultError('DailyCapExceeded', { escrow, dailyCap: policy.dailyCap, usedToday: today });
      }
    }
    const balance = this.accountBalance(userAccount(user));
    if (balance < escrow) throw new VaultError('InsufficientBalance', { balance, escrow });
    const runId = Number(
      this.statements.insertRun.run(
        reference,
        user,
        runner,
        agentId,
        rateVersion,
        JSON.stringify(budgets),
        escrow,
        day,
        now,
      ).lastInsertRowid,
    );
    this.transfer('open_run', userAccount(user), escrowAccount(user), escrow, runId);
    return runId;
  }

  findRunByReference(reference: string): Promise<number | null> {
    return Promise.resolve((this.statements.runByReference.get(reference) as number | undefined) ?? null);
  }

  /**
   * Charges the usage at the run's rates to the developer and refunds the rest. The grant is
   * checked again, as the contract does: after a revoke, an open run can only be cancelled.
   */
  finalizeRun(request: FinalizeRunRequest): Promise<RunReceipt> {
    return this.tx(() => this.finalizeRunNow(request));
  }

  /** `finalizeRun` at once, inside the caller's transaction. */
  finalizeRunNow(request: FinalizeRunRequest): RunReceipt {
    const run = this.runRow(request.runId);
    if (run.status !== 'open') throw new VaultError('RunNotOpen', { runId: run.run_id, status: run.status });
    if (request.runner !== run.runner) throw new VaultError('Unauthorized', { runId: run.run_id });
    if (request.rateVersion !== run.rate_version) {
      throw new VaultError('InvalidRateVersion', { rateVersion: request.rateVersion });
    }
    if (!this.authorized(run.user, run.runner, run.agent_id)) {
      throw new VaultError('UnauthorizedRunner', {
        user: run.user,
        runner: run.runner,
        agentId: run.agent_id,
      });
    }
    assertMeters(request.usage, 'usage');
    const budgets = JSON.parse(run.budgets) as Meters;
    const over = METERS.filter((meter) => request.usage[meter] > budgets[meter]);
    if (over.length > 0) throw new VaultError('UsageExceedsBudget', { meters: over });
    const card = this.rateCard(run.agent_id, run.rate_version);
    const developer = this.registry.getAgentSync(run.agent_id).developer;
    const charge = Math.min(priceOf(request.usage, card.prices), run.escrow);
    const refund = run.escrow - charge;
    this.transfer(
      'finalize_charge',
      escrowAccount(run.user),
      developerAccount(developer),
      charge,
      run.run_id,
    );
    this.transfer('finalize_refund', escrowAccount(run.user), userAccount(run.user), refund, run.run_id);
    this.statements.closeRun.run(
      'finalized',
      charge,
      refund,
      developer,
      request.outputHash,
      this.clock.now(),
      run.run_id,
    );
    return { runId: run.run_id, actualCharge: charge, refund, developer };
  }

  cancelRun(runId: number, caller: string): Promise<number> {
    return this.tx(() => {
      const run = this.runRow(runId);
      if (caller !== run.user && caller !== run.runner) throw new VaultError('Unauthorized', { runId });
      if (run.status !== 'open') throw new VaultError('RunNotOpen', { runId, status: run.status });
      this.transfer('cancel_refund', escrowAccount(run.user), userAccount(run.user), run.escrow, run.run_id);
      this.statements.closeRun.run('cancelled', 0, run.escrow, null, null, this.clock.now(), run.run_id);
      return run.escrow;
    });
  }

  getRun(runId: number): Promise<VaultRun> {
    return this.read(() => this.runView(this.runRow(runId)));
  }

  private runView(row: RunRow): VaultRun {
    return {
      runId: row.run_id,
      user: row.user,
      runner: row.runner,
      agentId: row.agent_id,
      rateVersion: row.rate_version,
      budgets: JSON.parse(row.budgets) as Meters,
      escrow: row.escrow,
      status: row.status,
      receipt:
        row.status === 'finalized'
          ? {
              runId: row.run_id,
              actualCharge: row.actual_charge ?? 0,
              refund: row.refund ?? 0,
              developer: row.developer ?? '',
            }
          : null,
      outputHash: row.output_hash,
      openedAt: row.opened_at,
    };
  }

  private rateCard(agentId: number, version: number): RateCard {
    const agent = this.registry.getAgentSync(agentId);
    const card = agent.rateCards.find((candidate) => candidate.version === version);
    if (!card) throw new VaultError('InvalidRateVersion', { agentId, rateVersion: version });
    return card;
  }

  /** The ledger's totals: deposits − withdrawals must equal balances + escrow + paid out. */
  totals(): LedgerTotals {
    const rows = this.db.prepare('SELECT account, balance FROM vault_accounts').all() as {
      account: string;
      balance: number;
    }[];
    const sum = (prefix: string) =>
      rows.filter((row) => row.account.startsWith(prefix)).reduce((total, row) => total + row.balance, 0);
    const journal = this.db
      .prepare(
        `SELECT account, SUM(amount) AS balance FROM (
           SELECT credit_account AS account, amount FROM vault_journal
           UNION ALL SELECT debit_account, -amount FROM vault_journal)
         GROUP BY account`,
      )
      .all() as { account: string; balance: number }[];
    const fromJournal = new Map(journal.map((entry) => [entry.account, entry.balance]));
    const journalMatches = rows.every((row) => (fromJournal.get(row.account) ?? 0) === row.balance);
    return {
      deposited: 0 - sum(EXTERNAL),
      balances: sum('user:'),
      escrow: sum('escrow:'),
      paidOut: sum('developer:'),
      journalMatches,
    };
  }
}

export interface LedgerTotals {
  /** Deposits minus withdrawals. */
  deposited: number;
  balances: number;
  escrow: number;
  paidOut: number;
  /** Every account's balance equals the sum of its journal rows. */
  journalMatches: boolean;
}

/** What the embedded vault reads of an agent, synchronously inside its transactions. */
export interface AgentSnapshot {
  developer: string;
  runners: string[];
  rateCards: RateCard[];
}
