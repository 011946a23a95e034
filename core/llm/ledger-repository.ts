import type { SqliteDatabase } from '../store/database.js';

export type UsageStatus = 'reserved' | 'settled' | 'released' | 'failed';

/** Micros counted against one budget on one UTC day. */
export interface DayUsage {
  reservedMicros: number;
  spentMicros: number;
}

/** The parts of an API key row that decide whether it may spend, read inside the reservation. */
export interface KeyState {
  dailyLimitMicros: number | null;
  revokedAt: number | null;
  expiresAt: number | null;
}

export interface BudgetSnapshot {
  /** undefined: the caller is not an API key; null: its key row no longer exists. */
  key: KeyState | null | undefined;
  caller: DayUsage;
  tenant: DayUsage;
}

export interface NewReservation {
  id: string;
  tenantId: string;
  /** The principal's actor (`key:<id>`, `jwt:<sub>`, `local`): whose budget the call spends. */
  caller: string;
  keyId: string | null;
  agentId: string;
  model: string;
  priceModel: string;
  day: string;
  promptTokensEstimate: number;
  maxCompletionTokens: number;
  reservedMicros: number;
  createdAt: number;
}

export interface Settlement {
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  latencyMs: number;
  providerRequestId: string | null;
  finishedAt: number;
}

export interface Release {
  status: 'released' | 'failed';
  errorCode: string;
  providerStatus: number | null;
  latencyMs: number;
  finishedAt: number;
}

export type UsageGroupBy = 'agent' | 'model' | 'day';

export interface UsageReportQuery {
  /** null: every tenant (the operator). */
  tenantId: string | null;
  /** Only this caller's calls (a key without the admin scope sees its own). */
  caller?: string;
  groupBy: UsageGroupBy;
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  limit: number;
}

export interface UsageReportRow {
  group: string;
  calls: number;
  settledCalls: number;
  failedCalls: number;
  inFlightCalls: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
}

export interface UsageReport {
  /** At most `limit` groups. */
  rows: UsageReportRow[];
  /** Over every matching call, listed or not. */
  total: { calls: number; costMicros: number; groups: number };
}

/**
 * Storage of the LLM ledger and the daily budget totals. `reserve` runs `approve` inside the same
 * write transaction that records the reservation, so no other reservation can slip in between the
 * check and the write (the original's overspend); `approve` throws to refuse, which rolls back.
 */
export interface LlmLedgerRepository {
  reserve<T>(row: NewReservation, approve: (snapshot: BudgetSnapshot) => T): Promise<T>;
  /** Moves a reservation to its actual cost; undefined when it was no longer reserved. */
  settle(id: string, settlement: Settlement): Promise<{ caller: DayUsage; tenant: DayUsage } | undefined>;
  /** Gives a reservation back; false when it was no longer reserved. */
  release(id: string, release: Release): Promise<boolean>;
  snapshot(tenantId: string, caller: string, keyId: string | null, day: string): Promise<BudgetSnapshot>;
  /**
   * Releases every reservation created before `createdBefore` (left by a process that died during
   * the call) as `failed` with `errorCode`; returns how many.
   */
  releaseAbandoned(createdBefore: number, errorCode: string, finishedAt: number): Promise<number>;
  report(query: UsageReportQuery): Promise<UsageReport>;
}

/** The `caller` of the row holding a tenant's total (actors are `key:…`, `jwt:…`, `local`: never this). */
const TENANT_TOTAL = '*';

const GROUP_COLUMNS: Record<UsageGroupBy, string> = { agent: 'agent_id', model: 'model', day: 'day' };

interface KeyStateRow {
  daily_limit_micros: number | null;
  revoked_at: number | null;
  expires_at: number | null;
}

interface UsageRow {
  reserved_micros: number;
  spent_micros: number;
}

interface LedgerRow {
  tenant_id: string;
  caller: string;
  day: string;
  reserved_micros: number;
  status: UsageStatus;
}

interface ReportDbRow {
  grp: string;
  calls: number;
  settled_calls: number;
  failed_calls: number;
  in_flight_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_micros: number;
}

