import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envInt, optionalString, optionalUrl } from './env.js';
import { SettldError } from './errors.js';
import { type LlmConfig, llmConfigFrom, llmEnvShape } from './llm/config.js';
import { type OnboardingConfig, onboardingConfigFrom, onboardingEnvShape } from './onboarding/config.js';
import { type RunnerConfig, runnerConfigFrom, runnerEnvShape } from './runner/config.js';

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  SETTLD_HOME: optionalString,
  SETTLD_DB: optionalString,
  SETTLD_ADMIN_TOKEN: optionalString,
  T4_ADMIN_TOKEN: optionalString,
  SETTLD_REDIS_URL: optionalUrl,
  T4_RATE_REDIS: optionalUrl,
  SETTLD_RATE_LIMIT_PER_MINUTE: envInt(120, 1, 1_000_000),
  SETTLD_AUTH_FAILURES_PER_MINUTE: envInt(30, 1, 1_000_000),
  SETTLD_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  PHASE2_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  SETTLD_HOST: optionalString,
  SETTLD_PORT: envInt(3090, 0, 65535),
  SETTLD_ALLOWED_HOSTS: csv,
  SETTLD_ALLOWED_ORIGINS: csv,
  SETTLD_JWT_JWKS_URL: optionalUrl,
  SETTLD_JWT_ISSUER: optionalString,
  SETTLD_JWT_AUDIENCE: optionalString,
  SETTLD_JWT_TENANT_CLAIM: z.string().default('tenant_id'),
  SETTLD_JWT_SCOPE_CLAIM: z.string().default('scope'),
  SETTLD_BASE_URL: optionalUrl,
  SETTLD_TENANT_ID: optionalString,
  SETTLD_API_KEY: optionalString,
  T4_INTENT_API: optionalUrl,
  T4_API_KEY: optionalString,
  SETTLD_IDEMPOTENCY_TTL_HOURS: envInt(24, 1, 24 * 30),
  ...llmEnvShape,
  ...runnerEnvShape,
  ...onboardingEnvShape,
});

export type Env = z.infer<typeof envSchema>;

export interface JwtConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
  tenantClaim: string;
  scopeClaim: string;
}

export interface Config {
  home: string;
  dbPath: string;
  adminToken: string | undefined;
  redisUrl: string | undefined;
  rateLimitPerMinute: number;
  /** Failed authentications one client address may make per minute before its credentials are refused. */
  authFailuresPerMinute: number;
  logLevel: (typeof LOG_LEVELS)[number];
  host: string;
  port: number;
  allowedHosts: string[];
  allowedOrigins: string[];
  jwt: JwtConfig | undefined;
  remote: { baseUrl: string; tenantId: string | undefined; apiKey: string | undefined } | undefined;
  caller: { tenantId: string | undefined; apiKey: string | undefined };
  /**
   * The intent API the CLI's `intents` commands talk to instead of the local store (the T4 seed's
   * T4_INTENT_API + T4_API_KEY; SETTLD_BASE_URL + SETTLD_API_KEY work too).
   */
  intentApi: { baseUrl: string; apiKey: string | undefined } | undefined;
  idempotencyTtlMs: number;
  llm: LlmConfig;
  runner: RunnerConfig;
  onboarding: OnboardingConfig;
}

export interface ConfigOverrides {
  dbPath?: string;
  host?: string;
  port?: number;
}

/** Validates the environment; every bad variable gets one line naming it and what was expected. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SettldError('CONFIG_INVALID', 500, `Invalid configuration:\n${lines.join('\n')}`, {
      variables: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
  }
  const e = parsed.data;
  const problems: string[] = [];
  const jwtParts = [e.SETTLD_JWT_JWKS_URL, e.SETTLD_JWT_ISSUER, e.SETTLD_JWT_AUDIENCE];
  if (jwtParts.some(Boolean) && !jwtParts.every(Boolean)) {
    problems.push(
      'SETTLD_JWT_JWKS_URL, SETTLD_JWT_ISSUER, SETTLD_JWT_AUDIENCE: set all three to accept JWT bearer tokens, or none',
    );
  }
  const runner = runnerConfigFrom(e, problems);
  if (problems.length > 0) {
    throw new SettldError('CONFIG_INVALID', 500, `Invalid configuration:\n${problems.join('\n')}`);
  }
  const home = resolve(e.SETTLD_HOME ?? join(homedir(), '.settld'));
  return {
    home,
    dbPath: resolve(overrides.dbPath ?? e.SETTLD_DB ?? join(home, 'settld.db')),
    adminToken: e.SETTLD_ADMIN_TOKEN ?? e.T4_ADMIN_TOKEN,
    redisUrl: e.SETTLD_REDIS_URL ?? e.T4_RATE_REDIS,
    rateLimitPerMinute: e.SETTLD_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: e.SETTLD_AUTH_FAILURES_PER_MINUTE,
    logLevel: e.SETTLD_LOG_LEVEL ?? e.PHASE2_LOG_LEVEL ?? 'info',
    host: overrides.host ?? e.SETTLD_HOST ?? '127.0.0.1',
    port: overrides.port ?? e.SETTLD_PORT,
    allowedHosts: e.SETTLD_ALLOWED_HOSTS,
    allowedOrigins: e.SETTLD_ALLOWED_ORIGINS,
    jwt:
      e.SETTLD_JWT_JWKS_URL && e.SETTLD_JWT_ISSUER && e.SETTLD_JWT_AUDIENCE
        ? {
            jwksUrl: e.SETTLD_JWT_JWKS_URL,
            issuer: e.SETTLD_JWT_ISSUER,
            audience: e.SETTLD_JWT_AUDIENCE,
            tenantClaim: e.SETTLD_JWT_TENANT_CLAIM,
            scopeClaim: e.SETTLD_JWT_SCOPE_CLAIM,
          }
        : undefined,
    remote: e.SETTLD_BASE_URL
      ? { baseUrl: e.SETTLD_BASE_URL, tenantId: e.SETTLD_TENANT_ID, apiKey: e.SETTLD_API_KEY }
      : undefined,
    caller: { tenantId: e.SETTLD_TENANT_ID, apiKey: e.SETTLD_API_KEY },
    intentApi: e.T4_INTENT_API
      ? { baseUrl: e.T4_INTENT_API, apiKey: e.T4_API_KEY ?? e.SETTLD_API_KEY }
      : e.SETTLD_BASE_URL
        ? { baseUrl: e.SETTLD_BASE_URL, apiKey: e.SETTLD_API_KEY ?? e.T4_API_KEY }
        : undefined,
    idempotencyTtlMs: e.SETTLD_IDEMPOTENCY_TTL_HOURS * 3_600_000,
    llm: llmConfigFrom(e),
    runner,
    onboarding: onboardingConfigFrom(e),
  };
}
