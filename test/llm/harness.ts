import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../core/audit/audit-log.js';
import { SqliteAuditRepository } from '../../core/audit/audit-repository.js';
import { ApiKeyService, type CreateKeyInput } from '../../core/auth/api-keys.js';
import { OPERATOR } from '../../core/auth/authenticator.js';
import { SqliteApiKeyRepository } from '../../core/auth/key-repository.js';
import type { Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { SqliteLlmLedgerRepository } from '../../core/llm/ledger-repository.js';
import { LlmService } from '../../core/llm/llm-service.js';
import { OpenAiProvider, type OpenAiProviderOptions } from '../../core/llm/openai-provider.js';
import { BUILTIN_PRICES, PriceTable } from '../../core/llm/pricing.js';
import { SecretRedactor } from '../../core/observability/redact.js';
import { openDatabase, type SqliteDatabase } from '../../core/store/database.js';
import { FakeLlmProvider, type FakeLlmProviderOptions } from '../fakes/fake-llm-provider.js';

export class ManualClock implements Clock {
  private ms: number;
  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }
  now(): number {
    return this.ms;
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Looks like a real OpenAI key, so a leak would be caught by any `sk-` search too. */
export const PROVIDER_KEY = 'sk-proj-FAKEPROVIDERKEY0123456789abcdefSECRET';

export interface HarnessOptions {
  fake?: FakeLlmProviderOptions;
  provider?: Partial<OpenAiProviderOptions>;
  tenantLimitMicros?: number | null;
  now?: string;
}

export interface Harness {
  db: SqliteDatabase;
  clock: ManualClock;
  keys: ApiKeyService;
  fake: FakeLlmProvider;
  service: LlmService;
  /** Issues a real key as the operator and authenticates it, as a transport would. */
  principal(input?: Partial<CreateKeyInput>): Promise<{ principal: Principal; key: string }>;
  close(): Promise<void>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'settld-llm-'));
  const db = openDatabase(join(dir, 'settld.db'));
  const clock = new ManualClock(options.now ?? '2026-03-01T12:00:00.000Z');
  const audit = new AuditLog(new SqliteAuditRepository(db), clock, new SecretRedactor());
  const keys = new ApiKeyService(new SqliteApiKeyRepository(db), audit, clock);
  const fake = await FakeLlmProvider.start(options.fake);
  const service = new LlmService({
    ledger: new SqliteLlmLedgerRepository(db),
    provider: new OpenAiProvider({
      baseUrl: fake.baseUrl,
      apiKey: PROVIDER_KEY,
      timeoutMs: 10_000,
      maxRetries: 2,
      ...options.provider,
    }),
    prices: new PriceTable(BUILTIN_PRICES),
    clock,
    tenantDailyLimitMicros: options.tenantLimitMicros ?? null,
  });
  let agents = 0;
  return {
    db,
    clock,
    keys,
    fake,
    service,
    async principal(input = {}) {
      const { key } = await keys.create(OPERATOR, {
        tenant_id: 'acme',
        agent_id: `agent-${++agents}`,
        owner: 'platform',
        daily_limit: 1,
        ...input,
      });
      return { principal: await keys.authenticate(key), key };
    },
    async close() {
      await fake.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The rejection of `promise`, for asserting on its code and details. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}

export interface LedgerRow {
  id: string;
  status: string;
  agent_id: string;
  key_id: string | null;
  model: string;
  price_model: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  reserved_micros: number;
  cost_micros: number | null;
  provider_status: number | null;
  provider_request_id: string | null;
  error_code: string | null;
  latency_ms: number | null;
  day: string;
}

export const ledgerRows = (db: SqliteDatabase): LedgerRow[] =>
  db.prepare('SELECT * FROM llm_usage ORDER BY created_at, id').all() as LedgerRow[];
