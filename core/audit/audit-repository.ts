import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/database.js';

export interface AuditRow {
  seq: number;
  at: number;
  tenantId: string | null;
  actor: string;
  agentId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type NewAuditRow = Omit<AuditRow, 'seq' | 'prevHash' | 'hash'>;

export interface AuditQuery {
  tenantId: string | null;
  action?: string;
  agentId?: string;
  /** Rows with seq below this, newest first. */
  beforeSeq?: number;
  limit: number;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Append-only storage of the audit chain. `append` computes the row's hash from the previous head
 * inside one write transaction, so two writers can never fork the chain.
 */
export interface AuditRepository {
  append(row: NewAuditRow, hash: (prevHash: string, seq: number) => string): Promise<AuditRow>;
  query(query: AuditQuery): Promise<AuditRow[]>;
  /** Every row in chain order, in batches, for verification. */
  scan(afterSeq: number, batch: number): Promise<AuditRow[]>;
  head(): Promise<AuditHead | undefined>;
}

interface DbRow {
  seq: number;
  at: number;
  tenant_id: string | null;
  actor: string;
  agent_id: string | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

function fromDb(row: DbRow): AuditRow {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details) as Record<string, unknown>;
  } catch {
    details = { unparseable: row.details };
  }
  return {
    seq: row.seq,
    at: row.at,
    tenantId: row.tenant_id,
    actor: row.actor,
    agentId: row.agent_id,
    action: row.action,
    target: row.target,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export const GENESIS_HASH = '0'.repeat(64);

export class SqliteAuditRepository implements AuditRepository {
  private readonly statements;
  private readonly appendTx;
  /** The queries by their WHERE clause. */
  private readonly queryStatements = new Map<string, Statement<unknown[], DbRow>>();

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      head: db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1'),
      insert: db.prepare(`INSERT INTO audit_log
        (seq, at, tenant_id, actor, agent_id, action, target, details, prev_hash, hash)
        VALUES (@seq, @at, @tenantId, @actor, @agentId, @action, @target, @details, @prevHash, @hash)`),
      setHead: db.prepare(
        'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
      ),
      scan: db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT CAST(? AS INTEGER)'),
    };
    this.appendTx = db.transaction((row: NewAuditRow, hash: (prevHash: string, seq: number) => string) => {
      const head = this.statements.head.get() as AuditHead | undefined;
      const seq = (head?.seq ?? 0) + 1;
      const prevHash = head?.hash ?? GENESIS_HASH;
      const stored: AuditRow = { ...row, seq, prevHash, hash: hash(prevHash, seq) };
      this.statements.insert.run({ ...stored, details: JSON.stringify(stored.details) });
      this.statements.setHead.run(seq, stored.hash);
      return stored;
    });
  }

  append(row: NewAuditRow, hash: (prevHash: string, seq: number) => string): Promise<AuditRow> {
    return Promise.resolve(this.appendTx.immediate(row, hash));
  }

  /**
   * Appends at once, inside the caller's transaction if there is one (a savepoint), so a change and
   * the audit row recording it commit together or not at all.
   */
  appendNow(row: NewAuditRow, hash: (prevHash: string, seq: number) => string): AuditRow {
    return this.appendTx.immediate(row, hash);
  }

  query(query: AuditQuery): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.tenantId !== null) {
      where.push('tenant_id = ?');
      params.push(query.tenantId);
    }
    if (query.action) {
      where.push('action = ?');
      params.push(query.action);
    }
    if (query.agentId) {
      where.push('agent_id = ?');
      params.push(query.agentId);
    }
    if (query.beforeSeq) {
      where.push('seq < ?');
      params.push(query.beforeSeq);
    }
    return Promise.resolve(
      this.queryStatement(where.join(' AND '))
        .all(...params, query.limit)
        .map(fromDb),
    );
  }

  /** One prepared statement per combination of filters, prepared on first use. */
  private queryStatement(filter: string): Statement<unknown[], DbRow> {
    let statement = this.queryStatements.get(filter);
    if (!statement) {
      // `CAST(? AS INTEGER)`, not a bare `?`: SQLite re-prepares a statement every time a bare LIMIT
      // parameter is bound (its planner reads the value).
      statement = this.db.prepare<unknown[], DbRow>(
        `SELECT * FROM audit_log ${filter ? `WHERE ${filter}` : ''} ORDER BY seq DESC LIMIT CAST(? AS INTEGER)`,
      );
      this.queryStatements.set(filter, statement);
    }
    return statement;
  }

  scan(afterSeq: number, batch: number): Promise<AuditRow[]> {
    return Promise.resolve((this.statements.scan.all(afterSeq, batch) as DbRow[]).map(fromDb));
  }

  head(): Promise<AuditHead | undefined> {
    return Promise.resolve(this.statements.head.get() as AuditHead | undefined);
  }
}
