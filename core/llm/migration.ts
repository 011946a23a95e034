import type { Migration } from '../store/migrations.js';

/**
 * The LLM quota: `llm_usage` is the ledger (one row per call, the source of truth) and
 * `llm_budget_days` holds running totals per caller and per tenant per UTC day, so a reservation
 * checks its budget with two primary-key reads instead of summing the day's ledger. Both change
 * together in one transaction; the CHECKs turn an accounting bug into a failed write, not a
 * silent negative balance.
 */
export const LLM_MIGRATION: Migration = {
  version: 3,
  name: 'llm',
  sql: `
    CREATE TABLE llm_usage (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      caller TEXT NOT NULL,
      key_id TEXT,
      agent_id TEXT NOT NULL,
      model TEXT NOT NULL,
      price_model TEXT NOT NULL,
      day TEXT NOT NULL,
      prompt_tokens_estimate INTEGER NOT NULL,
      max_completion_tokens INTEGER NOT NULL,
      prompt_tokens INTEGER,
      completion_tokens INTEGER,
      reserved_micros INTEGER NOT NULL CHECK (reserved_micros >= 0),
      cost_micros INTEGER CHECK (cost_micros >= 0),
      status TEXT NOT NULL CHECK (status IN ('reserved', 'settled', 'released', 'failed')),
      error_code TEXT,
      provider_status INTEGER,
      provider_request_id TEXT,
      latency_ms INTEGER,
      created_at INTEGER NOT NULL,
      finished_at INTEGER,
      -- The seed runbook's monitoring query (SUM(est_cost) GROUP BY agent_id) runs unchanged: USD, for reading only.
      est_cost REAL GENERATED ALWAYS AS (cost_micros / 1000000.0) VIRTUAL
    );
    CREATE INDEX llm_usage_tenant_day ON llm_usage(tenant_id, day);
    CREATE INDEX llm_usage_caller_day ON llm_usage(tenant_id, caller, day);

    CREATE TABLE llm_budget_days (
      tenant_id TEXT NOT NULL,
      caller TEXT NOT NULL,
      day TEXT NOT NULL,
      reserved_micros INTEGER NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
      spent_micros INTEGER NOT NULL DEFAULT 0 CHECK (spent_micros >= 0),
      PRIMARY KEY (tenant_id, caller, day)
    ) WITHOUT ROWID;
  `,
};

/** Finds reservations a crashed process left open (see `LlmLedgerRepository.releaseAbandoned`). */
export const LLM_OPEN_RESERVATIONS_MIGRATION: Migration = {
  version: 4,
  name: 'llm-open-reservations',
  sql: `CREATE INDEX llm_usage_open ON llm_usage(created_at) WHERE status = 'reserved';`,
};
