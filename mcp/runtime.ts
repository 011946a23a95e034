import { userInfo } from 'node:os';
import { OPERATOR } from '../core/auth/authenticator.js';
import type { Principal } from '../core/auth/principal.js';
import { SCOPES } from '../core/auth/scopes.js';
import { DEFAULT_TENANT_ID } from '../core/auth/tenants.js';
import { type Config, type ConfigOverrides, loadConfig } from '../core/config.js';
import { SettldError } from '../core/errors.js';
import { createPlatform, type Platform, type PlatformOptions } from '../core/platform.js';

export function startPlatform(overrides: ConfigOverrides, options: PlatformOptions = {}): Platform {
  return createPlatform(loadConfig(process.env, overrides), options);
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Whoever runs the CLI on this machine can read the database: they act as the operator. */
export const cliOperator = (): Principal => ({ ...OPERATOR, kind: 'local', actor: `cli:${osUser()}` });

/** The local stdio user with no credentials: admin of the default tenant. */
export const localAdmin = (): Principal => ({
  kind: 'local',
  tenantId: DEFAULT_TENANT_ID,
  scopes: new Set(SCOPES),
  actor: `local:${osUser()}`,
  agentId: 'local',
  rateLimitKey: 'local',
});

/**
 * The stdio caller: SETTLD_TENANT_ID + SETTLD_API_KEY name it; with neither, the local user. The key
 * is checked on every call, so a revoked or expired key fails at once with a clear tool error.
 */
export function stdioPrincipalResolver(platform: Platform, config: Config): () => Promise<Principal> {
  const { apiKey, tenantId } = config.caller;
  if (!apiKey && !tenantId) {
    const local = localAdmin();
    return () => Promise.resolve(local);
  }
  if (!apiKey) {
    return () =>
      Promise.reject(
        new SettldError(
          'UNAUTHORIZED',
          401,
          'SETTLD_TENANT_ID is set but SETTLD_API_KEY is not: set both, or neither',
        ),
      );
  }
  return async () => {
    const principal = await platform.keys.authenticate(apiKey);
    if (tenantId && principal.tenantId !== tenantId) {
      throw new SettldError(
        'TENANT_MISMATCH',
        401,
        'SETTLD_TENANT_ID does not match the tenant of SETTLD_API_KEY',
      );
    }
    return principal;
  };
}
