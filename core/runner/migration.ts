import type { Migration } from '../store/migrations.js';

/**
 * The runner and the embedded vault.
 *
 * The vault keeps money as a double-entry ledger: every movement is one `vault_journal` row moving
 * an amount from one account to another, and `vault_accounts` holds each account's running balance.
 * Accounts: `external` (where deposits come from: it goes negative), `user:<u>` (spendable),
 * `escrow:<u>` (held by open runs), `developer:<d>` (paid out). So deposits − withdrawals =
 * balances + escrow + paid out, at every moment, and the sum of all balances is zero.
 *
 * Runs of the runner (`runner_runs`) are the queue; a worker holds a run it works on through a lease
 * (`lease_owner`, `lease_expires_at`), so a run whose worker died is found and finished by another.
 */
export const RUNNER_MIGRATION: Migration = {
  version: 5,
  name: 'runner',
  sql: `
    CREATE TABLE vault_accounts (
      account TEXT PRIMARY KEY,
      balance INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;

    CREATE TABLE vault_journal (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      reason TEXT NOT NULL,
      debit_account TEXT NOT NULL,
      credit_account TEXT NOT NULL,
      amount INTEGER NOT NULL CHECK (amount > 0),
      run_id INTEGER,
      created_at INTEGER NOT NULL
    );

    CREATE TABLE vault_policies (
      user TEXT PRIMARY KEY,
      per_run_cap INTEGER CHECK (per_run_cap IS NULL OR per_run_cap >= 0),
      daily_cap INTEGER CHECK (daily_cap IS NULL OR daily_cap >= 0),
      paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))
    ) WITHOUT ROWID;

    CREATE TABLE vault_grants (
      user TEXT NOT NULL,
      runner TEXT NOT NULL,
      agent_id INTEGER NOT NULL,
      expires_at INTEGER,
      granted_at INTEGER NOT NULL,
      PRIMARY KEY (user, runner, agent_id)
    ) WITHOUT ROWID;

    CREATE TABLE vault_runs (
      run_id INTEGER PRIMARY KEY AUTOINCREMENT,
      reference TEXT UNIQUE,
      user TEXT NOT NULL,
      runner TEXT NOT NULL,
      agent_id INTEGER NOT NULL,
      rate_version INTEGER NOT NULL,
      budgets TEXT NOT NULL,
      escrow INTEGER NOT NULL CHECK (escrow >= 0),
      status TEXT NOT NULL CHECK (status IN ('open', 'finalized', 'cancelled')),
      actual_charge INTEGER,
      refund INTEGER,
      developer TEXT,
      output_hash TEXT,
      day TEXT NOT NULL,
      opened_at INTEGER NOT NULL,
      closed_at INTEGER
    );
    CREATE INDEX vault_runs_user_day ON vault_runs(user, day);

    CREATE TABLE registry_agents (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      developer TEXT NOT NULL,
      runners TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );

    CREATE TABLE registry_rate_cards (
      agent_id INTEGER NOT NULL REFERENCES registry_agents(id),
      version INTEGER NOT NULL,
      prices TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (agent_id, version)
    ) WITHOUT ROWID;

    CREATE TABLE runner_runs (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      user TEXT NOT NULL,
      agent_id INTEGER NOT NULL,
      rate_version INTEGER NOT NULL,
      budgets TEXT NOT NULL,
      workflow_id TEXT NOT NULL,
      input TEXT,
      label TEXT,
      status TEXT NOT NULL CHECK (status IN
        ('pending', 'opening', 'running', 'finalizing', 'finalized', 'failed', 'cancelled')),
      attempts INTEGER NOT NULL DEFAULT 0,
      open_reference TEXT,
      vault_run_id INTEGER,
      usage TEXT,
      output TEXT,
      output_hash TEXT,
      receipt TEXT,
      error_code TEXT,
      error_message TEXT,
      requested_by TEXT NOT NULL,
      lease_owner TEXT,
      lease_expires_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      finished_at INTEGER
    );
    CREATE INDEX runner_runs_queue ON runner_runs(status, created_at) WHERE status = 'pending';
    CREATE INDEX runner_runs_active ON runner_runs(lease_expires_at)
      WHERE status IN ('opening', 'running', 'finalizing');
    CREATE INDEX runner_runs_tenant ON runner_runs(tenant_id, created_at, id);

    CREATE TABLE runner_settings (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE soroban_references (
      reference TEXT PRIMARY KEY,
      tx_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
