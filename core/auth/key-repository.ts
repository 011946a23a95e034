import type { SqliteDatabase } from '../store/database.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { Scope } from './scopes.js';

export interface ApiKeyRow {
  id: string;
  tenantId: string;
  secretHash: string;
  agentId: string;
  owner: string;
  description: string;
  scopes: Scope[];
  dailyLimitMicros: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  createdAt: number;
}

export interface ApiKeyListQuery {
  tenantId: string | null;
  limit: number;
  cursor: string | null;
  includeRevoked: boolean;
}

/** Storage of tenants and API keys. Implementations: SQLite below; others can follow. */
export interface ApiKeyRepository {
  ensureTenant(tenantId: string, now: number): Promise<void>;
  insert(row: ApiKeyRow): Promise<void>;
  findById(id: string): Promise<ApiKeyRow | undefined>;
  list(query: ApiKeyListQuery): Promise<Page<ApiKeyRow>>;
  revoke(id: string, at: number): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

interface DbRow {
  id: string;
  tenant_id: string;
  secret_hash: string;
  agent_id: string;
  owner: string;
  description: string;
  scopes: string;
  daily_limit_micros: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  created_at: number;
}

const fromDb = (row: DbRow): ApiKeyRow => ({
  id: row.id,
  tenantId: row.tenant_id,
  secretHash: row.secret_hash,
  agentId: row.agent_id,
  owner: row.owner,
  description: row.description,
  scopes: JSON.parse(row.scopes) as Scope[],
  dailyLimitMicros: row.daily_limit_micros,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  createdAt: row.created_at,
});

export class SqliteApiKeyRepository implements ApiKeyRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      ensureTenant: db.prepare('INSERT OR IGNORE INTO tenants (id, created_at) VALUES (?, ?)'),
      insert: db.prepare(`INSERT INTO api_keys
        (id, tenant_id, secret_hash, agent_id, owner, description, scopes, daily_limit_micros,
         expires_at, revoked_at, last_used_at, created_at)
        VALUES (@id, @tenantId, @secretHash, @agentId, @owner, @description, @scopes, @dailyLimitMicros,
         @expiresAt, @revokedAt, @lastUsedAt, @createdAt)`),
      findById: db.prepare('SELECT * FROM api_keys WHERE id = ?'),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touch: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
    };
  }

  ensureTenant(tenantId: string, now: number): Promise<void> {
    this.statements.ensureTenant.run(tenantId, now);
    return Promise.resolve();
  }

  insert(row: ApiKeyRow): Promise<void> {
    this.db.transaction(() => {
      this.statements.ensureTenant.run(row.tenantId, row.createdAt);
      this.statements.insert.run({ ...row, scopes: JSON.stringify(row.scopes) });
    })();
    return Promise.resolve();
  }

  findById(id: string): Promise<ApiKeyRow | undefined> {
    const row = this.statements.findById.get(id) as DbRow | undefined;
    return Promise.resolve(row ? fromDb(row) : undefined);
  }

  list(query: ApiKeyListQuery): Promise<Page<ApiKeyRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.tenantId !== null) {
      where.push('tenant_id = ?');
      params.push(query.tenantId);
    }
    if (!query.includeRevoked) where.push('revoked_at IS NULL');
    const after = decodeCursor(query.cursor, ['number', 'string']);
    if (after) {
      where.push('(created_at, id) > (?, ?)');
      params.push(after[0], after[1]);
    }
    const sql = `SELECT * FROM api_keys ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at, id LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, query.limit + 1) as DbRow[];
    const items = rows.slice(0, query.limit).map(fromDb);
    const last = items[items.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null;
    return Promise.resolve({ items, nextCursor });
  }

  revoke(id: string, at: number): Promise<boolean> {
    return Promise.resolve(this.statements.revoke.run(at, id).changes > 0);
  }

  touch(id: string, at: number): Promise<void> {
    this.statements.touch.run(at, id);
    return Promise.resolve();
  }
}
