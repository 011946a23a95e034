import { randomBase62 } from '../hashing.js';
import type { SqliteDatabase } from '../store/database.js';

/*
 * Synthetic registries for benchmarks and tests: a million intents in seconds, generated inside
 * SQLite by one INSERT … SELECT in one transaction (no row crosses into JavaScript).
 */

export const SEED_CODES = ['F821', 'F401', 'E501', 'F841', 'E722', 'B006', 'C901', 'SIM102', 'UP006', 'W291'];
export const SEED_DIRS = 1000;
/** Literal intents per file: file k holds intents k*2 and k*2+1, with two different codes. */
export const SEED_INTENTS_PER_FILE = 2;

export interface SeedOptions {
  /**
   * Glob intents added on top of `count` literal ones. Default: 1 per 100 intents, at most 100:
   * globs are written by people, so they stay few however many placeholders a registry collects.
   */
  globs?: number;
  /** Epoch ms the newest intent was created at (default: now). */
  now?: number;
}

export interface SeededRegistry {
  literal: number;
  globs: number;
  /** Distinct files holding literal intents: `seedFilePath(0 … files-1)`. */
  files: number;
}

/** The path of the seeded file number `index`, e.g. to build a PR's file list for a benchmark. */
export function seedFilePath(index: number): string {
  return `seed/d${String(index % SEED_DIRS).padStart(3, '0')}/f${String(index).padStart(7, '0')}.py`;
}

/**
 * Adds `count` literal intents (statuses in turn reserved, planned, committed, implemented,
 * expired; every code of SEED_CODES; planned and committed with owner and ticket) and a few globs of
 * the form `seed/dNNN/**\/generated_J_*.py`, which sit above the seeded files but match none of them.
 */
export function seedIntents(
  db: SqliteDatabase,
  tenantId: string,
  count: number,
  options: SeedOptions = {},
): SeededRegistry {
  const globs = options.globs ?? Math.min(100, Math.floor(count / 100));
  const now = options.now ?? Date.now();
  const batch = randomBase62(6);
  const codes = JSON.stringify(SEED_CODES);
  const statusSql = `CASE i % 5 WHEN 0 THEN 'reserved' WHEN 1 THEN 'planned' WHEN 2 THEN 'committed'
    WHEN 3 THEN 'implemented' ELSE 'expired' END`;
  const createdSql = `(@now - (@count - i) * 1000)`;
  db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO tenants (id, created_at) VALUES (?, ?)').run(tenantId, now);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
      INSERT INTO intents (id, tenant_id, code, type, file, is_glob, glob_base, line, reason_category, reason,
        owner, ticket, status, agent_id, created_at, modified_at, resolved_at)
      SELECT printf('int_seed%s%09d', @batch, i), @tenant, json_extract(@codes, printf('$[%d]', i % @codeCount)),
        'lint', printf('seed/d%03d/f%07d.py', (i / ${SEED_INTENTS_PER_FILE}) % ${SEED_DIRS}, i / ${SEED_INTENTS_PER_FILE}),
        0, NULL, 1 + i % 500, 'seed', 'synthetic intent',
        printf('team%d', i % 50), printf('SEED-%d', i), ${statusSql}, 'seed', ${createdSql},
        ${createdSql} + (i % 7) * 86400000,
        CASE i % 5 WHEN 3 THEN ${createdSql} + (1 + i % 30) * 86400000 ELSE NULL END
      FROM n WHERE @count > 0`,
    ).run({ count, now, batch, tenant: tenantId, codes, codeCount: SEED_CODES.length });
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @globs)
      INSERT INTO intents (id, tenant_id, code, type, file, is_glob, glob_base, status, owner, ticket,
        agent_id, created_at, modified_at)
      SELECT printf('int_seedglob%s%07d', @batch, i), @tenant, json_extract(@codes, printf('$[%d]', i % @codeCount)),
        'lint', printf('seed/d%03d/**/generated_%d_*.py', (i * 37) % ${SEED_DIRS}, i), 1,
        printf('seed/d%03d', (i * 37) % ${SEED_DIRS}), 'planned', 'codegen', 'SEED-GLOB', 'seed', @now, @now
      FROM n WHERE @globs > 0`,
    ).run({ globs, now, batch, tenant: tenantId, codes, codeCount: SEED_CODES.length });
  })();
  return { literal: count, globs, files: Math.ceil(count / SEED_INTENTS_PER_FILE) };
}
