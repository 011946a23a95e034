import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../core/auth/principal.js';
import { unauthorized } from '../../core/errors.js';
import type { Platform } from '../../core/platform.js';
import { rateLimitHeaders } from '../../core/ratelimit/rate-limiter.js';
import { presentedCredentials } from './credentials.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** `public` routes need no credentials; `principal` routes need one and count against its limit. */
    auth?: 'public' | 'principal';
    /** Check Host and Origin against DNS rebinding before anything else (the MCP endpoint). */
    guardHost?: boolean;
  }
}

/** The principal of an authenticated route; routes marked `auth: 'principal'` always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

/**
 * Authenticates every route marked `auth: 'principal'` and counts the request against the
 * caller's limit, before the body is validated, so bad credentials never cost validation work.
 */
export function installAuth(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const { credentials, queryAdminToken } = presentedCredentials(request);
    if (queryAdminToken) {
      void reply.header('Deprecation', 'true');
      void reply.header('Link', '<https://datatracker.ietf.org/doc/html/rfc9745>; rel="deprecation"');
    }
    if (request.routeOptions.config.auth !== 'principal') return;
    const principal = await platform.authenticator.authenticate(credentials);
    if (!principal)
      throw unauthorized('Credentials required: x-api-key, Authorization: Bearer, or x-admin-token');
    request.principal = principal;
    const state = await platform.requestLimiter.consume(principal.rateLimitKey);
    void reply.headers(rateLimitHeaders(state));
  });
}
