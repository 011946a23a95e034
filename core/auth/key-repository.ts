import type { Statement } from 'better-sqlite3';
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
  /** The row is shared (and frozen) where the store caches it: never change it. */
  findById(id: string): Promise<Readonly<ApiKeyRow> | undefined>;
  list(query: ApiKeyListQuery): Promise<Page<ApiKeyRow>>;
  revoke(id: string, at: number): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

/**
 * A stored row as better-sqlite3 returns it in `raw` mode: an array in COLUMNS order. Authentication
 * reads one row per request, and an array spares better-sqlite3 building an object with a dozen
 * named properties from C++ for every row.
 */
type DbRow = [
  id: string,
  tenantId: string,
  secretHash: string,
  agentId: string,
  owner: string,
  description: string,
  scopes: string,
  dailyLimitMicros: number | null,
  expiresAt: number | null,
  revokedAt: number | null,
  lastUsedAt: number | null,
  createdAt: number,
];

const COLUMNS = `id, tenant_id, secret_hash, agent_id, owner, description, scopes, daily_limit_micros,
  expires_at, revoked_at, last_used_at, created_at`;

const fromDb = (row: DbRow): ApiKeyRow => ({
  id: row[0],
  tenantId: row[1],
  secretHash: row[2],
  agentId: row[3],
  owner: row[4],
  description: row[5],
  scopes: JSON.parse(row[6]) as Scope[],
  dailyLimitMicros: row[7],
  expiresAt: row[8],
  revokedAt: row[9],
  lastUsedAt: row[10],
  createdAt: row[11],
});

/** Rows kept for authentication; past this many, the cache starts over (a key id space is not bounded). */
const MAX_CACHED_ROWS = 10_000;
/** How long the cache is trusted before `data_version` is read again: the most another process's change waits. */
const REVALIDATE_MS = 1_000;

export class SqliteApiKeyRepository implements ApiKeyRepository {
  private readonly statements;
  /**
   * Rows by id, for authentication (every authenticated request reads its key, and each SQLite read
   * costs a shared lock on the WAL index: two system calls). This connection's own writes (revoke
   * through the API, the CLI's own store) update the cache as they happen. Another process's
   * commit (`settld-mcp keys revoke` beside a running `serve`) changes SQLite's `data_version`,
   * which is read at most every REVALIDATE_MS: such a revocation takes effect within a second.
   * Rows are frozen: callers share them.
   */
  private readonly cache = new Map<string, Readonly<ApiKeyRow>>();
  private cachedVersion: number | undefined;
  private validatedAt = Number.NEGATIVE_INFINITY;
  /** The list queries by their WHERE clause. */
  private readonly listStatements = new Map<string, Statement<unknown[], DbRow>>();

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      ensureTenant: db.prepare('INSERT OR IGNORE INTO tenants (id, created_at) VALUES (?, ?)'),
      insert: db.prepare(`INSERT INTO api_keys
        (id, tenant_id, secret_hash, agent_id, owner, description, scopes, daily_limit_micros,
         expires_at, revoked_at, last_used_at, created_at)
        VALUES (@id, @tenantId, @secretHash, @agentId, @owner, @description, @scopes, @dailyLimitMicros,
         @expiresAt, @revokedAt, @lastUsedAt, @createdAt)`),
      findById: db.prepare<[string], DbRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`).raw(),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touch: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
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

  findById(id: string): Promise<Readonly<ApiKeyRow> | undefined> {
    const now = performance.now();
    if (now - this.validatedAt >= REVALIDATE_MS) {
      this.validatedAt = now;
      const version = this.statements.dataVersion.get();
      if (version !== this.cachedVersion) {
        this.cache.clear();
        this.cachedVersion = version;
      }
    }
    let row = this.cache.get(id);
    if (!row) {
      const stored = this.statements.findById.get(id);
      // Unknown ids are not remembered: guessing them must not fill the cache.
      if (!stored) return Promise.resolve(undefined);
      row = this.remember(fromDb(stored));
    }
    return Promise.resolve(row);
  }

  private remember(row: ApiKeyRow): Readonly<ApiKeyRow> {
    if (this.cache.size >= MAX_CACHED_ROWS) this.cache.clear();
    Object.freeze(row.scopes);
    const frozen = Object.freeze(row);
    this.cache.set(row.id, frozen);
    return frozen;
  }

  /** After this connection changed a row: the next read takes it from the store. */
  private forget(id: string): void {
    this.cache.delete(id);
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
    const rows = this.listStatement(where.join(' AND ')).all(...params, query.limit + 1);
    const items = rows.slice(0, query.limit).map(fromDb);
    const last = items[items.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null;
    return Promise.resolve({ items, nextCursor });
  }

  /** One prepared statement per combination of filters (a handful), prepared on first use. */
  private listStatement(filter: string): Statement<unknown[], DbRow> {
    let statement = this.listStatements.get(filter);
    if (!statement) {
      // `CAST(? AS INTEGER)`, not a bare `?`: SQLite re-prepares a statement every time a bare LIMIT
      // parameter is bound (its planner reads the value), which costs more than the query itself.
      statement = this.db
        .prepare<unknown[], DbRow>(
          `SELECT ${COLUMNS} FROM api_keys ${filter ? `WHERE ${filter}` : ''}
           ORDER BY created_at, id LIMIT CAST(? AS INTEGER)`,
        )
        .raw();
      this.listStatements.set(filter, statement);
    }
    return statement;
  }

  revoke(id: string, at: number): Promise<boolean> {
    const changed = this.statements.revoke.run(at, id).changes > 0;
    this.forget(id);
    return Promise.resolve(changed);
  }

  touch(id: string, at: number): Promise<void> {
    this.statements.touch.run(at, id);
    this.forget(id);
    return Promise.resolve();
  }
}
