import { expect } from 'vitest';
import { AuditLog } from '../../core/audit/audit-log.js';
import { SqliteAuditRepository } from '../../core/audit/audit-repository.js';
import type { Principal } from '../../core/auth/principal.js';
import type { Scope } from '../../core/auth/scopes.js';
import type { Clock } from '../../core/clock.js';
import { isSettldError } from '../../core/errors.js';
import { SqliteIntentRepository } from '../../core/intents/intent-repository.js';
import { IntentService } from '../../core/intents/intent-service.js';
import { SecretRedactor } from '../../core/observability/redact.js';
import { openDatabase, type SqliteDatabase } from '../../core/store/database.js';

export { seedFilePath, seedIntents } from '../../core/intents/seed.js';

export const DAY_MS = 86_400_000;

export class TestClock implements Clock {
  constructor(public ms = Date.parse('2026-11-22T12:00:00Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  db: SqliteDatabase;
  clock: TestClock;
  audit: AuditLog;
  repository: SqliteIntentRepository;
  service: IntentService;
}

/** The intent service on a fresh in-memory store with every migration applied. */
export function harness(path = ':memory:'): Harness {
  const db = openDatabase(path);
  const clock = new TestClock();
  const audit = new AuditLog(new SqliteAuditRepository(db), clock, new SecretRedactor());
  const repository = new SqliteIntentRepository(db);
  return { db, clock, audit, repository, service: new IntentService(repository, audit, clock) };
}

export function keyPrincipal(tenantId: string, scopes: Scope[], agentId = 'claude-agent-1'): Principal {
  return {
    kind: 'api_key',
    tenantId,
    scopes: new Set(scopes),
    actor: `key:${agentId}`,
    keyId: agentId,
    agentId,
    rateLimitKey: `key:${agentId}`,
  };
}

export const writer = (tenantId = 'acme') => keyPrincipal(tenantId, ['intents:read', 'intents:write']);
export const reader = (tenantId = 'acme') => keyPrincipal(tenantId, ['intents:read'], 'read-only-agent');
export const tenantAdmin = (tenantId = 'acme') => keyPrincipal(tenantId, ['admin'], 'tenant-admin');

/** Asserts that `run` fails with a SettldError of this code and status. */
export async function expectError(run: () => unknown, code: string, status: number): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(isSettldError(caught), `expected a SettldError ${code}, got ${String(caught)}`).toBe(true);
  if (isSettldError(caught)) {
    expect({ code: caught.code, status: caught.status }).toEqual({ code, status });
  }
}
