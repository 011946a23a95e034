import { spawnSync } from 'node:child_process';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  type FakeJwks,
  signToken,
  startFakeJwks,
  type TokenOptions,
} from '../fakes/fake-jwks.js';
import {
  childEnv,
  CLI,
  httpClient,
  json,
  type ServeHandle,
  startServe,
  tempHome,
} from '../helpers/process.js';

const ISSUER = 'https://idp.test.example/';
const AUDIENCE = 'settld-api';
const TENANT_A = 'tenant-a';
const TENANT_B = 'tenant-b';

describe('JWT bearer tokens checked against a JWKS', () => {
  let jwks: FakeJwks;
  let server: ServeHandle;
  const valid: TokenOptions = { issuer: ISSUER, audience: AUDIENCE, subject: 'alice' };

  const token = (
    claims: JWTPayload = { tenant_id: TENANT_A, scope: 'admin' },
    options: Partial<TokenOptions> = {},
  ) => signToken(jwks.key, claims, { ...valid, ...options });

  const listKeys = (bearer: string, query = '') =>
    fetch(`${server.baseUrl}/admin/api_keys${query}`, { headers: { authorization: `Bearer ${bearer}` } });

  const createKeyAsOperator = async (tenantId: string, agentId: string) => {
    const response = await fetch(`${server.baseUrl}/admin/api_keys`, {
      method: 'POST',
      headers: { 'x-admin-token': server.adminToken, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: tenantId, agent_id: agentId, owner: 'jwt-test' }),
    });
    expect(response.status).toBe(201);
    return (await json(response)).api_key as { id: string; tenant_id: string };
  };

  beforeAll(async () => {
    jwks = await startFakeJwks();
    server = await startServe({
      SETTLD_JWT_JWKS_URL: jwks.url,
      SETTLD_JWT_ISSUER: ISSUER,
      SETTLD_JWT_AUDIENCE: AUDIENCE,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await jwks?.close();
  });

  it('lets a token with the admin scope list its tenant’s keys', async () => {
    const own = await createKeyAsOperator(TENANT_A, 'agent-of-a');
    const response = await listKeys(await token());
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.items.map((key: { id: string }) => key.id)).toContain(own.id);
    expect(jwks.fetches()).toBeGreaterThanOrEqual(1);
  });

  it('serves MCP over HTTP to the same token', async () => {
    const client = await httpClient(server.baseUrl, await token());
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(['health', 'admin_list_api_keys']),
      );
      const result = await client.callTool({ name: 'health', arguments: {} });
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toMatchObject({ caller: { tenant_id: TENANT_A, actor: 'jwt:alice' } });
    } finally {
      await client.close();
    }
  });

  it.each([
    ['a wrong audience', () => token(undefined, { audience: 'someone-else' })],
    ['a wrong issuer', () => token(undefined, { issuer: 'https://evil.example/' })],
    [
      'an expired token',
      () => token(undefined, { issuedAt: nowSeconds() - 7200, expiresAt: nowSeconds() - 3600 }),
    ],
    [
      'a token signed by another key with the same kid',
      async () =>
        signToken(
          await createSigningKey(jwks.key.kid),
          { tenant_id: TENANT_A, scope: 'admin' },
          { ...valid },
        ),
    ],
    ['a token with no tenant claim', () => token({ scope: 'admin' })],
  ])('refuses %s with 401 INVALID_TOKEN', async (_case, makeToken) => {
    const response = await listKeys(await makeToken());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await json(response);
    expect(body.code).toBe('INVALID_TOKEN');
    expect(body.message).toEqual(expect.any(String));
  });

  it('refuses a valid token without the admin scope with 403', async () => {
    const response = await listKeys(await token({ tenant_id: TENANT_A, scope: 'intents:read' }));
    expect(response.status).toBe(403);
    expect((await json(response)).code).toBe('FORBIDDEN');
  });

  it('never shows a token of tenant A the keys of tenant B', async () => {
    const other = await createKeyAsOperator(TENANT_B, 'agent-of-b');
    const bearer = await token();

    const response = await listKeys(bearer, '');
    expect(response.status).toBe(200);
    const { items: own } = await json(response);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((key: { tenant_id: string }) => key.tenant_id === TENANT_A)).toBe(true);
    expect(own.map((key: { id: string }) => key.id)).not.toContain(other.id);
    // Naming the other tenant is refused outright, as everywhere else.
    const naming = await listKeys(bearer, `?tenant_id=${TENANT_B}`);
    expect(naming.status).toBe(403);
    expect(JSON.stringify(await json(naming))).not.toContain(other.id);

    const revoke = await fetch(`${server.baseUrl}/admin/api_keys/${other.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(revoke.status).toBe(404);
    const operatorView = await fetch(`${server.baseUrl}/admin/api_keys?tenant_id=${TENANT_B}`, {
      headers: { 'x-admin-token': server.adminToken },
    });
    const { items } = await json(operatorView);
    expect(items.find((key: { id: string }) => key.id === other.id)?.status).toBe('active');
  });
});

describe('JWT configuration', () => {
  it('makes serve exit with one line naming the missing variables when only the JWKS URL is set', () => {
    const result = spawnSync(process.execPath, [CLI, 'serve', '--port', '0'], {
      env: childEnv({ SETTLD_HOME: tempHome(), SETTLD_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json' }),
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).not.toContain('listening on');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const line = result.stderr.split('\n').find((text) => text.includes('SETTLD_JWT_ISSUER'));
    expect(line, result.stderr).toBeDefined();
    for (const name of ['SETTLD_JWT_JWKS_URL', 'SETTLD_JWT_ISSUER', 'SETTLD_JWT_AUDIENCE'])
      expect(line).toContain(name);
  });
});

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
