import { expect } from 'vitest';
import { runCli } from '../helpers/process.js';

/** Issues a fresh key through the CLI (the operator path, which no rate limit counts). */
export function createKey(home: string, scopes = 'admin', tenant = 'default'): string {
  const result = runCli(
    [
      'keys',
      'create',
      '--agent_id',
      'ratelimit-test',
      '--owner',
      'tests',
      '--scopes',
      scopes,
      '--tenant',
      tenant,
    ],
    { SETTLD_HOME: home },
  );
  expect(result.status, result.stderr).toBe(0);
  const key = result.stdout.trim();
  expect(key).toMatch(/^sk_[A-Za-z0-9]{12}_[A-Za-z0-9]{40}$/);
  return key;
}

/** `sk_<id>_<secret>` → the key the limiter counts it under (`key:<id>`). */
export const limiterKeyOf = (key: string): string => `key:${key.split('_')[1]}`;

export interface RateLimitHeader {
  limit: number;
  remaining: number;
  reset: number;
}

/** Parses `RateLimit: limit=5, remaining=4, reset=60`. */
export function parseRateLimit(header: string | null): RateLimitHeader {
  expect(header, 'RateLimit header').toBeTruthy();
  const fields = Object.fromEntries(
    header!.split(',').map((part) => {
      const [name, value] = part.trim().split('=');
      return [name, Number(value)];
    }),
  );
  return { limit: fields.limit, remaining: fields.remaining, reset: fields.reset };
}

export const getKeys = (baseUrl: string, key: string): Promise<Response> =>
  fetch(`${baseUrl}/admin/api_keys`, { headers: { 'x-api-key': key } });
