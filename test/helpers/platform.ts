import { join } from 'node:path';
import { loadConfig } from '../../core/config.js';
import type { Clock } from '../../core/clock.js';
import { silentLogger } from '../../core/observability/logger.js';
import { createPlatform, type Platform } from '../../core/platform.js';
import { tempHome } from './process.js';

export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2026-11-22T12:00:00Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A platform on a fresh temporary store, for unit tests of core services. */
export function testPlatform(
  options: { clock?: Clock; env?: Record<string, string>; adminToken?: string } = {},
): Platform {
  const home = tempHome();
  const config = loadConfig({ SETTLD_HOME: home, SETTLD_DB: join(home, 'test.db'), ...options.env });
  return createPlatform(config, {
    clock: options.clock,
    logger: silentLogger(),
    adminToken: options.adminToken,
  });
}
