import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../core/platform.js';
import { principalOf } from './auth.js';

/** Idempotency records of the operator (no tenant) live apart from every tenant's. */
const OPERATOR_SCOPE = '*operator*';

/**
 * Runs a mutating route under the caller's `x-idempotency-key`, when it sent one (DESIGN §5): the
 * same key and body replay the stored answer with `Idempotent-Replayed: true`.
 */
export async function idempotent<T>(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  const header = request.headers['x-idempotency-key'];
  const principal = principalOf(request);
  const { value, reused } = await platform.idempotency.execute({
    tenantId: principal.tenantId ?? OPERATOR_SCOPE,
    operation,
    key: Array.isArray(header) ? header[0] : header,
    request: { params: request.params ?? null, query: request.query ?? null, body: request.body ?? null },
    run,
  });
  if (reused) void reply.header('Idempotent-Replayed', 'true');
  return value;
}
