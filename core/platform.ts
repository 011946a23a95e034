import { ApiKeyService } from './auth/api-keys.js';
import { Authenticator } from './auth/authenticator.js';
import { JwtVerifier } from './auth/jwt.js';
import { SqliteApiKeyRepository } from './auth/key-repository.js';
import { AuditLog } from './audit/audit-log.js';
import { SqliteAuditRepository } from './audit/audit-repository.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { HealthService } from './health.js';
import { IntentService } from './intents/intent-service.js';
import { SqliteIntentRepository } from './intents/intent-repository.js';
import { IdempotencyService } from './idempotency/idempotency.js';
import { SqliteIdempotencyRepository } from './idempotency/idempotency-repository.js';
import { createLlmService, type LlmService } from './llm/llm-service.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { SecretRedactor } from './observability/redact.js';
import { connectRedis, RateLimiter, type RedisConnection } from './ratelimit/rate-limiter.js';
import type { OnboardingService } from './onboarding/onboarding-service.js';
import { createRunner, type Runner } from './runner/create-runner.js';
import { openDatabase, type SqliteDatabase } from './store/database.js';

export interface PlatformOptions {
  clock?: Clock;
  logger?: Logger;
  /** The operator token, when this process accepts one (serve). */
  adminToken?: string;
}

/** Everything the transports share: one store, one audit chain, one limiter, one set of metrics. */
export interface Platform {
  config: Config;
  clock: Clock;
  db: SqliteDatabase;
  logger: Logger;
  metrics: Metrics;
  redactor: SecretRedactor;
  audit: AuditLog;
  keys: ApiKeyService;
  authenticator: Authenticator;
  idempotency: IdempotencyService;
  requestLimiter: RateLimiter;
  redis: RedisConnection | undefined;
  health: HealthService;
  intents: IntentService;
  llm: LlmService;
  /** The runner and its vault, made on first use (a Soroban vault loads the Stellar SDK). */
  runner(): Promise<Runner>;
  /** The onboarding loop, made on first use. */
  onboarding(): Promise<OnboardingService>;
  /** A limiter with its own policy, sharing the Redis connection when there is one. */
  limiter(policy: { name: string; points: number; durationSeconds: number }): RateLimiter;
  close(): Promise<void>;
}

export function createPlatform(config: Config, options: PlatformOptions = {}): Platform {
  const clock = options.clock ?? systemClock;
  const redactor = new SecretRedactor();
  redactor.add(options.adminToken);
  redactor.add(config.adminToken);
  redactor.add(config.caller.apiKey);
  redactor.add(config.intentApi?.apiKey);
  redactor.add(config.llm.apiKey);
  redactor.add(config.runner.secret);
  redactor.add(config.onboarding.upstreamToken);
  const logger = options.logger ?? createLogger({ level: config.logLevel, redactor });
  const db = openDatabase(config.dbPath);
  const audit = new AuditLog(new SqliteAuditRepository(db), clock, redactor);
  const keys = new ApiKeyService(new SqliteApiKeyRepository(db), audit, clock);
  const jwt = config.jwt ? new JwtVerifier(config.jwt) : undefined;
  let lastRedisError = 0;
  const redis = config.redisUrl
    ? connectRedis(config.redisUrl, (error) => {
        if (clock.now() - lastRedisError > 10_000) {
          lastRedisError = clock.now();
          logger.warn({ err: error }, 'Redis unavailable: rate limits fall back to this process');
        }
      })
    : undefined;
  const limiter = (policy: { name: string; points: number; durationSeconds: number }) =>
    new RateLimiter(policy, redis?.client);
  const metrics = createMetrics();
  const llm = createLlmService(db, config.llm, clock);
  let runner: Promise<Runner> | undefined;
  let onboarding: Promise<OnboardingService> | undefined;
  const platform: Platform = {
    config,
    clock,
    db,
    logger,
    metrics,
    redactor,
    audit,
    keys,
    authenticator: new Authenticator(
      keys,
      options.adminToken,
      jwt,
      limiter({ name: 'auth_failures', points: config.authFailuresPerMinute, durationSeconds: 60 }),
    ),
    idempotency: new IdempotencyService(new SqliteIdempotencyRepository(db), clock, config.idempotencyTtlMs),
    requestLimiter: limiter({ name: 'requests', points: config.rateLimitPerMinute, durationSeconds: 60 }),
    redis,
    health: new HealthService(db, clock),
    intents: new IntentService(new SqliteIntentRepository(db), audit, clock),
    llm,
    runner: () => (runner ??= createRunner({ db, config, audit, clock, logger, llm })),
    // Loaded on demand: the stdio path an agent host starts never loads the matrix and its profiles.
    onboarding: () =>
      (onboarding ??= import('./onboarding/create-onboarding.js').then(({ createOnboarding }) =>
        createOnboarding(platform),
      )),
    limiter,
    close: async () => {
      if (runner) await (await runner.catch(() => undefined))?.worker.stop();
      await redis?.close();
      db.close();
    },
  };
  return platform;
}
