import { INTENTS_MIGRATION } from '../intents/migration.js';
import { LLM_MIGRATION, LLM_OPEN_RESERVATIONS_MIGRATION } from '../llm/migration.js';
import { ONBOARDING_MIGRATION } from '../onboarding/migration.js';
import { RUNNER_MIGRATION } from '../runner/migration.js';

/**
 * Numbered schema migrations, applied in order at start-up, each in its own transaction. A released
 * migration is never edited: a change to the schema is a new entry at the end of the list.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'platform',
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        secret_hash TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        owner TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        scopes TEXT NOT NULL,
        daily_limit_micros INTEGER,
        expires_at INTEGER,
        revoked_at INTEGER,
        last_used_at INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX api_keys_tenant ON api_keys(tenant_id, created_at, id);

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        tenant_id TEXT,
        actor TEXT NOT NULL,
        agent_id TEXT,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_tenant ON audit_log(tenant_id, seq);
      CREATE INDEX audit_log_action ON audit_log(action, seq);

      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      );

      CREATE TABLE idempotency_keys (
        tenant_id TEXT NOT NULL,
        operation TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
        response TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, operation, key)
      );
      CREATE INDEX idempotency_expiry ON idempotency_keys(expires_at);
    `,
  },
  INTENTS_MIGRATION,
  LLM_MIGRATION,
  LLM_OPEN_RESERVATIONS_MIGRATION,
  RUNNER_MIGRATION,
  ONBOARDING_MIGRATION,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