export class SqliteLlmLedgerRepository implements LlmLedgerRepository {
  private readonly statements;
  private readonly reserveTx;
  private readonly settleTx;
  private readonly releaseTx;
  private readonly abandonTx;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      // Same store as the keys: re-reading the row here is what stops a key revoked mid-flight.
      keyState: db.prepare('SELECT daily_limit_micros, revoked_at, expires_at FROM api_keys WHERE id = ?'),
      usage: db.prepare(
        'SELECT reserved_micros, spent_micros FROM llm_budget_days WHERE tenant_id = ? AND caller = ? AND day = ?',
      ),
      addReserved:
        db.prepare(`INSERT INTO llm_budget_days (tenant_id, caller, day, reserved_micros, spent_micros)
        VALUES (?, ?, ?, ?, 0)
        ON CONFLICT (tenant_id, caller, day) DO UPDATE SET reserved_micros = reserved_micros + excluded.reserved_micros`),
      move: db.prepare(`UPDATE llm_budget_days
        SET reserved_micros = reserved_micros - ?, spent_micros = spent_micros + ?
        WHERE tenant_id = ? AND caller = ? AND day = ?`),
      insert: db.prepare(`INSERT INTO llm_usage
        (id, tenant_id, caller, key_id, agent_id, model, price_model, day, prompt_tokens_estimate,
         max_completion_tokens, reserved_micros, status, created_at)
        VALUES (@id, @tenantId, @caller, @keyId, @agentId, @model, @priceModel, @day, @promptTokensEstimate,
         @maxCompletionTokens, @reservedMicros, 'reserved', @createdAt)`),
      find: db.prepare('SELECT tenant_id, caller, day, reserved_micros, status FROM llm_usage WHERE id = ?'),
      abandoned: db.prepare(`SELECT id, tenant_id, caller, day, reserved_micros, status FROM llm_usage
        WHERE status = 'reserved' AND created_at < ?`),
      abandon: db.prepare(`UPDATE llm_usage SET status = 'failed', error_code = ?, finished_at = ?
        WHERE id = ? AND status = 'reserved'`),
      settle: db.prepare(`UPDATE llm_usage SET status = 'settled', prompt_tokens = @promptTokens,
        completion_tokens = @completionTokens, cost_micros = @costMicros, latency_ms = @latencyMs,
        provider_request_id = @providerRequestId, finished_at = @finishedAt
        WHERE id = @id AND status = 'reserved'`),
      release: db.prepare(`UPDATE llm_usage SET status = @status, error_code = @errorCode,
        provider_status = @providerStatus, latency_ms = @latencyMs, finished_at = @finishedAt
        WHERE id = @id AND status = 'reserved'`),
    };

    this.reserveTx = db.transaction((row: NewReservation, approve: (snapshot: BudgetSnapshot) => unknown) => {
      const decision = approve(this.readSnapshot(row.tenantId, row.caller, row.keyId, row.day));
      this.statements.insert.run(row);
      this.statements.addReserved.run(row.tenantId, row.caller, row.day, row.reservedMicros);
      this.statements.addReserved.run(row.tenantId, TENANT_TOTAL, row.day, row.reservedMicros);
      return decision;
    });

    this.settleTx = db.transaction((id: string, settlement: Settlement) => {
      const row = this.statements.find.get(id) as LedgerRow | undefined;
      if (row?.status !== 'reserved') return undefined;
      this.statements.settle.run({ ...settlement, id });
      this.moveCounters(row, settlement.costMicros);
      return {
        caller: this.usage(row.tenant_id, row.caller, row.day),
        tenant: this.usage(row.tenant_id, TENANT_TOTAL, row.day),
      };
    });

    this.releaseTx = db.transaction((id: string, release: Release) => {
      const row = this.statements.find.get(id) as LedgerRow | undefined;
      if (row?.status !== 'reserved') return false;
      this.statements.release.run({ ...release, id });
      this.moveCounters(row, 0);
      return true;
    });

    this.abandonTx = db.transaction((createdBefore: number, errorCode: string, finishedAt: number) => {
      const rows = this.statements.abandoned.all(createdBefore) as (LedgerRow & { id: string })[];
      for (const row of rows) {
        this.statements.abandon.run(errorCode, finishedAt, row.id);
        this.moveCounters(row, 0);
      }
      return rows.length;
    });
  }

  reserve<T>(row: NewReservation, approve: (snapshot: BudgetSnapshot) => T): Promise<T> {
    // IMMEDIATE: take the write lock before reading, so another process can not reserve in between.
    return Promise.resolve(this.reserveTx.immediate(row, approve) as T);
  }

  settle(id: string, settlement: Settlement): Promise<{ caller: DayUsage; tenant: DayUsage } | undefined> {
    return Promise.resolve(this.settleTx.immediate(id, settlement));
  }

  release(id: string, release: Release): Promise<boolean> {
    return Promise.resolve(this.releaseTx.immediate(id, release));
  }

  snapshot(tenantId: string, caller: string, keyId: string | null, day: string): Promise<BudgetSnapshot> {
    return Promise.resolve(this.readSnapshot(tenantId, caller, keyId, day));
  }

  releaseAbandoned(createdBefore: number, errorCode: string, finishedAt: number): Promise<number> {
    return Promise.resolve(this.abandonTx.immediate(createdBefore, errorCode, finishedAt));
  }

  report(query: UsageReportQuery): Promise<UsageReport> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.tenantId !== null) {
      where.push('tenant_id = ?');
      params.push(query.tenantId);
    }
    if (query.caller !== undefined) {
      where.push('caller = ?');
      params.push(query.caller);
    }
    if (query.from !== undefined) {
      where.push('day >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('day <= ?');
      params.push(query.to);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const column = GROUP_COLUMNS[query.groupBy];
    const order = query.groupBy === 'day' ? 'grp' : 'cost_micros DESC, grp';
    const rows = this.db
      .prepare(
        `SELECT ${column} AS grp,
          COUNT(*) AS calls,
          SUM(status = 'settled') AS settled_calls,
          SUM(status IN ('failed', 'released')) AS failed_calls,
          SUM(status = 'reserved') AS in_flight_calls,
          COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
          COALESCE(SUM(completion_tokens), 0) AS completion_tokens,
          COALESCE(SUM(cost_micros), 0) AS cost_micros
        FROM llm_usage ${filter}
        GROUP BY grp ORDER BY ${order} LIMIT CAST(? AS INTEGER)`,
      )
      .all(...params, query.limit) as ReportDbRow[];
    const total = this.db
      .prepare(
        `SELECT COUNT(*) AS calls, COALESCE(SUM(cost_micros), 0) AS cost_micros, COUNT(DISTINCT ${column}) AS groups
        FROM llm_usage ${filter}`,
      )
      .get(...params) as { calls: number; cost_micros: number; groups: number };
    return Promise.resolve({
      rows: rows.map((row) => ({
        group: row.grp,
        calls: row.calls,
        settledCalls: row.settled_calls,
        failedCalls: row.failed_calls,
        inFlightCalls: row.in_flight_calls,
        promptTokens: row.prompt_tokens,
        completionTokens: row.completion_tokens,
        costMicros: row.cost_micros,
      })),
      total: { calls: total.calls, costMicros: total.cost_micros, groups: total.groups },
    });
  }

  private readSnapshot(tenantId: string, caller: string, keyId: string | null, day: string): BudgetSnapshot {
    let key: KeyState | null | undefined;
    if (keyId !== null) {
      const row = this.statements.keyState.get(keyId) as KeyStateRow | undefined;
      key = row
        ? { dailyLimitMicros: row.daily_limit_micros, revokedAt: row.revoked_at, expiresAt: row.expires_at }
        : null;
    }
    return {
      key,
      caller: this.usage(tenantId, caller, day),
      tenant: this.usage(tenantId, TENANT_TOTAL, day),
    };
  }

  private usage(tenantId: string, caller: string, day: string): DayUsage {
    const row = this.statements.usage.get(tenantId, caller, day) as UsageRow | undefined;
    return { reservedMicros: row?.reserved_micros ?? 0, spentMicros: row?.spent_micros ?? 0 };
  }

  private moveCounters(row: LedgerRow, spentMicros: number): void {
    this.statements.move.run(row.reserved_micros, spentMicros, row.tenant_id, row.caller, row.day);
    this.statements.move.run(row.reserved_micros, spentMicros, row.tenant_id, TENANT_TOTAL, row.day);
  }
}
