import { afterEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import { parseScopes } from '../../core/auth/scopes.js';
import type { Platform } from '../../core/platform.js';
import { ManualClock, testPlatform } from '../helpers/platform.js';

const DAY = 86_400_000;
let platform: Platform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

/** A platform on a manual clock, holding one key (agent `a`) that expires in a day. */
async function keyExpiringInADay() {
  const clock = new ManualClock();
  platform = testPlatform({ clock });
  const created = await platform.keys.create(OPERATOR, { agent_id: 'a', owner: 'o', expires_in_days: 1 });
  return { clock, keys: platform.keys, ...created };
}

describe('API keys', () => {
  it('stores only a SHA-256 hash; the secret is shown once and never listed', async () => {
    platform = testPlatform();
    const { key, view } = await platform.keys.create(OPERATOR, {
      agent_id: 'claude-agent-1',
      owner: 'platform',
    });
    expect(key).toMatch(/^sk_[A-Za-z0-9]{12}_[A-Za-z0-9]{40}$/);
    const stored = platform.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(view.id) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(stored)).not.toContain(key.split('_')[2]);
    const listed = await platform.keys.list(OPERATOR, { limit: 10 });
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(JSON.stringify(listed)).not.toContain(String(stored.secret_hash));
    expect((await platform.keys.authenticate(key)).agentId).toBe('claude-agent-1');
  });

  it('refuses a wrong secret, a revoked key and an expired key with distinct 401 codes', async () => {
    const { clock, keys, key, view } = await keyExpiringInADay();
    const forged = `${key.slice(0, -4)}AAAA`;
    await expect(keys.authenticate(forged)).rejects.toMatchObject({
      status: 401,
      code: 'INVALID_API_KEY',
    });
    await expect(keys.authenticate('not-a-key')).rejects.toMatchObject({ code: 'INVALID_API_KEY' });
    clock.advance(DAY + 1);
    await expect(keys.authenticate(key)).rejects.toMatchObject({
      status: 401,
      code: 'API_KEY_EXPIRED',
    });
    const second = await keys.create(OPERATOR, { agent_id: 'b', owner: 'o' });
    await keys.revoke(OPERATOR, second.view.id);
    await expect(keys.authenticate(second.key)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
    expect((await keys.list(OPERATOR, { limit: 10 })).items.map((k) => k.status).sort()).toEqual([
      'expired',
      'revoked',
    ]);
    expect(view.expires_at).not.toBeNull();
  });

  it('still checks a key it has already accepted: a forged secret, expiry and revocation all apply', async () => {
    const { clock, keys, key, view } = await keyExpiringInADay();
    // The first use records last_used_at, which the repository reads back as a new row.
    await keys.authenticate(key);
    const first = await keys.authenticate(key);
    // Accepted again from what that check remembered: the same principal.
    expect(await keys.authenticate(` ${key} `)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    for (const forged of [
      `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`,
      `${key.slice(0, 16)}${'x'.repeat(40)}`,
    ]) {
      await expect(keys.authenticate(forged)).rejects.toMatchObject({ code: 'INVALID_API_KEY' });
    }
    expect(await keys.authenticate(key)).toBe(first);
    clock.advance(DAY + 1);
    await expect(keys.authenticate(key)).rejects.toMatchObject({ code: 'API_KEY_EXPIRED' });

    const other = await keys.create(OPERATOR, { agent_id: 'b', owner: 'o' });
    expect((await keys.authenticate(other.key)).keyId).toBe(other.view.id);
    await keys.revoke(OPERATOR, other.view.id);
    await expect(keys.authenticate(other.key)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
    expect(view.id).not.toBe(other.view.id);
  });

  it('confines a tenant admin to its tenant: another tenant’s key is not found', async () => {
    platform = testPlatform();
    const adminA = await platform.keys.create(OPERATOR, {
      tenant_id: 'acme',
      agent_id: 'ops',
      owner: 'o',
      scopes: 'admin',
    });
    const keyB = await platform.keys.create(OPERATOR, { tenant_id: 'globex', agent_id: 'bot', owner: 'o' });
    const principalA = await platform.keys.authenticate(adminA.key);
    await expect(platform.keys.revoke(principalA, keyB.view.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      platform.keys.create(principalA, { tenant_id: 'globex', agent_id: 'x', owner: 'o' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(platform.keys.list(principalA, { tenantId: 'globex', limit: 50 })).rejects.toMatchObject({
      status: 403,
    });
    const listed = await platform.keys.list(principalA, { limit: 50 });
    expect(listed.items.map((k) => k.tenant_id)).toEqual(['acme']);
  });

  it('refuses key administration without the admin scope', async () => {
    platform = testPlatform();
    const agent = await platform.keys.create(OPERATOR, {
      agent_id: 'bot',
      owner: 'o',
      scopes: ['intents:read'],
    });
    const principal = await platform.keys.authenticate(agent.key);
    await expect(platform.keys.list(principal, { limit: 5 })).rejects.toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('pages through keys with a cursor', async () => {
    platform = testPlatform();
    for (let i = 0; i < 5; i += 1) await platform.keys.create(OPERATOR, { agent_id: `a${i}`, owner: 'o' });
    const first = await platform.keys.list(OPERATOR, { limit: 2 });
    const second = await platform.keys.list(OPERATOR, { limit: 2, cursor: first.nextCursor ?? undefined });
    const third = await platform.keys.list(OPERATOR, { limit: 2, cursor: second.nextCursor ?? undefined });
    const ids = [...first.items, ...second.items, ...third.items].map((k) => k.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    await expect(platform.keys.list(OPERATOR, { limit: 2, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });
});

describe('scopes', () => {
  it('expands the seed’s wildcards and refuses unknown scopes', () => {
    expect(parseScopes('intents:*')).toEqual(['intents:read', 'intents:write']);
    expect(parseScopes('*')).toHaveLength(7);
    expect(parseScopes(['llm:call', 'runner:read'])).toEqual(['llm:call', 'runner:read']);
    expect(() => parseScopes('intents:delete')).toThrow(/Unknown scope/);
  });
});
