import { conflict } from '../errors.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { SqliteDatabase } from '../store/database.js';
import { intentFileMatches } from './glob-matcher.js';
import { INTENT_STATUSES, type IntentRow, type IntentStatus, type IntentType } from './model.js';
import { ancestorPaths } from './paths.js';
import type { CandidateIntent, CandidateQuery } from './pre-pr-check.js';

export interface IntentListQuery {
  tenantId: string;
  owner?: string;
  /** The stored file or glob, exactly. */
  file?: string;
  status?: IntentStatus;
  code?: string;
  limit: number;
  cursor: string | null;
}

export interface StaleQuery {
  tenantId: string;
  modifiedBefore: number;
  limit: number;
  cursor: string | null;
}

export interface PathQuery {
  tenantId: string;
  /** A normalised repo path: intents on it, and globs that match it. */
  path: string;
  limit: number;
  cursor: string | null;
}

export interface IntentCounts {
  byStatus: Record<IntentStatus, number>;
  topCodes: { code: string; count: number }[];
  /** Planned and committed intents, and how many of them have an owner and a ticket. */
  promised: number;
  promisedWithOwnerAndTicket: number;
  /** Mean resolved_at - created_at over implemented intents, in ms; null when there are none. */
  meanResolveMs: number | null;
}

export interface ImportCounts {
  inserted: number;
  updated: number;
}

/**
 * Storage of intents. `update` runs `change` inside one write transaction with the current row, so
 * a read-modify-write can not lose a concurrent update; `change` may throw to abort, or return
 * undefined when nothing changes. Implementations: SQLite below; a PostgreSQL one can follow.
 */
export interface IntentRepository {
  insert(row: IntentRow): Promise<void>;
  findById(id: string): Promise<IntentRow | undefined>;
  update(
    id: string,
    change: (current: IntentRow) => IntentRow | undefined,
  ): Promise<{ before: IntentRow; after: IntentRow } | undefined>;
  delete(id: string): Promise<boolean>;
  list(query: IntentListQuery): Promise<Page<IntentRow>>;
  listStale(query: StaleQuery): Promise<Page<IntentRow>>;
  listByPath(query: PathQuery): Promise<Page<IntentRow>>;
  counts(tenantId: string, topCodes: number): Promise<IntentCounts>;
  /** Exact-path intents for the query's files and globs based at its bases, with one of its codes. */
  findCandidates(tenantId: string, query: CandidateQuery): Promise<CandidateIntent[]>;
  /** Inserts reserved rows unless that (tenant, file, code) is already reserved; returns those inserted. */
  reservePlaceholders(rows: IntentRow[]): Promise<IntentRow[]>;
  /** Upserts by id within the tenant, all or nothing; an id owned by another tenant is a 409. */
  importRows(tenantId: string, rows: IntentRow[], now: number): Promise<ImportCounts>;
}

interface DbRow {
  id: string;
  tenant_id: string;
  code: string;
  type: IntentType;
  file: string;
  is_glob: 0 | 1;
  glob_base: string | null;
  line: number | null;
  reason_category: string | null;
  reason: string | null;
  suggestion: string | null;
  owner: string | null;
  ticket: string | null;
  eta: string | null;
  status: IntentStatus;
  agent_id: string | null;
  created_at: number;
  modified_at: number;
  resolved_at: number | null;
}

const fromDb = (row: DbRow): IntentRow => ({
  id: row.id,
  tenantId: row.tenant_id,
  code: row.code,
  type: row.type,
  file: row.file,
  isGlob: row.is_glob === 1,
  globBase: row.glob_base,
  line: row.line,
  reasonCategory: row.reason_category,
  reason: row.reason,
  suggestion: row.suggestion,
  owner: row.owner,
  ticket: row.ticket,
  eta: row.eta,
  status: row.status,
  agentId: row.agent_id,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
  resolvedAt: row.resolved_at,
});

const toDb = (row: IntentRow): DbRow => ({
  id: row.id,
  tenant_id: row.tenantId,
  code: row.code,
  type: row.type,
  file: row.file,
  is_glob: row.isGlob ? 1 : 0,
  glob_base: row.globBase,
  line: row.line,
  reason_category: row.reasonCategory,
  reason: row.reason,
  suggestion: row.suggestion,
  owner: row.owner,
  ticket: row.ticket,
  eta: row.eta,
  status: row.status,
  agent_id: row.agentId,
  created_at: row.createdAt,
  modified_at: row.modifiedAt,
  resolved_at: row.resolvedAt,
});

