import { type Principal, readsEveryTenant, requireScope } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { forbidden } from '../errors.js';
import { canonicalJson, sha256Hex } from '../hashing.js';
import type { SecretRedactor } from '../observability/redact.js';
import {
  type AuditRepository,
  type AuditRow,
  GENESIS_HASH,
  type NewAuditRow,
  type SqliteAuditRepository,
} from './audit-repository.js';

export interface AuditEvent {
  action: string;
  tenantId: string | null;
  principal?: Principal;
  target?: string;
  details?: Record<string, unknown>;
}

export type AuditVerification =
  { ok: true; rows: number; headSeq: number } | { ok: false; rows: number; badSeq: number; reason: string };

/** The hash of a row covers the previous hash and the row's own canonical JSON. */
export function hashAuditRow(prevHash: string, row: Omit<AuditRow, 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at,
    tenantId: row.tenantId,
    actor: row.actor,
    agentId: row.agentId,
    action: row.action,
    target: row.target,
    details: row.details,
  });
  return sha256Hex(`${prevHash}\n${body}`);
}

/** Replaces every string that carries a secret before it can enter the append-only log. */
function scrub(value: unknown, redactor: SecretRedactor): unknown {
  if (typeof value === 'string') return redactor.text(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, redactor));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, redactor)]));
  }
  return value;
}

export class AuditLog {
  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
    private readonly redactor: SecretRedactor,
  ) {}

  async record(event: AuditEvent): Promise<AuditRow> {
    const row = this.newRow(event);
    return this.repository.append(row, (prevHash, seq) => hashAuditRow(prevHash, { ...row, seq }));
  }

  /**
   * Records synchronously, within the caller's store transaction, when the repository can (SQLite):
   * the change and its audit row then commit as one. Throws when the repository can not.
   */
  recordNow(event: AuditEvent): AuditRow {
    const repository = this.repository as AuditRepository & Partial<Pick<SqliteAuditRepository, 'appendNow'>>;
    if (!repository.appendNow) throw new Error('This audit repository can not append inside a transaction');
    const row = this.newRow(event);
    return repository.appendNow(row, (prevHash, seq) => hashAuditRow(prevHash, { ...row, seq }));
  }

  private newRow(event: AuditEvent): NewAuditRow {
    return {
      at: this.clock.now(),
      tenantId: event.tenantId,
      actor: event.principal?.actor ?? 'system',
      agentId: event.principal?.agentId ?? null,
      action: event.action,
      target: event.target === undefined ? null : this.redactor.text(event.target),
      details: scrub(event.details ?? {}, this.redactor) as Record<string, unknown>,
    };
  }

  list(query: Parameters<AuditRepository['query']>[0]): Promise<AuditRow[]> {
    return this.repository.query(query);
  }

  /**
   * Walks the chain from the start; the first row whose link or hash is wrong is named. The chain runs
   * through every tenant's rows, so its answer (row counts, the broken row) tells of all of them: only
   * whoever may read the whole store runs it, not a tenant admin.
   */
  async verify(principal: Principal, batch = 5000): Promise<AuditVerification> {
    requireScope(principal, 'admin');
    if (!readsEveryTenant(principal)) {
      throw forbidden(
        "Only the operator verifies the audit chain: it holds every tenant's rows. Use the admin token, or `settld-mcp audit verify` on the server",
      );
    }
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let rows = 0;
    for (;;) {
      const chunk = await this.repository.scan(expectedSeq - 1, batch);
      if (chunk.length === 0) break;
      for (const row of chunk) {
        if (row.seq !== expectedSeq) {
          return { ok: false, rows, badSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
        }
        if (row.prevHash !== prevHash) {
          return { ok: false, rows, badSeq: row.seq, reason: 'link to the previous row is broken' };
        }
        if (hashAuditRow(prevHash, row) !== row.hash) {
          return { ok: false, rows, badSeq: row.seq, reason: 'row content does not match its hash' };
        }
        prevHash = row.hash;
        expectedSeq += 1;
        rows += 1;
      }
    }
    const head = await this.repository.head();
    const lastSeq = expectedSeq - 1;
    if ((head?.seq ?? 0) !== lastSeq || (head?.hash ?? GENESIS_HASH) !== prevHash) {
      return {
        ok: false,
        rows,
        badSeq: lastSeq + 1,
        reason: `the chain ends at row ${lastSeq} but its head says row ${head?.seq ?? 0}: rows were removed`,
      };
    }
    return { ok: true, rows, headSeq: lastSeq };
  }
}
