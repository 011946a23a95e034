import type { SqliteDatabase } from '../store/database.js';

export const HISTORY_LIMIT = 100;

export interface AttemptStep {
  step: string;
  status: 'ok' | 'failed';
  at: number;
  ms: number;
  detail: Record<string, unknown>;
}

export interface AttemptRow {
  id: string;
  tenantId: string;
  status: 'running' | 'completed' | 'failed';
  steps: AttemptStep[];
  error: { code: string; step: string; message: string } | null;
  runId: string | null;
  receipt: Record<string, unknown> | null;
  requestedBy: string;
  createdAt: number;
  finishedAt: number | null;
}

interface DbRow {
  id: string;
  tenant_id: string;
  status: AttemptRow['status'];
  steps: string;
  error: string | null;
  run_id: string | null;
  receipt: string | null;
  requested_by: string;
  created_at: number;
  finished_at: number | null;
}

const fromDb = (row: DbRow): AttemptRow => ({
  id: row.id,
  tenantId: row.tenant_id,
  status: row.status,
  steps: JSON.parse(row.steps) as AttemptStep[],
  error: row.error === null ? null : (JSON.parse(row.error) as AttemptRow['error']),
  runId: row.run_id,
  receipt: row.receipt === null ? null : (JSON.parse(row.receipt) as Record<string, unknown>),
  requestedBy: row.requested_by,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/** First paid call attempts, written step by step; a tenant keeps its last HISTORY_LIMIT. */
export class SqliteAttemptRepository {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert:
        db.prepare(`INSERT INTO onboarding_attempts (id, tenant_id, status, steps, requested_by, created_at)
        VALUES (?, ?, 'running', '[]', ?, ?)`),
      save: db.prepare(`UPDATE onboarding_attempts SET status = ?, steps = ?, error = ?, run_id = ?, receipt = ?,
        finished_at = ? WHERE id = ?`),
      find: db.prepare('SELECT * FROM onboarding_attempts WHERE id = ?'),
      history: db.prepare(
        'SELECT * FROM onboarding_attempts WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT CAST(? AS INTEGER)',
      ),
      prune: db.prepare(`DELETE FROM onboarding_attempts WHERE tenant_id = ? AND id NOT IN (
        SELECT id FROM onboarding_attempts WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT CAST(? AS INTEGER))`),
    };
  }

  start(id: string, tenantId: string, requestedBy: string, now: number): void {
    this.statements.insert.run(id, tenantId, requestedBy, now);
    this.statements.prune.run(tenantId, tenantId, HISTORY_LIMIT);
  }

  save(row: AttemptRow): void {
    this.statements.save.run(
      row.status,
      JSON.stringify(row.steps),
      row.error === null ? null : JSON.stringify(row.error),
      row.runId,
      row.receipt === null ? null : JSON.stringify(row.receipt),
      row.finishedAt,
      row.id,
    );
  }

  find(id: string): AttemptRow | undefined {
    const row = this.statements.find.get(id) as DbRow | undefined;
    return row && fromDb(row);
  }

  history(tenantId: string, limit = HISTORY_LIMIT): AttemptRow[] {
    return (this.statements.history.all(tenantId, limit) as DbRow[]).map(fromDb);
  }
}
