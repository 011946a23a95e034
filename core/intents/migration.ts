import type { Migration } from '../store/migrations.js';

/**
 * The intent registry. Literal paths and globs share one table; `is_glob` and `glob_base` (the
 * glob's literal directory prefix) let the pre-PR check fetch only the globs that could match a
 * changed file, so its cost follows the size of the PR and not of the registry.
 */
export const INTENTS_MIGRATION: Migration = {
  version: 2,
  name: 'intents',
  sql: `
    CREATE TABLE intents (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL REFERENCES tenants(id),
      code TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('lint', 'import')),
      file TEXT NOT NULL,
      is_glob INTEGER NOT NULL CHECK (is_glob IN (0, 1)),
      glob_base TEXT,
      line INTEGER,
      reason_category TEXT,
      reason TEXT,
      suggestion TEXT,
      owner TEXT,
      ticket TEXT,
      eta TEXT,
      status TEXT NOT NULL CHECK (status IN ('reserved', 'planned', 'committed', 'implemented', 'expired')),
      agent_id TEXT,
      created_at INTEGER NOT NULL,
      modified_at INTEGER NOT NULL,
      resolved_at INTEGER,
      CHECK ((is_glob = 1) = (glob_base IS NOT NULL))
    );

    -- Pre-PR check, exact paths: covering, so a lookup never touches the table.
    CREATE INDEX intents_file ON intents(tenant_id, file, code, status);
    -- Pre-PR check, globs: only globs whose literal prefix is an ancestor of a changed file are read.
    CREATE INDEX intents_glob ON intents(tenant_id, glob_base, code, status, file) WHERE is_glob = 1;
    -- At most one reserved placeholder per (tenant, file, code), even with concurrent checks.
    CREATE UNIQUE INDEX intents_reserved_once ON intents(tenant_id, file, code) WHERE status = 'reserved';
    -- Paginated lists, each in its own order without a sort.
    CREATE INDEX intents_created ON intents(tenant_id, created_at, id);
    CREATE INDEX intents_owner ON intents(tenant_id, owner, created_at, id);
    -- Also covers the metrics that read owner, ticket and resolved_at by status.
    CREATE INDEX intents_status ON intents(tenant_id, status, created_at, id, owner, ticket, resolved_at);
    CREATE INDEX intents_code ON intents(tenant_id, code, created_at, id);
    CREATE INDEX intents_open ON intents(tenant_id, modified_at, id)
      WHERE status IN ('reserved', 'planned', 'committed');
  `,
};
