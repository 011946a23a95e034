import type { Statement } from 'better-sqlite3';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { SqliteDatabase } from '../store/database.js';
import type { Meters, RunReceipt } from './vault.js';

export const RUN_STATUSES = [
  'pending',
  'opening',
  'running',
  'finalizing',
  'finalized',
  'failed',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTIVE_STATUSES = ['opening', 'running', 'finalizing'] as const satisfies readonly RunStatus[];
export const TERMINAL_STATUSES = ['finalized', 'failed', 'cancelled'] as const satisfies readonly RunStatus[];

/** Who asked for a run: the worker acts for them later (the LLM workload spends their budget). */
export interface RequestedBy {
  kind: 'api_key' | 'admin_token' | 'jwt' | 'local';
  tenantId: string | null;
  actor: string;
  keyId: string | null;
  agentId: string | null;
  scopes: string[];
}

export interface RunRow {
  id: string;
  tenantId: string;
  user: string;
  agentId: number;
  rateVersion: number;
  budgets: Meters;
  workflowId: string;
  input: unknown;
  label: string | null;
  status: RunStatus;
  attempts: number;
  openReference: string | null;
  vaultRunId: number | null;
  usage: Meters | null;
  output: unknown;
  outputHash: string | null;
  receipt: RunReceipt | null;
  errorCode: string | null;
  errorMessage: string | null;
  requestedBy: RequestedBy;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

interface DbRow {
  id: string;
  tenant_id: string;
  user: string;
  agent_id: number;
  rate_version: number;
  budgets: string;
  workflow_id: string;
  input: string | null;
  label: string | null;
  status: RunStatus;
  attempts: number;
  open_reference: string | null;
  vault_run_id: number | null;
  usage: string | null;
  output: string | null;
  output_hash: string | null;
  receipt: string | null;
  error_code: string | null;
  error_message: string | null;
  requested_by: string;
  lease_owner: string | null;
  lease_expires_at: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const json = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

function fromDb(row: DbRow): RunRow {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    user: row.user,
    agentId: row.agent_id,
    rateVersion: row.rate_version,
    budgets: JSON.parse(row.budgets) as Meters,
    workflowId: row.workflow_id,
    input: parse(row.input),
    label: row.label,
    status: row.status,
    attempts: row.attempts,
    openReference: row.open_reference,
    vaultRunId: row.vault_run_id,
    usage: parse<Meters>(row.usage),
    output: parse(row.output),
    outputHash: row.output_hash,
    receipt: parse<RunReceipt>(row.receipt),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    requestedBy: JSON.parse(row.requested_by) as RequestedBy,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** What a state change writes besides the status; `undefined` fields are left as they are. */
export interface RunChange {
  vaultRunId?: number | null;
  openReference?: string | null;
  usage?: Meters | null;
  output?: unknown;
  outputHash?: string | null;
  receipt?: RunReceipt | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  attempts?: number;
  finishedAt?: number | null;
  leaseOwner?: string | null;
  leaseExpiresAt?: number | null;
}

const CHANGE_COLUMNS: Record<keyof RunChange, [column: string, encode: (value: unknown) => unknown]> = {
  vaultRunId: ['vault_run_id', (value) => value],
  openReference: ['open_reference', (value) => value],
  usage: ['usage', json],
  output: ['output', json],
  outputHash: ['output_hash', (value) => value],
  receipt: ['receipt', json],
  errorCode: ['error_code', (value) => value],
  errorMessage: ['error_message', (value) => value],
  attempts: ['attempts', (value) => value],
  finishedAt: ['finished_at', (value) => value],
  leaseOwner: ['lease_owner', (value) => value],
  leaseExpiresAt: ['lease_expires_at', (value) => value],
};

export interface RunListQuery {
  /** null: every tenant (the operator). */
  tenantId: string | null;
  status?: RunStatus;
  user?: string;
  limit: number;
  cursor: string | null;
}

/**
 * The run queue on SQLite. Every status change is conditional on the status the caller expects
 * (`transition` returns false when another worker, a cancel or a revoke got there first), so two
 * writers never both move a run.
 */
export class SqliteRunRepository {
  private readonly statements;
  private readonly transitionCache = new Map<string, Statement<unknown[]>>();
  private readonly claimTx;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(`INSERT INTO runner_runs
        (id, tenant_id, user, agent_id, rate_version, budgets, workflow_id, input, label, status, attempts,
         requested_by, created_at, updated_at)
        VALUES (@id, @tenantId, @user, @agentId, @rateVersion, @budgets, @workflowId, @input, @label, 'pending', 0,
         @requestedBy, @createdAt, @createdAt)`),
      find: db.prepare('SELECT * FROM runner_runs WHERE id = ?'),
      nextPending: db.prepare(
        `SELECT id FROM runner_runs WHERE status = 'pending' ORDER BY created_at, id LIMIT CAST(? AS INTEGER)`,
      ),
      // The reference names this attempt's vault run, so a crash between opening and recording it
      // can be resolved by asking the vault (findRunByReference) instead of opening a second one.
      claim: db.prepare(`UPDATE runner_runs SET status = 'opening', attempts = attempts + 1,
        open_reference = id || '#' || (attempts + 1), vault_run_id = NULL,
        lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'`),
      renew: db.prepare(`UPDATE runner_runs SET lease_expires_at = ?
        WHERE lease_owner = ? AND status IN ('opening', 'running', 'finalizing')`),
      abandoned: db.prepare(`SELECT * FROM runner_runs
        WHERE status IN ('opening', 'running', 'finalizing') AND (lease_expires_at < ? OR lease_owner LIKE ?)
        ORDER BY created_at LIMIT CAST(? AS INTEGER)`),
      takeOver: db.prepare(`UPDATE runner_runs SET lease_owner = ?, lease_expires_at = ?, updated_at = ?
        WHERE id = ? AND status = ? AND lease_owner IS ?`),
      activeFor: db.prepare(`SELECT * FROM runner_runs
        WHERE tenant_id = ? AND user = ? AND agent_id = ? AND status IN ('opening', 'running', 'finalizing')`),
      counts: db.prepare('SELECT status, COUNT(*) AS n FROM runner_runs WHERE tenant_id = ? GROUP BY status'),
      countsAll: db.prepare('SELECT status, COUNT(*) AS n FROM runner_runs GROUP BY status'),
      setting: db.prepare('SELECT value FROM runner_settings WHERE name = ?').pluck(),
      setSetting: db.prepare(`INSERT INTO runner_settings (name, value) VALUES (?, ?)
        ON CONFLICT (name) DO UPDATE SET value = excluded.value`),
    };
    this.claimTx = db.transaction((limit: number, owner: string, leaseUntil: number, now: number) => {
      const ids = (this.statements.nextPending.all(limit) as { id: string }[]).map((row) => row.id);
      const claimed: RunRow[] = [];
      for (const id of ids) {
        if (this.statements.claim.run(owner, leaseUntil, now, id).changes === 1) {
          claimed.push(fromDb(this.statements.find.get(id) as DbRow));
        }
      }
      return claimed;
    });
  }

  insert(
    row: Pick<
      RunRow,
      | 'id'
      | 'tenantId'
      | 'user'
      | 'agentId'
      | 'rateVersion'
      | 'budgets'
      | 'workflowId'
      | 'input'
      | 'label'
      | 'requestedBy'
      | 'createdAt'
    >,
  ): void {
    this.statements.insert.run({
      ...row,
      budgets: JSON.stringify(row.budgets),
      input: json(row.input),
      requestedBy: JSON.stringify(row.requestedBy),
    });
  }

  find(id: string): RunRow | undefined {
    const row = this.statements.find.get(id) as DbRow | undefined;
    return row && fromDb(row);
  }

  /** Moves up to `limit` pending runs to `opening` under this worker's lease, oldest first. */
  claim(limit: number, owner: string, leaseUntil: number, now: number): RunRow[] {
    return this.claimTx.immediate(limit, owner, leaseUntil, now);
  }

  renewLeases(owner: string, leaseUntil: number): void {
    this.statements.renew.run(leaseUntil, owner);
  }

  /** Active runs whose worker is gone: the lease ran out, or it was a process of this host that died. */
  abandoned(now: number, deadOwnerPattern: string, limit: number): RunRow[] {
    return (this.statements.abandoned.all(now, deadOwnerPattern, limit) as DbRow[]).map(fromDb);
  }

  /** Takes a run over from a dead worker; false when someone else did first. */
  takeOver(run: RunRow, owner: string, leaseUntil: number, now: number): boolean {
    return (
      this.statements.takeOver.run(owner, leaseUntil, now, run.id, run.status, run.leaseOwner).changes === 1
    );
  }

  /**
   * Moves a run from one of `from` to `to`, writing `change` with it; false when the run was not in
   * one of `from` any more.
   */
  transition(
    id: string,
    from: readonly RunStatus[],
    to: RunStatus,
    now: number,
    change: RunChange = {},
  ): boolean {
    const fields = (Object.keys(change) as (keyof RunChange)[]).filter(
      (field) => change[field] !== undefined,
    );
    const key = `${from.join(',')}>${fields.join(',')}`;
    let statement = this.transitionCache.get(key);
    if (!statement) {
      const sets = fields.map((field) => `${CHANGE_COLUMNS[field][0]} = ?`);
      statement = this.db.prepare(
        `UPDATE runner_runs SET status = ?, updated_at = ?${sets.map((set) => `, ${set}`).join('')}
         WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
      );
      this.transitionCache.set(key, statement);
    }
    const params: unknown[] = [
      to,
      now,
      ...fields.map((field) => CHANGE_COLUMNS[field][1](change[field])),
      id,
      ...from,
    ];
    return statement.run(...params).changes === 1;
  }

  /** Runs holding (or about to hold) escrow under a grant: what a revoke must cancel. */
  activeFor(tenantId: string, user: string, agentId: number): RunRow[] {
    return (this.statements.activeFor.all(tenantId, user, agentId) as DbRow[]).map(fromDb);
  }

  counts(tenantId: string | null): Record<RunStatus, number> {
    const rows = (
      tenantId === null ? this.statements.countsAll.all() : this.statements.counts.all(tenantId)
    ) as { status: RunStatus; n: number }[];
    const counts = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  setting(name: string): string | undefined {
    return this.statements.setting.get(name) as string | undefined;
  }

  setSetting(name: string, value: string): void {
    this.statements.setSetting.run(name, value);
  }

  /** Newest first. */
  list(query: RunListQuery): Page<RunRow> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.tenantId !== null) {
      where.push('tenant_id = ?');
      params.push(query.tenantId);
    }
    if (query.status !== undefined) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.user !== undefined) {
      where.push('user = ?');
      params.push(query.user);
    }
    const after = decodeCursor(query.cursor, ['number', 'string']);
    if (after) {
      where.push('(created_at, id) < (?, ?)');
      params.push(...after);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM runner_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT CAST(? AS INTEGER)`,
      )
      .all(...params, query.limit + 1) as DbRow[];
    const items = rows.slice(0, query.limit).map(fromDb);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
    };
  }
}
