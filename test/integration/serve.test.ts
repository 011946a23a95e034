import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, json, runCli, type ServeHandle, startServe } from '../helpers/process.js';

let server: ServeHandle;
let adminKey: string;

const admin = () => ({ 'x-admin-token': server.adminToken });
const post = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function createKey(body: Record<string, unknown>): Promise<string> {
  const response = await post('/admin/api_keys', body, admin());
  expect(response.status).toBe(201);
  return ((await json(response)) as { key: string }).key;
}

beforeAll(async () => {
  server = await startServe({ SETTLD_LOG_LEVEL: 'debug' });
  adminKey = await createKey({ agent_id: 'ops', owner: 'platform', scopes: 'admin' });
});
afterAll(async () => {
  await server.stop();
});

describe('settld-mcp serve', () => {
  it('runs the T4 seed’s admin curl commands verbatim (admin token in the query, with a Deprecation header)', async () => {
    const created = await fetch(`${server.baseUrl}/admin/api_keys?admin_token=${server.adminToken}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"agent_id":"admin-user","owner":"platform","scopes":"intents:*","expires_in_days":365,"daily_limit":1000.0}',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('deprecation')).toBe('true');
    const body = await json(created);
    expect(body.key).toMatch(/^sk_/);
    expect(body.api_key).toMatchObject({
      agent_id: 'admin-user',
      scopes: ['intents:read', 'intents:write'],
      daily_limit: 1000,
    });

    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await json(health)).toMatchObject({ status: 'ok' });

    const listed = await fetch(`${server.baseUrl}/admin/api_keys?admin_token=${server.adminToken}`, {
      headers: { 'X-T4-API-KEY': body.key },
    });
    expect(listed.status).toBe(200);
    const listedText = await listed.text();
    expect(listedText).toContain(body.api_key.id);
    expect(listedText).not.toContain(body.key);

    const revoked = await fetch(
      `${server.baseUrl}/admin/api_keys/${body.key}?admin_token=${server.adminToken}`,
      {
        method: 'DELETE',
      },
    );
    expect(revoked.status).toBe(200);
    expect((await json(revoked)).api_key.status).toBe('revoked');
    const after = await fetch(`${server.baseUrl}/admin/api_keys`, { headers: { 'X-T4-API-KEY': body.key } });
    expect(after.status).toBe(401);
    expect((await json(after)).code).toBe('API_KEY_REVOKED');
  });

  it('stops a key revoked by `keys revoke` in another process within a second, and one revoked through the API at once', async () => {
    const key = await createKey({ agent_id: 'revoked-elsewhere', owner: 'platform', scopes: 'intents:read' });
    const get = () => fetch(`${server.baseUrl}/intents?limit=1`, { headers: { 'x-api-key': key } });
    expect((await get()).status).toBe(200);
    // The running server has this key's row cached; the CLI writes through its own connection.
    expect(runCli(['keys', 'revoke', key], { SETTLD_HOME: server.home }).status).toBe(0);
    const revokedAt = Date.now();
    let status = (await get()).status;
    while (status === 200 && Date.now() - revokedAt < 3_000) {
      await new Promise((done) => setTimeout(done, 50));
      status = (await get()).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1_500);

    const other = await createKey({ agent_id: 'revoked-here', owner: 'platform', scopes: 'intents:read' });
    expect(
      (await fetch(`${server.baseUrl}/intents?limit=1`, { headers: { 'x-api-key': other } })).status,
    ).toBe(200);
    const deleted = await fetch(`${server.baseUrl}/admin/api_keys/${other}`, {
      method: 'DELETE',
      headers: admin(),
    });
    expect(deleted.status).toBe(200);
    const after = await fetch(`${server.baseUrl}/intents?limit=1`, { headers: { 'x-api-key': other } });
    expect(after.status).toBe(401);
  });

  it('answers what the HTTP parser refuses with the JSON error body: an oversized URL, malformed HTTP', async () => {
    const long = await fetch(`${server.baseUrl}/health?pad=${'a'.repeat(20_000)}`);
    expect(long.status).toBe(431);
    expect(await json(long)).toMatchObject({ code: 'HEADERS_TOO_LARGE' });

    const raw = await new Promise<string>((done, fail) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => done(text));
      socket.on('error', fail);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'BAD_REQUEST' });
    // The server is still serving.
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  });

  it('tells a caller who it is and how much of its request limit is left at GET /v1/whoami', async () => {
    const key = await createKey({ agent_id: 'curious-agent', owner: 'platform', scopes: 'intents:read' });
    const first = await fetch(`${server.baseUrl}/v1/whoami`, { headers: { 'x-api-key': key } });
    expect(first.status).toBe(200);
    const body = await json(first);
    expect(body).toEqual({
      kind: 'api_key',
      tenant_id: 'default',
      actor: `key:${key.split('_')[1]}`,
      key_id: key.split('_')[1],
      agent_id: 'curious-agent',
      scopes: ['intents:read'],
      rate_limit: { limit: 120, remaining: 119, reset_seconds: expect.any(Number), policy: '120;w=60' },
    });
    expect(JSON.stringify(body)).not.toContain(key.split('_')[2]);
    const second = await json(await fetch(`${server.baseUrl}/v1/whoami`, { headers: { 'x-api-key': key } }));
    expect(second.rate_limit.remaining).toBe(118);
    const operator = await json(await fetch(`${server.baseUrl}/v1/whoami`, { headers: admin() }));
    expect(operator).toMatchObject({ kind: 'admin_token', tenant_id: null, key_id: null });
    expect((await fetch(`${server.baseUrl}/v1/whoami`)).status).toBe(401);
  });

  it('keeps the admin token and keys out of its logs', async () => {
    await new Promise((done) => setTimeout(done, 100));
    const logs = server.logs();
    expect(logs).toContain('"msg":"request"');
    expect(logs).not.toContain(server.adminToken);
    expect(logs).not.toContain(adminKey);
    expect(logs).not.toContain(adminKey.split('_')[2]);
  });

  it('answers 401 without or with bad credentials, 403 without the scope, 404 for another tenant’s key', async () => {
    const none = await fetch(`${server.baseUrl}/admin/api_keys`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await json(none)).code).toBe('UNAUTHORIZED');
    const badToken = await fetch(`${server.baseUrl}/admin/api_keys`, {
      headers: { 'x-admin-token': 'wrong' },
    });
    expect((await json(badToken)).code).toBe('INVALID_ADMIN_TOKEN');

    const reader = await createKey({ agent_id: 'reader', owner: 'o', scopes: ['intents:read'] });
    const noScope = await fetch(`${server.baseUrl}/admin/api_keys`, { headers: { 'x-api-key': reader } });
    expect(noScope.status).toBe(403);
    expect(await json(noScope)).toMatchObject({ code: 'FORBIDDEN', required: 'admin' });

    const tenantAdmin = await createKey({
      tenant_id: 'acme',
      agent_id: 'acme-ops',
      owner: 'o',
      scopes: 'admin',
    });
    const otherTenantKey = await createKey({ tenant_id: 'globex', agent_id: 'bot', owner: 'o' });
    const otherId = otherTenantKey.split('_')[1]!;
    const hidden = await fetch(`${server.baseUrl}/admin/api_keys/${otherId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tenantAdmin}` },
    });
    expect(hidden.status).toBe(404);

    const expiring = await createKey({ agent_id: 'short', owner: 'o', expires_in_days: 0.00001 });
    await new Promise((done) => setTimeout(done, 1200));
    const expired = await fetch(`${server.baseUrl}/admin/api_keys`, { headers: { 'x-api-key': expiring } });
    expect(expired.status).toBe(401);
    expect((await json(expired)).code).toBe('API_KEY_EXPIRED');
  });

  it('validates input with a stable code and never crashes on garbage', async () => {
    const missing = await post('/admin/api_keys', { owner: 'x' }, admin());
    expect(missing.status).toBe(400);
    expect((await json(missing)).code).toBe('INVALID_INPUT');
    const broken = await fetch(`${server.baseUrl}/admin/api_keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin() },
      body: '{"agent_id":',
    });
    expect(broken.status).toBe(400);
    expect((await json(broken)).code).toBe('INVALID_JSON');
    const badScope = await post('/admin/api_keys', { agent_id: 'a', owner: 'o', scopes: 'root' }, admin());
    expect((await json(badScope)).code).toBe('INVALID_SCOPES');
    const nowhere = await fetch(`${server.baseUrl}/nowhere/sk_abcdefghijkl_secretsecretsecret`);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.text()).not.toContain('secretsecretsecret');
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  });

  it('serves /ready, Prometheus /metrics and an OpenAPI 3.1 document', async () => {
    const ready = await fetch(`${server.baseUrl}/ready`);
    expect(await json(ready)).toEqual({ ready: true, checks: { store: true, migrations: true } });
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    // The /ready call just made is already counted: a scrape takes requests not yet handed over.
    expect(metrics).toMatch(
      /^settld_http_requests_total\{method="GET",route="\/ready",status="200"\} [1-9]/m,
    );
    expect(metrics).toContain('settld_auth_failures_total');
    const openapi = await json(await fetch(`${server.baseUrl}/openapi.json`));
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.paths['/admin/api_keys'].post.requestBody).toBeTruthy();
    expect(openapi.components.securitySchemes).toHaveProperty('t4ApiKey');
  });

  it('serves MCP at /mcp with a bearer key on both protocol versions, and refuses without one', async () => {
    for (const version of ['2025-11-25', '2025-06-18']) {
      const client = await httpClient(server.baseUrl, adminKey, version);
      expect(client.negotiatedVersion()).toBe(version);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('health');
      const health = await client.callTool({ name: 'health', arguments: {} });
      expect(health.structuredContent).toMatchObject({ status: 'ok', caller: { tenant_id: 'default' } });
      await client.close();
    }
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
    };
    const anonymous = await fetch(`${server.baseUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(initialize),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('lists over /mcp only the tools a key’s scopes let it run, and refuses a hidden one before its arguments', async () => {
    const reader = await createKey({ agent_id: 'mcp-reader', owner: 'platform', scopes: 'intents:read' });
    const client = await httpClient(server.baseUrl, reader);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual([
        'health',
        'intents_pre_pr_check',
        'intents_get',
        'intents_list',
        'intents_by_file',
        'intents_stale',
        'intents_metrics',
      ]);
      const refused = await client.callTool({ name: 'intents_create', arguments: { code: 42, line: 'x' } });
      expect(refused.isError).toBe(true);
      const text = (refused.content as { text: string }[])[0]!.text;
      expect(JSON.parse(text)).toMatchObject({ code: 'FORBIDDEN', required: 'intents:write' });
      const listed = await client.callTool({ name: 'intents_list', arguments: { limit: 'many' } });
      expect(JSON.parse((listed.content as { text: string }[])[0]!.text).code).toBe('INVALID_INPUT');
    } finally {
      await client.close();
    }
  });

  it('verifies the audit chain over /mcp for the operator only: a tenant’s admin key gets FORBIDDEN', async () => {
    const tenantAdmin = await httpClient(server.baseUrl, adminKey);
    const operator = await httpClient(server.baseUrl, server.adminToken);
    try {
      const shown = async (client: typeof operator) => (await client.listTools()).tools.map((t) => t.name);
      expect(await shown(tenantAdmin)).not.toContain('admin_verify_audit');
      expect(await shown(operator)).toContain('admin_verify_audit');
      const refused = await tenantAdmin.callTool({ name: 'admin_verify_audit', arguments: {} });
      expect(refused.isError).toBe(true);
      const text = (refused.content as { text: string }[])[0]!.text;
      expect(JSON.parse(text)).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('Only the operator verifies the audit chain'),
      });
      expect(JSON.parse(text)).not.toHaveProperty('rows');
      const verified = await operator.callTool({ name: 'admin_verify_audit', arguments: {} });
      expect(verified.isError).toBeFalsy();
      expect(verified.structuredContent).toMatchObject({ ok: true, rows: expect.any(Number) });
      expect((verified.structuredContent as { rows: number }).rows).toBeGreaterThan(0);
    } finally {
      await tenantAdmin.close();
      await operator.close();
    }
  });

  it('refuses DNS-rebinding requests to /mcp: foreign Host or Origin', async () => {
    const base = { method: 'POST', body: '{}' };
    const foreignOrigin = await fetch(`${server.baseUrl}/mcp`, {
      ...base,
      headers: {
        authorization: `Bearer ${adminKey}`,
        origin: 'https://evil.example',
        'content-type': 'application/json',
      },
    });
    expect(foreignOrigin.status).toBe(403);
    const { request } = await import('node:http');
    const status = await new Promise<number>((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/mcp',
          method: 'POST',
          headers: { host: 'evil.example:80', authorization: `Bearer ${adminKey}` },
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        },
      );
      req.on('error', fail);
      req.end('{}');
    });
    expect(status).toBe(403);
  });
});

describe('serve lifecycle', () => {
  it('shuts down gracefully on SIGTERM with exit code 0', async () => {
    const other = await startServe();
    expect(await other.stop('SIGTERM')).toBe(0);
  });

  it('generates an admin token into SETTLD_HOME/admin-token (0600) when none is configured', async () => {
    const { statSync, readFileSync } = await import('node:fs');
    const { tempHome } = await import('../helpers/process.js');
    const home = tempHome();
    const other = await startServe({ SETTLD_HOME: home, SETTLD_ADMIN_TOKEN: '' });
    try {
      const file = `${home}/admin-token`;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(home).mode & 0o777).toBe(0o700);
      const token = readFileSync(file, 'utf8').trim();
      expect(other.logs()).toContain('admin-token');
      expect(other.logs()).not.toContain(token);
      const ok = await fetch(`${other.baseUrl}/admin/api_keys`, { headers: { 'x-admin-token': token } });
      expect(ok.status).toBe(200);
      const notDefault = await fetch(`${other.baseUrl}/admin/api_keys`, { headers: { 'x-admin-token': '' } });
      expect(notDefault.status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});
