import type { Migration } from '../store/migrations.js';

/** First paid call attempts: each step as it happened, kept for the history (the last 100 per tenant). */
export const ONBOARDING_MIGRATION: Migration = {
  version: 6,
  name: 'onboarding',
  sql: `
    CREATE TABLE onboarding_attempts (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
      steps TEXT NOT NULL,
      error TEXT,
      run_id TEXT,
      receipt TEXT,
      requested_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      finished_at INTEGER
    );
    CREATE INDEX onboarding_attempts_tenant ON onboarding_attempts(tenant_id, created_at);
  `,
};
