import type { SqliteDatabase } from '../store/database.js';

export interface IdempotencyScope {
  tenantId: string;
  operation: string;
  key: string;
}

export type BeginOutcome =
  { state: 'started' } | { state: 'in_flight' } | { state: 'done'; requestHash: string; response: unknown };

export interface IdempotencyRepository {
  /** Atomically claims the key, or reports who has it. Expired records and stale claims are taken over. */
  begin(
    scope: IdempotencyScope,
    requestHash: string,
    now: number,
    expiresAt: number,
    staleClaimBefore: number,
  ): Promise<BeginOutcome>;
  complete(scope: IdempotencyScope, response: unknown): Promise<void>;
  release(scope: IdempotencyScope): Promise<void>;
  purgeExpired(now: number): Promise<number>;
}

interface DbRow {
  request_hash: string;
  state: 'in_flight' | 'done';
  response: string | null;
  created_at: number;
  expires_at: number;
}

export class SqliteIdempotencyRepository implements IdempotencyRepository {
  private readonly statements;
  private readonly beginTx;

  constructor(db: SqliteDatabase) {
    this.statements = {
      find: db.prepare(
        'SELECT request_hash, state, response, created_at, expires_at FROM idempotency_keys WHERE tenant_id = ? AND operation = ? AND key = ?',
      ),
      claim: db.prepare(`INSERT INTO idempotency_keys
          (tenant_id, operation, key, request_hash, state, response, created_at, expires_at)
        VALUES (?, ?, ?, ?, 'in_flight', NULL, ?, ?)
        ON CONFLICT(tenant_id, operation, key) DO UPDATE SET
          request_hash = excluded.request_hash, state = 'in_flight', response = NULL,
          created_at = excluded.created_at, expires_at = excluded.expires_at`),
      complete: db.prepare(
        "UPDATE idempotency_keys SET state = 'done', response = ? WHERE tenant_id = ? AND operation = ? AND key = ?",
      ),
      release: db.prepare(
        "DELETE FROM idempotency_keys WHERE tenant_id = ? AND operation = ? AND key = ? AND state = 'in_flight'",
      ),
      purge: db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?'),
    };
    this.beginTx = db.transaction(
      (s: IdempotencyScope, requestHash: string, now: number, expiresAt: number, staleBefore: number) => {
        const row = this.statements.find.get(s.tenantId, s.operation, s.key) as DbRow | undefined;
        const usable =
          row && row.expires_at > now && (row.state === 'done' || row.created_at > staleBefore)
            ? row
            : undefined;
        if (usable?.state === 'done') {
          return {
            state: 'done',
            requestHash: usable.request_hash,
            response: JSON.parse(usable.response ?? 'null') as unknown,
          } as const;
        }
        if (usable) return { state: 'in_flight' } as const;
        this.statements.claim.run(s.tenantId, s.operation, s.key, requestHash, now, expiresAt);
        return { state: 'started' } as const;
      },
    );
  }

  begin(
    scope: IdempotencyScope,
    requestHash: string,
    now: number,
    expiresAt: number,
    staleClaimBefore: number,
  ): Promise<BeginOutcome> {
    return Promise.resolve(this.beginTx.immediate(scope, requestHash, now, expiresAt, staleClaimBefore));
  }

  complete(scope: IdempotencyScope, response: unknown): Promise<void> {
    this.statements.complete.run(JSON.stringify(response), scope.tenantId, scope.operation, scope.key);
    return Promise.resolve();
  }

  release(scope: IdempotencyScope): Promise<void> {
    this.statements.release.run(scope.tenantId, scope.operation, scope.key);
    return Promise.resolve();
  }

  purgeExpired(now: number): Promise<number> {
    return Promise.resolve(this.statements.purge.run(now).changes);
  }
}
