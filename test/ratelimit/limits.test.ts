import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type ServeHandle, startServe, stdioClient, tempHome } from '../helpers/process.js';
import { createKey, getKeys, parseRateLimit } from './keys.js';

const LIMIT = 5;

describe('per-key request limits of serve', () => {
  let server: ServeHandle;

  beforeAll(async () => {
    server = await startServe({ SETTLD_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('counts down on every accepted request, then answers 429 RATE_LIMITED with when to retry', async () => {
    const key = createKey(server.home);
    for (let i = 1; i <= LIMIT; i++) {
      const response = await getKeys(server.baseUrl, key);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-policy')).toBe(`${LIMIT};w=60`);
      const state = parseRateLimit(response.headers.get('ratelimit'));
      expect(state).toMatchObject({ limit: LIMIT, remaining: LIMIT - i });
      expect(state.reset).toBeGreaterThan(0);
      expect(state.reset).toBeLessThanOrEqual(60);
    }

    const refused = await getKeys(server.baseUrl, key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    const body = await json(refused);
    expect(body).toMatchObject({ code: 'RATE_LIMITED', limit: LIMIT, windowSeconds: 60 });
    expect(body.message).toEqual(expect.any(String));
    expect(Number.isInteger(body.retryAfterSeconds)).toBe(true);
    expect(body.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
    expect(refused.headers.get('ratelimit-policy')).toBe(`${LIMIT};w=60`);
    expect(parseRateLimit(refused.headers.get('ratelimit'))).toEqual({
      limit: LIMIT,
      remaining: 0,
      reset: body.retryAfterSeconds,
    });
    expect(JSON.stringify(body)).not.toContain(key);
  });

  it('limits each key on its own: another key still passes while the first is refused', async () => {
    const busy = createKey(server.home);
    const other = createKey(server.home);
    for (let i = 0; i < LIMIT; i++) expect((await getKeys(server.baseUrl, busy)).status).toBe(200);
    expect((await getKeys(server.baseUrl, busy)).status).toBe(429);

    const response = await getKeys(server.baseUrl, other);
    expect(response.status).toBe(200);
    expect(parseRateLimit(response.headers.get('ratelimit')).remaining).toBe(LIMIT - 1);
    expect((await getKeys(server.baseUrl, busy)).status).toBe(429);
  });

  it('never limits the unauthenticated health check', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      const response = await fetch(`${server.baseUrl}/health`);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit')).toBeNull();
      expect((await json(response)).status).toBe('ok');
    }
  });
});

describe('per-key limits of MCP over stdio', () => {
  it('refuses the call after the limit with an isError result whose code is RATE_LIMITED', async () => {
    const home = tempHome();
    const key = createKey(home, 'intents:read');
    const { client } = await stdioClient({
      SETTLD_HOME: home,
      SETTLD_API_KEY: key,
      SETTLD_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
    try {
      for (let i = 0; i < LIMIT; i++) {
        const result = await client.callTool({ name: 'health', arguments: {} });
        expect(result.isError ?? false).toBe(false);
      }
      const refused = await client.callTool({ name: 'health', arguments: {} });
      expect(refused.isError).toBe(true);
      const content = refused.content as { type: string; text: string }[];
      expect(content[0]?.type).toBe('text');
      const error = JSON.parse(content[0]!.text);
      expect(error).toMatchObject({ code: 'RATE_LIMITED', limit: LIMIT });
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    } finally {
      await client.close();
    }
  });
});

describe('failed authentications per client address', () => {
  const FAILURES = 4;
  let server: ServeHandle;

  beforeAll(async () => {
    server = await startServe({ SETTLD_AUTH_FAILURES_PER_MINUTE: String(FAILURES) });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses every credential from an address that keeps guessing, with 429 and when to retry', async () => {
    const valid = createKey(server.home);
    // A request without credentials guesses nothing: it is answered 401 and not counted.
    for (let i = 0; i < FAILURES + 2; i++) {
      expect((await fetch(`${server.baseUrl}/admin/api_keys`)).status).toBe(401);
    }
    expect((await getKeys(server.baseUrl, valid)).status).toBe(200);

    const forged = `sk_${'A'.repeat(12)}_${'b'.repeat(40)}`;
    for (let i = 0; i < FAILURES; i++) {
      const guess = await getKeys(server.baseUrl, forged);
      expect(guess.status).toBe(401);
      expect((await json(guess)).code).toBe('INVALID_API_KEY');
    }
    const blocked = await getKeys(server.baseUrl, forged);
    expect(blocked.status).toBe(429);
    const body = await json(blocked);
    expect(body).toMatchObject({ code: 'RATE_LIMITED', policy: 'auth_failures', limit: FAILURES });
    expect(blocked.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
    // While the address is refused, a valid key from it is refused too: a guess can not be told apart.
    expect((await getKeys(server.baseUrl, valid)).status).toBe(429);
    expect(JSON.stringify(body)).not.toContain(forged);
  });
});
