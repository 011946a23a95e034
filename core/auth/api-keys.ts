import { hash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import { type Clock, toIso, toIsoOrNull } from '../clock.js';
import { notFound, unauthorized } from '../errors.js';
import { equalInConstantTime, randomBase62, sha256Hex } from '../hashing.js';
import type { Page } from '../pagination.js';
import type { ApiKeyRepository, ApiKeyRow } from './key-repository.js';
import { isOperator, type Principal, requireOwnObject, requireScope, requireTenant } from './principal.js';
import { parseScopes, SCOPES, type Scope } from './scopes.js';
import { DEFAULT_TENANT_ID, tenantIdSchema } from './tenants.js';

const KEY_PATTERN = /^sk_([A-Za-z0-9]{12})_([A-Za-z0-9]{40})$/;
const DAY_MS = 86_400_000;
const TOUCH_INTERVAL_MS = 60_000;
const MICROS_PER_USD = 1_000_000;

export const createKeyInputSchema = z.object({
  tenant_id: tenantIdSchema
    .optional()
    .describe('Tenant of the key (default: the caller’s tenant, or "default")'),
  agent_id: z.string().trim().min(1).max(128).describe('The agent this key identifies'),
  owner: z.string().trim().min(1).max(128).describe('Person or team accountable for the key'),
  description: z.string().max(500).optional(),
  scopes: z
    .union([z.string().max(500), z.array(z.string().max(64)).max(SCOPES.length * 2)])
    .optional()
    .describe(
      `Scopes, as a list or "a,b" string; wildcards "*" and "intents:*". Known: ${SCOPES.join(', ')}`,
    ),
  expires_in_days: z.number().positive().max(3650).optional().describe('Days until the key expires'),
  daily_limit: z.number().nonnegative().max(1_000_000).optional().describe('Daily LLM budget in USD'),
});

export type CreateKeyInput = z.infer<typeof createKeyInputSchema>;

export const apiKeyViewSchema = z.object({
  id: z.string(),
  key_prefix: z.string().describe('sk_<id>: names the key without its secret'),
  tenant_id: z.string(),
  agent_id: z.string(),
  owner: z.string(),
  description: z.string(),
  scopes: z.array(z.string()),
  daily_limit: z.number().nullable().describe('USD per UTC day'),
  status: z.enum(['active', 'expired', 'revoked']),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  created_at: z.string(),
});

export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

export interface ParsedApiKey {
  id: string;
  secret: string;
  /** The whole key, trimmed. */
  key: string;
}

export function parseApiKey(text: string): ParsedApiKey | undefined {
  const match = KEY_PATTERN.exec(text.trim());
  return match ? { id: match[1]!, secret: match[2]!, key: match[0] } : undefined;
}

/**
 * Whether `key` hashes to the stored SHA-256 (hex), compared in constant time. One hash per check:
 * both sides are already digests of the same length, so hashing them again would hide nothing more.
 */
function matchesStoredHash(storedHex: string, key: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  // Hex, then decoded: small Buffers from strings come from Node's pool, a digest Buffer does not.
  const presented = Buffer.from(hash('sha256', key, 'hex'), 'hex');
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

/** Accepts a full key or its id, so `DELETE /admin/api_keys/<key>` works with either. */
export function keyIdOf(keyOrId: string): string {
  return parseApiKey(keyOrId)?.id ?? keyOrId.replace(/^sk_/, '').split('_')[0] ?? keyOrId;
}

/** Who a key is, once it has been checked: the one place a key becomes a principal. */
export function keyPrincipal(key: {
  id: string;
  tenantId: string;
  scopes: readonly Scope[];
  agentId: string;
}): Principal {
  return {
    kind: 'api_key',
    tenantId: key.tenantId,
    scopes: new Set<Scope>(key.scopes),
    actor: `key:${key.id}`,
    keyId: key.id,
    agentId: key.agentId,
    rateLimitKey: `key:${key.id}`,
  };
}

export class ApiKeyService {
  private readonly lastTouched = new Map<string, number>();
  /**
   * The key that last matched a stored row, with its principal. A row object lives as long as the
   * repository keeps it unchanged (any change to the key is read back as a new object), so an entry
   * dies with the row it was checked against.
   */
  private readonly verified = new WeakMap<Readonly<ApiKeyRow>, { key: string; principal: Principal }>();

  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  view(row: ApiKeyRow): ApiKeyView {
    return {
      id: row.id,
      key_prefix: `sk_${row.id}`,
      tenant_id: row.tenantId,
      agent_id: row.agentId,
      owner: row.owner,
      description: row.description,
      scopes: row.scopes,
      daily_limit: row.dailyLimitMicros === null ? null : row.dailyLimitMicros / MICROS_PER_USD,
      status: this.status(row),
      expires_at: toIsoOrNull(row.expiresAt),
      revoked_at: toIsoOrNull(row.revokedAt),
      last_used_at: toIsoOrNull(row.lastUsedAt),
      created_at: toIso(row.createdAt),
    };
  }

  private status(row: ApiKeyRow): ApiKeyView['status'] {
    if (row.revokedAt !== null) return 'revoked';
    if (row.expiresAt !== null && row.expiresAt <= this.clock.now()) return 'expired';
    return 'active';
  }

  /** Issues a key. The secret is returned here once and stored only as a SHA-256 hash. */
  async create(principal: Principal, input: CreateKeyInput): Promise<{ key: string; view: ApiKeyView }> {
    requireScope(principal, 'admin');
    const tenantId = input.tenant_id ?? principal.tenantId ?? DEFAULT_TENANT_ID;
    requireOwnObject(principal, tenantId, 'Tenant');
    const now = this.clock.now();
    const id = randomBase62(12);
    const key = `sk_${id}_${randomBase62(40)}`;
    const row: ApiKeyRow = {
      id,
      tenantId,
      secretHash: sha256Hex(key),
      agentId: input.agent_id,
      owner: input.owner,
      description: input.description ?? '',
      scopes: parseScopes(input.scopes),
      dailyLimitMicros:
        input.daily_limit === undefined ? null : Math.round(input.daily_limit * MICROS_PER_USD),
      expiresAt:
        input.expires_in_days === undefined ? null : now + Math.round(input.expires_in_days * DAY_MS),
      revokedAt: null,
      lastUsedAt: null,
      createdAt: now,
    };
    await this.repository.insert(row);
    const view = this.view(row);
    await this.audit.record({
      action: 'API_KEY_CREATED',
      tenantId,
      principal,
      target: `key:${id}`,
      details: { agent_id: row.agentId, owner: row.owner, scopes: row.scopes, expires_at: view.expires_at },
    });
    return { key, view };
  }

  async list(
    principal: Principal,
    query: { tenantId?: string; limit: number; cursor?: string; includeRevoked?: boolean },
  ): Promise<Page<ApiKeyView>> {
    requireScope(principal, 'admin');
    if (query.tenantId !== undefined) requireTenant(principal, query.tenantId);
    const tenantId = isOperator(principal) ? (query.tenantId ?? null) : principal.tenantId;
    const page = await this.repository.list({
      tenantId,
      limit: query.limit,
      cursor: query.cursor ?? null,
      includeRevoked: query.includeRevoked ?? true,
    });
    return { items: page.items.map((row) => this.view(row)), nextCursor: page.nextCursor };
  }

  async revoke(principal: Principal, keyOrId: string): Promise<ApiKeyView> {
    requireScope(principal, 'admin');
    const id = keyIdOf(keyOrId);
    const row = await this.repository.findById(id);
    if (!row) throw notFound('API key');
    requireOwnObject(principal, row.tenantId, 'API key');
    const now = this.clock.now();
    const changed = await this.repository.revoke(id, now);
    if (changed) {
      await this.audit.record({
        action: 'API_KEY_REVOKED',
        tenantId: row.tenantId,
        principal,
        target: `key:${id}`,
      });
    }
    return this.view({ ...row, revokedAt: row.revokedAt ?? now });
  }

  /** Resolves a presented key to its principal; every failure is a 401 that never echoes the key. */
  async authenticate(presented: string): Promise<Principal> {
    const parsed = parseApiKey(presented);
    if (!parsed) throw unauthorized('Invalid API key', 'INVALID_API_KEY');
    const row = await this.repository.findById(parsed.id);
    if (!row) throw unauthorized('Invalid API key', 'INVALID_API_KEY');
    const principal = this.verify(row, parsed.key);
    if (row.revokedAt !== null) throw unauthorized('This API key has been revoked', 'API_KEY_REVOKED');
    const now = this.clock.now();
    if (row.expiresAt !== null && row.expiresAt <= now) {
      throw unauthorized('This API key has expired', 'API_KEY_EXPIRED');
    }
    if (now - (this.lastTouched.get(row.id) ?? 0) >= TOUCH_INTERVAL_MS) {
      this.lastTouched.set(row.id, now);
      await this.repository.touch(row.id, now);
    }
    return principal;
  }

  /**
   * The principal of `row` if `key` is its key. A key that matched this same row before is compared
   * as a string (in constant time) instead of being hashed again: on a busy server the hash, and the
   * principal built from the row, were most of what authenticating a request cost.
   */
  private verify(row: Readonly<ApiKeyRow>, key: string): Principal {
    const known = this.verified.get(row);
    if (known && equalInConstantTime(known.key, key)) return known.principal;
    if (!matchesStoredHash(row.secretHash, key)) throw unauthorized('Invalid API key', 'INVALID_API_KEY');
    const principal = Object.freeze(keyPrincipal(row));
    this.verified.set(row, { key, principal });
    return principal;
  }

  /** The stored row behind a principal (for daily limits and the like), if it is a key. */
  async findRow(principal: Principal): Promise<ApiKeyRow | undefined> {
    return principal.keyId ? this.repository.findById(principal.keyId) : undefined;
  }
}
