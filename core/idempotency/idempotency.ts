import { z } from 'zod';
import type { Clock } from '../clock.js';
import { badRequest, conflict, SettldError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../hashing.js';
import type { IdempotencyRepository, IdempotencyScope } from './idempotency-repository.js';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 160;
/** A claim older than this is taken to belong to a process that died mid-operation. */
const STALE_CLAIM_MS = 10 * 60_000;
const PURGE_INTERVAL_MS = 60 * 60_000;

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(MAX_IDEMPOTENCY_KEY_LENGTH)
  .regex(/^[^\r\n]+$/)
  .describe(`Single-line key of at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters; a retry with it replays`);

export function validateIdempotencyKey(key: unknown): string {
  const parsed = idempotencyKeySchema.safeParse(key);
  if (!parsed.success || parsed.data.trim() === '') {
    throw badRequest(
      'INVALID_IDEMPOTENCY_KEY',
      `The idempotency key must be a single line of 1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  return parsed.data;
}

export interface IdempotentResult<T> {
  value: T;
  /** True when the stored response of an earlier request was returned and nothing ran. */
  reused: boolean;
}

export interface IdempotentRequest<T> {
  tenantId: string;
  operation: string;
  key: string | undefined;
  /** What identifies the request: the same key with another request is refused. */
  request: unknown;
  run: () => Promise<T>;
}

/**
 * Idempotency for mutating operations of every transport. The same key and request return the
 * stored response; the same key with another request is a 422; while the first is still running,
 * a 409. Records are kept for the configured retention (24 h by default). A failed operation keeps
 * no record, so it may be retried with the same key.
 */
export class IdempotencyService {
  private lastPurge = 0;

  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async execute<T>(request: IdempotentRequest<T>): Promise<IdempotentResult<T>> {
    if (request.key === undefined) return { value: await request.run(), reused: false };
    const scope: IdempotencyScope = {
      tenantId: request.tenantId,
      operation: request.operation,
      key: validateIdempotencyKey(request.key),
    };
    const requestHash = sha256Hex(canonicalJson(request.request ?? null));
    const now = this.clock.now();
    await this.purge(now);
    const outcome = await this.repository.begin(
      scope,
      requestHash,
      now,
      now + this.ttlMs,
      now - STALE_CLAIM_MS,
    );
    if (outcome.state === 'in_flight') {
      throw conflict(
        'IDEMPOTENCY_IN_FLIGHT',
        'A request with this idempotency key is still running; retry later',
      );
    }
    if (outcome.state === 'done') {
      if (outcome.requestHash !== requestHash) {
        throw new SettldError(
          'IDEMPOTENCY_KEY_REUSED',
          422,
          'This idempotency key was already used with a different request',
        );
      }
      return { value: outcome.response as T, reused: true };
    }
    try {
      const value = await request.run();
      await this.repository.complete(scope, value);
      return { value, reused: false };
    } catch (error) {
      await this.repository.release(scope);
      throw error;
    }
  }

  private async purge(now: number): Promise<void> {
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now;
    await this.repository.purgeExpired(now);
  }
}
