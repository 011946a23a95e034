import type { FastifyRequest } from 'fastify';
import type { Credentials } from '../../core/auth/authenticator.js';

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

export interface PresentedCredentials {
  credentials: Credentials;
  /** The admin token came in the query string (the T4 seed's form): answered with a Deprecation header. */
  queryAdminToken: boolean;
}

/**
 * Pulls credentials out of a request: `x-api-key` or its T4 alias `X-T4-API-KEY`, `Authorization:
 * Bearer`, `x-admin-token`, and, for compatibility with the T4 seed, `?admin_token=`.
 */
export function presentedCredentials(request: FastifyRequest): PresentedCredentials {
  const headers = request.headers;
  const authorization = first(headers.authorization);
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const query = request.query as Record<string, unknown> | undefined;
  const queryToken =
    typeof query?.admin_token === 'string' && query.admin_token !== '' ? query.admin_token : undefined;
  return {
    credentials: {
      apiKey: first(headers['x-api-key']) ?? first(headers['x-t4-api-key']),
      bearer,
      adminToken: first(headers['x-admin-token']) ?? queryToken,
    },
    queryAdminToken: queryToken !== undefined && first(headers['x-admin-token']) === undefined,
  };
}
