import { secretsEqual } from '../hashing.js';
import { isSettldError, unauthorized } from '../errors.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
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
    /** Failed authentications per client address (network transports). */
    private readonly failures?: RateLimiter,
  ) {}

  isAdminToken(candidate: string): boolean {
    return this.adminToken !== undefined && secretsEqual(candidate, this.adminToken);
  }

  /**
   * `authenticate` for a client at a network `address`, counting each failure against it: past the
   * failure limit, every credential from that address is refused with 429 until the window ends, so
   * keys and tokens can not be guessed at the server's speed. Presenting nothing guesses nothing and
   * is not counted.
   */
  async authenticateClient(credentials: Credentials, address: string): Promise<Principal | undefined> {
    const { apiKey, bearer, adminToken } = credentials;
    if (!this.failures || (apiKey === undefined && bearer === undefined && adminToken === undefined)) {
      return this.authenticate(credentials);
    }
    const key = `ip:${address}`;
    await this.failures.refuseIfExhausted(key);
    try {
      return await this.authenticate(credentials);
    } catch (error) {
      if (isSettldError(error) && error.status === 401) await this.failures.penalize(key);
      throw error;
    }
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
