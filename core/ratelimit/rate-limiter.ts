import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { SettldError } from '../errors.js';

export interface RateLimitPolicy {
  /** Names the limit in keys and headers, e.g. `requests` or `matrix`. */
  name: string;
  points: number;
  durationSeconds: number;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
  policy: string;
}

/** Headers of draft-ietf-httpapi-ratelimit-headers (the `draft-7` form most clients read). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Policy': state.policy,
    RateLimit: `limit=${state.limit}, remaining=${state.remaining}, reset=${state.resetSeconds}`,
  };
}

export interface RedisConnection {
  client: Redis;
  close(): Promise<void>;
}

/**
 * A Redis client for shared limits that fails fast instead of queueing while Redis is away, so the
 * in-memory insurance limiter takes over at once; it keeps reconnecting in the background.
 */
export function connectRedis(url: string, onError: (error: Error) => void): RedisConnection {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  client.on('error', onError);
  return {
    client,
    close: async () => {
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/**
 * A fixed-window limiter per key. With Redis, every process shares one count; when Redis fails,
 * an in-memory insurance limiter with the same policy keeps limiting (never unlimited).
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;
  private readonly policyHeader: string;
  /** Counts live in this process only (no Redis): it then knows when it last counted anything. */
  private readonly local: boolean;
  /** `performance.now()` of the last count this process made. */
  private lastCountedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly policy: RateLimitPolicy,
    redis?: Redis,
  ) {
    const options = {
      points: policy.points,
      duration: policy.durationSeconds,
      keyPrefix: `settld:${policy.name}`,
    };
    const memory = new RateLimiterMemory(options);
    this.limiter = redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          insuranceLimiter: memory,
          rejectIfRedisNotReady: true,
        })
      : memory;
    this.local = redis === undefined;
    this.policyHeader = `${policy.points};w=${policy.durationSeconds}`;
  }

  /** Counts one request for `key`; over the limit, a 429 `RATE_LIMITED` with when to retry. */
  consume(key: string, points = 1): Promise<RateLimitState> {
    this.lastCountedAt = performance.now();
    // A `then`, not an async function: one wait fewer on every request.
    return this.limiter.consume(key, points).then(
      (res) => this.state(res),
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw this.refusal(rejection);
      },
    );
  }

  /** Counts `points` against `key` without ever refusing (for failures counted after the fact). */
  async penalize(key: string, points = 1): Promise<void> {
    this.lastCountedAt = performance.now();
    await this.limiter.penalty(key, points);
  }

  /**
   * Whether some key may be over its limit now, as far as this process can tell without asking the
   * store. False only for counts kept in this process, none of them younger than a window (plus a
   * second of slack): every window has then ended. A limiter that only counts failures is thus
   * never consulted while nothing fails.
   */
  private mayBeExhausted(): boolean {
    return !this.local || performance.now() - this.lastCountedAt <= (this.policy.durationSeconds + 1) * 1000;
  }

  /** Refuses with 429 when `key` has used up its limit already; counts nothing. */
  async refuseIfExhausted(key: string): Promise<void> {
    if (!this.mayBeExhausted()) return;
    const res = await this.limiter.get(key);
    if (res && res.consumedPoints >= this.policy.points) throw this.refusal(res);
  }

  private refusal(res: RateLimiterRes): SettldError {
    const state = this.state(res);
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new SettldError(
      'RATE_LIMITED',
      429,
      `Rate limit of ${this.policy.points} per ${this.policy.durationSeconds} s exceeded; retry in ${retryAfterSeconds} s`,
      {
        retryAfterSeconds,
        limit: this.policy.points,
        windowSeconds: this.policy.durationSeconds,
        policy: this.policy.name,
      },
      {
        'Retry-After': String(retryAfterSeconds),
        ...rateLimitHeaders({ ...state, resetSeconds: retryAfterSeconds }),
      },
    );
  }

  private state(res: RateLimiterRes): RateLimitState {
    return {
      limit: this.policy.points,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(0, Math.ceil(res.msBeforeNext / 1000)),
      policy: this.policyHeader,
    };
  }
}
