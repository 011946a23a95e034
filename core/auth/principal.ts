import { z } from 'zod';
import { forbidden, notFound } from '../errors.js';
import type { Scope } from './scopes.js';

/**
 * Who is calling. `tenantId: null` is the operator (admin token): every tenant. Everyone else is
 * confined to one tenant, and a key with the `admin` scope administers only its own tenant.
 */
export interface Principal {
  kind: 'api_key' | 'admin_token' | 'jwt' | 'local';
  tenantId: string | null;
  scopes: ReadonlySet<Scope>;
  /** Stable, secret-free name for audit rows and logs: `key:<id>`, `admin-token`, `jwt:<sub>`, `local`. */
  actor: string;
  keyId?: string;
  agentId?: string;
  /** The key a rate limit counts against. */
  rateLimitKey: string;
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.has('admin') || principal.scopes.has(scope);
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!hasScope(principal, scope)) {
    throw forbidden(`This credential lacks the "${scope}" scope`, { required: scope });
  }
}

/** For `/tenants/:tenantId/...` paths: naming another tenant is a 403. */
export function requireTenant(principal: Principal, tenantId: string): void {
  if (principal.tenantId !== null && principal.tenantId !== tenantId) {
    throw forbidden('This credential belongs to another tenant', { tenantId });
  }
}

/** For objects: another tenant's object is reported as absent, so ids do not leak across tenants. */
export function requireOwnObject(principal: Principal, objectTenantId: string, what: string): void {
  if (principal.tenantId !== null && principal.tenantId !== objectTenantId) throw notFound(what);
}

export function isOperator(principal: Principal): boolean {
  return principal.tenantId === null;
}

/**
 * Whether a caller may read what spans every tenant (the audit chain): the operator (admin token),
 * and whoever runs settld-mcp on the store's own machine without a key (the CLI, the keyless stdio
 * user), who can open the database file anyway.
 */
export function readsEveryTenant(principal: Principal): boolean {
  return isOperator(principal) || principal.kind === 'local';
}

export const principalViewSchema = z.object({
  kind: z.enum(['api_key', 'admin_token', 'jwt', 'local']),
  tenant_id: z.string().nullable().describe('null: the operator, over every tenant'),
  actor: z.string().describe('The name audit rows give this caller: key:<id>, jwt:<sub>, admin-token, local'),
  key_id: z.string().nullable(),
  agent_id: z.string().nullable(),
  scopes: z.array(z.string()),
});

export type PrincipalView = z.infer<typeof principalViewSchema>;

/** Who a caller is, without any secret: for `whoami` answers. */
export function principalView(principal: Principal): PrincipalView {
  return {
    kind: principal.kind,
    tenant_id: principal.tenantId,
    actor: principal.actor,
    key_id: principal.keyId ?? null,
    agent_id: principal.agentId ?? null,
    scopes: [...principal.scopes],
  };
}

export const callerViewSchema = z.object({
  tenant_id: z.string().nullable(),
  actor: z.string(),
  scopes: z.array(z.string()),
});

/** Who is asking, as `health` and the status resource report it beside the server's health. */
export function callerView(principal: Principal): z.infer<typeof callerViewSchema> {
  return { tenant_id: principal.tenantId, actor: principal.actor, scopes: [...principal.scopes] };
}
