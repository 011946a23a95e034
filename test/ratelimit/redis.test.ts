import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type ServeHandle, startServe, tempHome } from '../helpers/process.js';
import {
  REDIS_MANDATORY,
  redisReachable,
  redisServerInstalled,
  SHARED_REDIS_URL,
  startPrivateRedis,
  type PrivateRedis,
} from '../helpers/redis.js';
import { createKey, getKeys, limiterKeyOf } from './keys.js';

const LIMIT = 10;
/** The limiter's key prefix in Redis is fixed in code (`settld:<policy name>`). */
const redisKeyOf = (key: string) => `settld:requests:${limiterKeyOf(key)}`;

const sharedAvailable = await redisReachable(SHARED_REDIS_URL);
const privateAvailable = redisServerInstalled();
if (!sharedAvailable && !REDIS_MANDATORY) {
  console.warn(
    `[redis.test] SKIPPED shared-Redis tests: no Redis answers at ${SHARED_REDIS_URL} (set CI=true to require it)`,
  );
}
if (!privateAvailable && !REDIS_MANDATORY) {
  console.warn(
    '[redis.test] SKIPPED Redis failure drill: no redis-server binary on PATH (set CI=true to require it)',
  );
}

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function redisClient(url: string): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
}

describe.skipIf(!sharedAvailable && !REDIS_MANDATORY)('two serve processes sharing Redis', () => {
  const servers: ServeHandle[] = [];
  const redis = redisClient(SHARED_REDIS_URL);
  const usedRedisKeys: string[] = [];
  let home: string;

  beforeAll(async () => {
    expect(sharedAvailable, `CI=true requires a Redis at ${SHARED_REDIS_URL}`).toBe(true);
    await redis.connect();
    home = tempHome();
    const env = {
      SETTLD_HOME: home,
      SETTLD_REDIS_URL: SHARED_REDIS_URL,
      SETTLD_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    };
    servers.push(await startServe(env));
    servers.push(await startServe({ ...env, SETTLD_ADMIN_TOKEN: servers[0]!.adminToken }));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    if (redis.status === 'ready') {
      if (usedRedisKeys.length > 0) await redis.del(...usedRedisKeys);
      await redis.quit();
    } else {
      redis.disconnect();
    }
  });

  const freshKey = () => {
    const key = createKey(home);
    usedRedisKeys.push(redisKeyOf(key));
    return key;
  };

  it('holds one limit when requests alternate between the two processes', async () => {
    const key = freshKey();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 2; i++) {
      const response = await getKeys(servers[i % 2]!.baseUrl, key);
      statuses.push(response.status);
      await response.body?.cancel();
    }
    const accepted = statuses.filter((status) => status === 200).length;
    expect(
      statuses.every((status) => status === 200 || status === 429),
      statuses.join(','),
    ).toBe(true);
    expect(Math.abs(accepted - LIMIT), `accepted ${accepted} of ${statuses.length}`).toBeLessThanOrEqual(1);
    // Both processes refuse once the shared count is spent, not only the one that served most.
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(Number(await redis.get(redisKeyOf(key)))).toBeGreaterThanOrEqual(LIMIT);
  });

  it('holds one limit under a concurrent burst to both processes', async () => {
    const key = freshKey();
    const responses = await Promise.all(
      Array.from({ length: LIMIT * 2 }, (_, i) => getKeys(servers[i % 2]!.baseUrl, key)),
    );
    await Promise.all(responses.map((response) => response.text()));
    const accepted = responses.filter((response) => response.status === 200).length;
    expect(Math.abs(accepted - LIMIT), `accepted ${accepted} of ${responses.length}`).toBeLessThanOrEqual(1);
    expect(responses.filter((response) => response.status === 429)).toHaveLength(responses.length - accepted);
  });
});

describe.skipIf(!privateAvailable && !REDIS_MANDATORY)('when Redis fails', () => {
  let privateRedis: PrivateRedis;
  let server: ServeHandle;
  const redis = { client: undefined as Redis | undefined };

  beforeAll(async () => {
    expect(privateAvailable, 'CI=true requires the redis-server binary for the failure drill').toBe(true);
    privateRedis = await startPrivateRedis();
    server = await startServe({
      SETTLD_REDIS_URL: privateRedis.url,
      SETTLD_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
  });

  afterAll(async () => {
    redis.client?.disconnect();
    await server?.stop();
    await privateRedis?.stop();
  });

  it('keeps limiting in memory while Redis is down, and counts in Redis again once it is back', async () => {
    const key = createKey(server.home);
    const counted = redisKeyOf(key);

    // Before the outage: requests are counted in Redis.
    for (let i = 0; i < 3; i++) expect((await getKeys(server.baseUrl, key)).status).toBe(200);
    redis.client = redisClient(privateRedis.url);
    await redis.client.connect();
    expect(await redis.client.get(counted)).toBe('3');
    redis.client.disconnect();

    // Outage: the insurance limiter takes over with the same policy; never unlimited, never a 5xx.
    await privateRedis.stop();
    const during: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      const response = await getKeys(server.baseUrl, key);
      during.push(response.status);
      if (response.status === 429) {
        const body = await json(response);
        expect(body.code).toBe('RATE_LIMITED');
        expect(response.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
      } else {
        await response.body?.cancel();
      }
    }
    expect(
      during.every((status) => status === 200 || status === 429),
      during.join(','),
    ).toBe(true);
    expect(during.filter((status) => status === 200).length).toBeLessThanOrEqual(LIMIT);
    expect(during.slice(-3), during.join(',')).toEqual([429, 429, 429]);
    // The operator is told once the reconnect attempts fail.
    for (let attempt = 0; attempt < 30 && !server.logs().includes('Redis unavailable'); attempt++)
      await waitMs(100);
    expect(server.logs()).toContain('Redis unavailable');

    // Recovery: same port, empty Redis; the server reconnects on its own and counts there again.
    await privateRedis.restart();
    redis.client = redisClient(privateRedis.url);
    await redis.client.connect();
    let recovered = false;
    for (let attempt = 0; attempt < 40 && !recovered; attempt++) {
      const response = await getKeys(server.baseUrl, key);
      await response.body?.cancel();
      recovered = response.status === 200 && (await redis.client.exists(counted)) === 1;
      if (!recovered) await waitMs(250);
    }
    expect(recovered, 'serve did not count requests in Redis again within 10 s').toBe(true);
    const before = Number(await redis.client.get(counted));
    const response = await getKeys(server.baseUrl, key);
    expect(response.status).toBe(200);
    expect((await json(response)).items).toEqual(expect.any(Array));
    expect(Number(await redis.client.get(counted))).toBe(before + 1);
  });
});
