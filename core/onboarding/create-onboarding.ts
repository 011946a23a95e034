import type { Platform } from '../platform.js';
import { SqliteAttemptRepository } from './attempt-repository.js';
import { runConformanceMatrix } from './conformance.js';
import { hostConfigSnippets } from './host-config.js';
import { HOST_PROFILES } from './host-profiles.js';
import { OnboardingService } from './onboarding-service.js';
import { resolveServerCommand } from './smoke-test.js';

/** The onboarding loop on this platform's store, runner and limits. */
export function createOnboarding(platform: Omit<Platform, 'onboarding'>): OnboardingService {
  const { config } = platform;
  return new OnboardingService({
    config: config.onboarding,
    keys: platform.keys,
    audit: platform.audit,
    clock: platform.clock,
    attempts: new SqliteAttemptRepository(platform.db),
    runner: () => platform.runner(),
    idempotency: platform.idempotency,
    matrixLimiter: platform.limiter({
      name: 'conformance-matrix',
      points: config.onboarding.matrixRunsPerHour,
      durationSeconds: 3600,
    }),
    dbPath: config.dbPath,
    server: resolveServerCommand(config.onboarding),
    runMatrix: runConformanceMatrix,
    snippets: hostConfigSnippets,
    knownTargets: Object.keys(HOST_PROFILES),
  });
}
