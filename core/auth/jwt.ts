import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { JwtConfig } from '../config.js';
import { unauthorized } from '../errors.js';
import type { Principal } from './principal.js';
import { SCOPES, type Scope } from './scopes.js';
import { tenantIdSchema } from './tenants.js';

const KNOWN = new Set<string>(SCOPES);

function scopesFrom(claim: unknown): Set<Scope> {
  const words = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim : [];
  return new Set(words.filter((word): word is Scope => typeof word === 'string' && KNOWN.has(word)));
}

/** OAuth2/JWT bearer tokens checked against a JWKS: issuer, audience, expiry and signature. */
export class JwtVerifier {
  private readonly jwks;

  constructor(private readonly config: JwtConfig) {
    this.jwks = createRemoteJWKSet(new URL(config.jwksUrl), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
    });
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: 30,
      }));
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw unauthorized(expired ? 'The bearer token has expired' : 'Invalid bearer token', 'INVALID_TOKEN');
    }
    const tenant = tenantIdSchema.safeParse(payload[this.config.tenantClaim]);
    if (!tenant.success) {
      throw unauthorized(`The bearer token has no valid "${this.config.tenantClaim}" claim`, 'INVALID_TOKEN');
    }
    const subject = typeof payload.sub === 'string' ? payload.sub.slice(0, 128) : 'unknown';
    return {
      kind: 'jwt',
      tenantId: tenant.data,
      scopes: scopesFrom(payload[this.config.scopeClaim]),
      actor: `jwt:${subject}`,
      agentId: subject,
      rateLimitKey: `jwt:${tenant.data}:${subject}`,
    };
  }
}

export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
