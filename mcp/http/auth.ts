import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../core/auth/principal.js';
import { unauthorized } from '../../core/errors.js';
import type { Platform } from '../../core/platform.js';
import { rateLimitHeaders, type RateLimitState } from '../../core/ratelimit/rate-limiter.js';
import { presentedCredentials } from './credentials.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The caller's request limit after this request was counted (principal routes). */
    rateLimit: RateLimitState | undefined;
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
 * The `onRequest` hook of routes marked `auth: 'principal'`: authenticates the caller and counts the
 * request against its limit, before the body is validated, so bad credentials never cost validation
 * work. It is attached to those routes only (see `buildHttpApp`), so public routes pay nothing.
 */
export function authenticationHook(
  platform: Platform,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const { credentials, queryAdminToken } = presentedCredentials(request);
    if (queryAdminToken) {
      void reply.header('Deprecation', 'true');
      void reply.header('Link', '<https://datatracker.ietf.org/doc/html/rfc9745>; rel="deprecation"');
    }
    const principal = await platform.authenticator.authenticateClient(credentials, request.ip);
    if (!principal)
      throw unauthorized('Credentials required: x-api-key, Authorization: Bearer, or x-admin-token');
    request.principal = principal;
    const state = await platform.requestLimiter.consume(principal.rateLimitKey);
    request.rateLimit = state;
    void reply.headers(rateLimitHeaders(state));
  };
}