const COLUMNS: readonly (keyof DbRow)[] = [
  'id',
  'tenant_id',
  'code',
  'type',
  'file',
  'is_glob',
  'glob_base',
  'line',
  'reason_category',
  'reason',
  'suggestion',
  'owner',
  'ticket',
  'eta',
  'status',
  'agent_id',
  'created_at',
  'modified_at',
  'resolved_at',
];
const INSERT_SQL = `INSERT INTO intents (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
const UPDATE_SQL = `UPDATE intents SET ${COLUMNS.filter((c) => c !== 'id' && c !== 'tenant_id')
  .map((c) => `${c} = @${c}`)
  .join(', ')} WHERE id = @id AND tenant_id = @tenant_id`;

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/**
 * The index a filtered list walks, most selective filter first. Named, because without ANALYZE
 * statistics SQLite may prefer walking the whole tenant in creation order to skip a sort.
 */
function listIndex(query: IntentListQuery): string {
  if (query.file !== undefined) return 'intents_file';
  if (query.owner !== undefined) return 'intents_owner';
  if (query.code !== undefined) return 'intents_code';
  if (query.status !== undefined) return 'intents_status';
  return 'intents_created';
}

const byCreation = (a: IntentRow, b: IntentRow): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SqliteIntentRepository implements IntentRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    const staleSql = (after: boolean) => `SELECT * FROM intents INDEXED BY intents_open
      WHERE tenant_id = ? AND status IN ('reserved', 'planned', 'committed') AND modified_at < ?
      ${after ? 'AND (modified_at, id) > (?, ?)' : ''}
      ORDER BY modified_at, id LIMIT CAST(? AS INTEGER)`;
    this.statements = {
      ensureTenant: db.prepare('INSERT OR IGNORE INTO tenants (id, created_at) VALUES (?, ?)'),
      insert: db.prepare(INSERT_SQL),
      insertReserved: db.prepare(
        `${INSERT_SQL} ON CONFLICT (tenant_id, file, code) WHERE status = 'reserved' DO NOTHING RETURNING id`,
      ),
      update: db.prepare(UPDATE_SQL),
      findById: db.prepare('SELECT * FROM intents WHERE id = ?'),
      findReserved: db.prepare(
        "SELECT id FROM intents WHERE tenant_id = ? AND file = ? AND code = ? AND status = 'reserved'",
      ),
      delete: db.prepare('DELETE FROM intents WHERE id = ?'),
      // CROSS JOIN keeps the PR's files as the outer loop: one index probe per (file, code), whatever
      // the size of the registry.
      exactCandidates: db.prepare(`SELECT i.file, i.code, i.status, NULL AS globBase FROM json_each(?) AS f
        CROSS JOIN intents AS i
        WHERE i.tenant_id = ? AND i.file = f.value AND i.code IN (SELECT value FROM json_each(?))`),
      globCandidates:
        db.prepare(`SELECT i.file, i.code, i.status, i.glob_base AS globBase FROM json_each(?) AS b
        CROSS JOIN intents AS i
        WHERE i.tenant_id = ? AND i.is_glob = 1 AND i.glob_base = b.value
          AND i.code IN (SELECT value FROM json_each(?))`),
      stale: db.prepare(staleSql(false)),
      staleAfter: db.prepare(staleSql(true)),
      countByStatus: db.prepare(
        'SELECT status, COUNT(*) AS n FROM intents WHERE tenant_id = ? GROUP BY status',
      ),
      topCodes: db.prepare(`SELECT code, COUNT(*) AS n FROM intents WHERE tenant_id = ?
        GROUP BY code ORDER BY n DESC, code LIMIT CAST(? AS INTEGER)`),
      promised: db.prepare(`SELECT COUNT(*) AS total,
          COALESCE(SUM(trim(COALESCE(owner, '')) <> '' AND trim(COALESCE(ticket, '')) <> ''), 0) AS complete
        FROM intents WHERE tenant_id = ? AND status IN ('planned', 'committed')`),
      meanResolve: db.prepare(`SELECT AVG(resolved_at - created_at) AS mean FROM intents
        WHERE tenant_id = ? AND status = 'implemented' AND resolved_at IS NOT NULL`),
      idsOfOtherTenants: db.prepare(`SELECT i.id FROM json_each(?) AS j CROSS JOIN intents AS i
        WHERE i.id = j.value AND i.tenant_id <> ?`),
    };
  }

  private uniqueConflict(row: IntentRow, error: unknown): unknown {
    if (!isUniqueViolation(error)) return error;
    const existing = this.statements.findReserved.get(row.tenantId, row.file, row.code) as
      { id: string } | undefined;
    if (!existing)
      return conflict('INTENT_ID_TAKEN', `An intent with id "${row.id}" already exists`, { id: row.id });
    return conflict(
      'INTENT_ALREADY_RESERVED',
      `${row.file} already has a reserved intent for ${row.code} (${existing.id}); plan that one instead`,
      { existing_id: existing.id, file: row.file, code: row.code },
    );
  }

  insert(row: IntentRow): Promise<void> {
    try {
      this.db.transaction(() => {
        this.statements.ensureTenant.run(row.tenantId, row.createdAt);
        this.statements.insert.run(toDb(row));
      })();
    } catch (error) {
      throw this.uniqueConflict(row, error);
    }
    return Promise.resolve();
  }

  findById(id: string): Promise<IntentRow | undefined> {
    const row = this.statements.findById.get(id) as DbRow | undefined;
    return Promise.resolve(row ? fromDb(row) : undefined);
  }

  update(
    id: string,
    change: (current: IntentRow) => IntentRow | undefined,
  ): Promise<{ before: IntentRow; after: IntentRow } | undefined> {
    let attempted: IntentRow | undefined;
    try {
      return Promise.resolve(
        this.db
          .transaction(() => {
            const found = this.statements.findById.get(id) as DbRow | undefined;
            if (!found) return undefined;
            const before = fromDb(found);
            attempted = change(before);
            if (!attempted) return { before, after: before };
            this.statements.update.run(toDb({ ...attempted, id: before.id, tenantId: before.tenantId }));
            return { before, after: attempted };
          })
          .immediate(),
      );
    } catch (error) {
      throw attempted ? this.uniqueConflict(attempted, error) : error;
    }
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.statements.delete.run(id).changes > 0);
  }

  list(query: IntentListQuery): Promise<Page<IntentRow>> {
    const where = ['tenant_id = ?'];
    const params: unknown[] = [query.tenantId];
    const filters: [string, string | undefined][] = [
      ['owner', query.owner],
      ['file', query.file],
      ['status', query.status],
      ['code', query.code],
    ];
    for (const [column, value] of filters) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const after = decodeCursor(query.cursor, ['number', 'string']);
    if (after) {
      where.push('(created_at, id) > (?, ?)');
      params.push(...after);
    }
    const sql = `SELECT * FROM intents INDEXED BY ${listIndex(query)} WHERE ${where.join(' AND ')}
      ORDER BY created_at, id LIMIT CAST(? AS INTEGER)`;
    const rows = (this.db.prepare(sql).all(...params, query.limit + 1) as DbRow[]).map(fromDb);
    return Promise.resolve(pageOf(rows, query.limit, (last) => [last.createdAt, last.id]));
  }

  listStale(query: StaleQuery): Promise<Page<IntentRow>> {
    const after = decodeCursor(query.cursor, ['number', 'string']);
    const rows = (
      after
        ? this.statements.staleAfter.all(query.tenantId, query.modifiedBefore, ...after, query.limit + 1)
        : this.statements.stale.all(query.tenantId, query.modifiedBefore, query.limit + 1)
    ) as DbRow[];
    return Promise.resolve(pageOf(rows.map(fromDb), query.limit, (last) => [last.modifiedAt, last.id]));
  }

  listByPath(query: PathQuery): Promise<Page<IntentRow>> {
    const after = decodeCursor(query.cursor, ['number', 'string']);
    const cursorSql = after ? 'AND (i.created_at, i.id) > (?, ?)' : '';
    const cursorParams = after ?? [];
    const exact = this.db
      .prepare(
        `SELECT * FROM intents AS i INDEXED BY intents_file WHERE i.tenant_id = ? AND i.file = ? ${cursorSql}
         ORDER BY i.created_at, i.id LIMIT CAST(? AS INTEGER)`,
      )
      .all(query.tenantId, query.path, ...cursorParams, query.limit + 1) as DbRow[];
    // Globs are few and only those based above the path are read; each is then really matched.
    const globs = (
      this.db
        .prepare(
          `SELECT i.* FROM json_each(?) AS b CROSS JOIN intents AS i
           WHERE i.tenant_id = ? AND i.is_glob = 1 AND i.glob_base = b.value AND i.file <> ? ${cursorSql}`,
        )
        .all(
          JSON.stringify(ancestorPaths(query.path)),
          query.tenantId,
          query.path,
          ...cursorParams,
        ) as DbRow[]
    ).filter((row) => intentFileMatches(row.file, true, query.path));
    const rows = [...exact, ...globs].map(fromDb).sort(byCreation);
    return Promise.resolve(pageOf(rows, query.limit, (last) => [last.createdAt, last.id]));
  }

  counts(tenantId: string, topCodes: number): Promise<IntentCounts> {
    return Promise.resolve(
      this.db.transaction(() => {
        const byStatus = Object.fromEntries(INTENT_STATUSES.map((status) => [status, 0])) as Record<
          IntentStatus,
          number
        >;
        for (const row of this.statements.countByStatus.all(tenantId) as {
          status: IntentStatus;
          n: number;
        }[]) {
          byStatus[row.status] = row.n;
        }
        const codes = this.statements.topCodes.all(tenantId, topCodes) as { code: string; n: number }[];
        const promised = this.statements.promised.get(tenantId) as { total: number; complete: number };
        const resolve = this.statements.meanResolve.get(tenantId) as { mean: number | null };
        return {
          byStatus,
          topCodes: codes.map((row) => ({ code: row.code, count: row.n })),
          promised: promised.total,
          promisedWithOwnerAndTicket: promised.complete,
          meanResolveMs: resolve.mean,
        };
      })(),
    );
  }

  findCandidates(tenantId: string, query: CandidateQuery): Promise<CandidateIntent[]> {
    const codes = JSON.stringify(query.codes);
    // One read transaction: both statements see the same snapshot of the registry.
    return Promise.resolve(
      this.db.transaction(() => {
        // Both statements name their columns as CandidateIntent's fields: rows need no mapping.
        const exact = this.statements.exactCandidates.all(JSON.stringify(query.files), tenantId, codes);
        const globs = this.statements.globCandidates.all(JSON.stringify(query.globBases), tenantId, codes);
        return [...exact, ...globs] as CandidateIntent[];
      })(),
    );
  }

  reservePlaceholders(rows: IntentRow[]): Promise<IntentRow[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return Promise.resolve(
      this.db
        .transaction(() => {
          const created: IntentRow[] = [];
          const first = rows[0];
          if (first) this.statements.ensureTenant.run(first.tenantId, first.createdAt);
          for (const row of rows) {
            // The conflict clause below only guards reservations; anything else would duplicate.
            if (row.status !== 'reserved') {
              throw new Error('reservePlaceholders only inserts reserved intents');
            }
            if (this.statements.insertReserved.get(toDb(row)) !== undefined) created.push(row);
          }
          return created;
        })
        .immediate(),
    );
  }

  importRows(tenantId: string, rows: IntentRow[], now: number): Promise<ImportCounts> {
    let current: IntentRow | undefined;
    try {
      return Promise.resolve(
        this.db
          .transaction(() => {
            const foreign = this.statements.idsOfOtherTenants.all(
              JSON.stringify(rows.map((row) => row.id)),
              tenantId,
            ) as { id: string }[];
            if (foreign.length > 0) {
              throw conflict(
                'INTENT_ID_TAKEN',
                `${foreign.length} intent id(s) in the registry belong to another tenant, e.g. "${foreign[0]?.id}"`,
                { ids: foreign.slice(0, 20).map((row) => row.id) },
              );
            }
            this.statements.ensureTenant.run(tenantId, now);
            const counts: ImportCounts = { inserted: 0, updated: 0 };
            for (const row of rows) {
              current = { ...row, tenantId };
              if (this.statements.findById.get(row.id)) {
                this.statements.update.run(toDb(current));
                counts.updated += 1;
              } else {
                this.statements.insert.run(toDb(current));
                counts.inserted += 1;
              }
            }
            return counts;
          })
          .immediate(),
      );
    } catch (error) {
      throw current ? this.uniqueConflict(current, error) : error;
    }
  }
}
