import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { envBoolean } from '../../core/env.js';
import { SettldError } from '../../core/errors.js';

describe('configuration', () => {
  it('reads "false", "0", "no" and "off" as false, unlike Boolean("false")', () => {
    const flag = envBoolean(true);
    for (const word of ['false', '0', 'no', 'off', 'FALSE', ' No ']) expect(flag.parse(word)).toBe(false);
    for (const word of ['true', '1', 'yes', 'on']) expect(flag.parse(word)).toBe(true);
    expect(flag.parse(undefined)).toBe(true);
    expect(flag.safeParse('maybe').success).toBe(false);
  });

  it('names every bad variable on its own line', () => {
    let error: unknown;
    try {
      loadConfig({ SETTLD_PORT: 'abc', SETTLD_RATE_LIMIT_PER_MINUTE: '-3', SETTLD_REDIS_URL: 'not a url' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettldError);
    const lines = (error as SettldError).message.split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => line.startsWith('SETTLD_PORT:'))).toBe(true);
    expect(lines.some((line) => line.startsWith('SETTLD_RATE_LIMIT_PER_MINUTE:'))).toBe(true);
    expect(lines.some((line) => line.startsWith('SETTLD_REDIS_URL:'))).toBe(true);
  });

  it('takes the seed names as aliases: T4_ADMIN_TOKEN and T4_RATE_REDIS', () => {
    const config = loadConfig({
      T4_ADMIN_TOKEN: 'seed-admin-token',
      T4_RATE_REDIS: 'redis://localhost:6379',
    });
    expect(config.adminToken).toBe('seed-admin-token');
    expect(config.redisUrl).toBe('redis://localhost:6379');
    expect(config.rateLimitPerMinute).toBe(120);
  });

  it('refuses a half-configured JWT setup', () => {
    expect(() => loadConfig({ SETTLD_JWT_JWKS_URL: 'http://127.0.0.1:1/jwks' })).toThrow(/SETTLD_JWT_ISSUER/);
  });
});
