import { secretsEqual } from '../hashing.js';
import { unauthorized } from '../errors.js';
import type { ApiKeyService } from './api-keys.js';
import { type JwtVerifier, looksLikeJwt } from './jwt.js';
import type { Principal } from './principal.js';
import { SCOPES } from './scopes.js';

/** The credentials a request presented, already pulled out of headers or the query by a transport. */
export interface Credentials {
  apiKey?: string;
  bearer?: string;
  adminToken?: string;
}

export const OPERATOR: Principal = {
  kind: 'admin_token',
  tenantId: null,
  scopes: new Set(SCOPES),
  actor: 'admin-token',
  rateLimitKey: 'admin-token',
};

export class Authenticator {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly adminToken: string | undefined,
    private readonly jwt: JwtVerifier | undefined,
  ) {}

  isAdminToken(candidate: string): boolean {
    return this.adminToken !== undefined && secretsEqual(candidate, this.adminToken);
  }

  /**
   * An admin token wins (it is the operator); otherwise an API key (header or bearer) or a JWT.
   * Returns undefined when nothing was presented, so each route decides whether that is allowed.
   */
  async authenticate(credentials: Credentials): Promise<Principal | undefined> {
    const { apiKey, bearer, adminToken } = credentials;
    if (adminToken !== undefined) {
      if (this.isAdminToken(adminToken)) return OPERATOR;
      throw unauthorized('Invalid admin token', 'INVALID_ADMIN_TOKEN');
    }
    if (apiKey !== undefined) return this.keys.authenticate(apiKey);
    if (bearer !== undefined) {
      if (bearer.startsWith('sk_')) return this.keys.authenticate(bearer);
      if (this.isAdminToken(bearer)) return OPERATOR;
      if (this.jwt && looksLikeJwt(bearer)) return this.jwt.verify(bearer);
      throw unauthorized('Invalid bearer token', 'INVALID_TOKEN');
    }
    return undefined;
  }
}
