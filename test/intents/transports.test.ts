import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli, type ServeHandle, startServe, stdioClient, tempHome } from '../helpers/process.js';

let serve: ServeHandle;

beforeAll(async () => {
  serve = await startServe();
});

afterAll(async () => {
  await serve.stop();
});

async function createKey(body: Record<string, unknown>): Promise<string> {
  // The seed's form: the admin token in the query string.
  const response = await fetch(
    `${serve.baseUrl}/admin/api_keys?admin_token=${encodeURIComponent(serve.adminToken)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ owner: 'platform', expires_in_days: 365, daily_limit: 100, ...body }),
    },
  );
  expect(response.status).toBe(201);
  return ((await json(response)) as { key: string }).key;
}

/** A request the way the seed's client sends it: `X-T4-API-KEY`. */
function api(
  key: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${serve.baseUrl}${path}`, {
    method,
    headers: {
      'X-T4-API-KEY': key,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('the seed 001 intent API against serve', () => {
  it('health, create, stale, by_owner, by_file, get, patch, metrics summary and admin delete', async () => {
    const key = await createKey({ agent_id: 'claude-agent-1', scopes: 'intents:*' });

    expect((await fetch(`${serve.baseUrl}/health`)).status).toBe(200);

    const created = await api(key, 'POST', '/intents', {
      code: 'F821',
      type: 'lint',
      file: 'lukhas/core/foo.py',
      line: 12,
      reason: 'dynamic import resolved at runtime',
      owner: 'platform',
      ticket: 'T4-101',
      status: 'planned',
      agent_id: 'someone-else',
      modified_at: '2099-01-01T00:00:00Z',
    });
    expect(created.status).toBe(201);
    const intent = await json(created);
    expect(intent).toMatchObject({ code: 'F821', file: 'lukhas/core/foo.py', status: 'planned' });
    // Server-owned: the key's agent and the server's clock, whatever the body said.
    expect(intent.agent_id).toBe('claude-agent-1');
    expect(intent.modified_at.startsWith('2099')).toBe(false);

    const glob = await json(
      await api(key, 'POST', '/intents', {
        code: 'F401',
        file: 'lukhas/api/**',
        owner: 'api-team',
        ticket: 'T4-102',
        status: 'committed',
      }),
    );

    const stale = await json(await api(key, 'GET', '/intents/stale?days=0'));
    expect(stale.items.map((item: { id: string }) => item.id).sort()).toEqual([intent.id, glob.id].sort());
    expect((await json(await api(key, 'GET', '/intents/stale?days=30'))).items).toEqual([]);

    const byOwner = await json(await api(key, 'GET', '/intents/by_owner/api-team'));
    expect(byOwner.items.map((item: { id: string }) => item.id)).toEqual([glob.id]);

    const byFile = await json(await api(key, 'GET', '/intents/by_file?file=lukhas/api/bar.py'));
    expect(byFile.items.map((item: { id: string }) => item.id)).toEqual([glob.id]);

    expect(await json(await api(key, 'GET', `/intents/${intent.id}`))).toEqual(intent);

    const patched = await api(key, 'PATCH', `/intents/${intent.id}`, { status: 'implemented' });
    expect(patched.status).toBe(200);
    const implemented = await json(patched);
    expect(implemented.status).toBe('implemented');
    expect(implemented.resolved_at).not.toBeNull();

    const illegal = await api(key, 'PATCH', `/intents/${intent.id}`, { status: 'planned' });
    expect(illegal.status).toBe(409);
    expect((await json(illegal)).code).toBe('INVALID_STATUS_TRANSITION');

    const summary = await json(await api(key, 'GET', '/metrics/summary'));
    expect(summary).toMatchObject({
      total: 2,
      by_status: { implemented: 1, committed: 1 },
      by_code: expect.arrayContaining([{ code: 'F821', count: 1 }]),
      quality_score: 1,
    });
    expect(typeof summary.avg_time_to_resolve_days).toBe('number');

    // Delete is for the admin; the seed passes the admin token in the query string.
    expect((await api(key, 'DELETE', `/intents/${glob.id}`)).status).toBe(403);
    const deleted = await fetch(
      `${serve.baseUrl}/intents/${glob.id}?admin_token=${encodeURIComponent(serve.adminToken)}`,
      { method: 'DELETE' },
    );
    expect(deleted.status).toBe(200);
    expect(deleted.headers.get('deprecation')).toBe('true');
    expect((await api(key, 'GET', `/intents/${glob.id}`)).status).toBe(404);
    expect(serve.logs()).not.toContain(serve.adminToken);
  });

  it('a key with only intents:read can read but not create, update or delete', async () => {
    const writer = await createKey({ agent_id: 'writer', scopes: 'intents:read,intents:write' });
    const reader = await createKey({ agent_id: 'reader', scopes: 'intents:read' });
    const intent = await json(await api(writer, 'POST', '/intents', { code: 'E501', file: 'docs/a.py' }));

    expect((await api(reader, 'GET', `/intents/${intent.id}`)).status).toBe(200);
    for (const response of [
      await api(reader, 'POST', '/intents', { code: 'E501', file: 'docs/b.py' }),
      await api(reader, 'PATCH', `/intents/${intent.id}`, { reason: 'mine now' }),
      await api(reader, 'DELETE', `/intents/${intent.id}`),
      await api(reader, 'POST', '/intents/pre_pr_check', {
        files: ['docs/c.py'],
        critical_codes: ['E501'],
        auto_create_reserved: true,
      }),
    ]) {
      expect(response.status).toBe(403);
      expect((await json(response)).code).toBe('FORBIDDEN');
    }
    expect((await json(await api(reader, 'GET', `/intents/${intent.id}`))).reason).toBeNull();
  });

  it("another tenant's intents are invisible", async () => {
    const ours = await createKey({ agent_id: 'a', tenant_id: 'ours', scopes: 'intents:*' });
    const theirs = await createKey({ agent_id: 'b', tenant_id: 'theirs', scopes: 'intents:*' });
    const intent = await json(
      await api(ours, 'POST', '/intents', {
        code: 'F821',
        file: 'src/secret.py',
        owner: 'o',
        ticket: 't',
        status: 'planned',
      }),
    );

    expect((await api(theirs, 'GET', `/intents/${intent.id}`)).status).toBe(404);
    expect((await api(theirs, 'PATCH', `/intents/${intent.id}`, { reason: 'x' })).status).toBe(404);
    expect((await json(await api(theirs, 'GET', '/intents/by_file?file=src/secret.py'))).items).toEqual([]);
    expect((await json(await api(theirs, 'GET', '/intents/by_owner/o'))).items).toEqual([]);
    expect((await json(await api(theirs, 'GET', '/metrics/summary'))).total).toBe(0);
    const check = await json(
      await api(theirs, 'POST', '/intents/pre_pr_check', {
        files: ['src/secret.py'],
        critical_codes: ['F821'],
      }),
    );
    expect(check.missing).toEqual(['src/secret.py']);
    const asking = await api(theirs, 'GET', '/intents?tenant_id=ours');
    expect(asking.status).toBe(403);
  });

  it('bad input gets a stable code, and a retried create with the same idempotency key creates one intent', async () => {
    const key = await createKey({ agent_id: 'retry', tenant_id: 'retries', scopes: 'intents:*' });
    const bad = await api(key, 'POST', '/intents', { code: 'has space', file: '' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe('INVALID_INPUT');
    const noOwner = await api(key, 'POST', '/intents', { code: 'F1', file: 'a.py', status: 'planned' });
    expect(noOwner.status).toBe(400);
    expect((await json(noOwner)).code).toBe('OWNER_AND_TICKET_REQUIRED');
    const broken = await fetch(`${serve.baseUrl}/intents`, {
      method: 'POST',
      headers: { 'X-T4-API-KEY': key, 'content-type': 'application/json' },
      body: '{"code": ',
    });
    expect((await json(broken)).code).toBe('INVALID_JSON');

    const body = { code: 'F401', file: 'retry.py' };
    const first = await api(key, 'POST', '/intents', body, { 'x-idempotency-key': 'create-retry-1' });
    const second = await api(key, 'POST', '/intents', body, { 'x-idempotency-key': 'create-retry-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(second)).id).toBe((await json(first)).id);
    const other = await api(
      key,
      'POST',
      '/intents',
      { ...body, line: 3 },
      { 'x-idempotency-key': 'create-retry-1' },
    );
    expect(other.status).toBe(422);
    expect((await json(await api(key, 'GET', '/intents?file=retry.py'))).items).toHaveLength(1);
  });

  it('lists are paginated with a cursor', async () => {
    const key = await createKey({ agent_id: 'pager', tenant_id: 'pages', scopes: 'intents:*' });
    for (let i = 0; i < 5; i++) await api(key, 'POST', '/intents', { code: 'F401', file: `p/${i}.py` });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await json(await api(key, 'GET', `/intents?limit=2${query}`));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: { file: string }) => item.file));
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(seen.sort()).toEqual(['p/0.py', 'p/1.py', 'p/2.py', 'p/3.py', 'p/4.py']);
    expect((await api(key, 'GET', '/intents?limit=500')).status).toBe(400);
    expect((await json(await api(key, 'GET', '/intents?cursor=nonsense'))).code).toBe('INVALID_CURSOR');
  });

  it('the OpenAPI document describes the intent routes', async () => {
    const document = await json(await fetch(`${serve.baseUrl}/openapi.json`));
    for (const path of [
      '/intents',
      '/intents/stale',
      '/intents/by_owner/{owner}',
      '/intents/by_file',
      '/intents/{intent_id}',
      '/intents/pre_pr_check',
      '/metrics/summary',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
  });
});

describe('settld-mcp intents check (the certification step)', () => {
  it('reports the file missing and leaves exactly one reserved placeholder, however often it runs', () => {
    const home = tempHome();
    const args = ['intents', 'check', '--files', 'lukhas/core/foo.py', '--codes', 'F821', '--reserve'];
    const first = runCli(args, { SETTLD_HOME: home });
    expect(first.status, first.stderr).toBe(1);
    expect(first.stdout).toContain('lukhas/core/foo.py');
    expect(first.stdout).toContain('no_intent');
    expect(first.stdout).toContain('reserved 1 placeholder');
    for (let run = 0; run < 3; run++) {
      const again = runCli([...args, '--json'], { SETTLD_HOME: home });
      expect(again.status).toBe(1);
      const result = JSON.parse(again.stdout);
      expect(result.missing).toEqual(['lukhas/core/foo.py']);
      expect(result.details[0].why).toBe('reserved_only');
      expect(result.created_reserved).toEqual([]);
    }
    const registry = JSON.parse(runCli(['intents', 'export'], { SETTLD_HOME: home }).stdout);
    expect(registry.intents).toHaveLength(1);
    expect(registry.intents[0]).toMatchObject({
      code: 'F821',
      file: 'lukhas/core/foo.py',
      status: 'reserved',
    });
  });

  it('with a ruff findings file, a changed file without critical findings needs no intent', () => {
    const home = tempHome();
    const root = tempHome('settld-repo-');
    const findings = join(root, 'ruff.json');
    writeFileSync(
      findings,
      JSON.stringify([
        {
          code: 'F821',
          filename: join(root, 'lukhas/core/foo.py'),
          location: { row: 7, column: 1 },
          message: 'Undefined name `x`',
        },
        { code: 'E501', filename: join(root, 'lukhas/api/bar.py'), location: { row: 3, column: 90 } },
      ]),
    );
    const result = runCli(
      [
        'intents',
        'check',
        '--files',
        'lukhas/core/foo.py,lukhas/api/bar.py',
        'docs/readme.md',
        '--codes',
        'F821,F401',
        '--findings',
        findings,
        '--root',
        root,
        '--json',
      ],
      { SETTLD_HOME: home },
    );
    expect(result.status, result.stderr).toBe(1);
    const check = JSON.parse(result.stdout);
    expect(check.mode).toBe('findings');
    expect(check.missing).toEqual(['lukhas/core/foo.py']);
    expect(check.details).toEqual([{ file: 'lukhas/core/foo.py', code: 'F821', line: 7, why: 'no_intent' }]);

    const clean = join(root, 'clean.json');
    writeFileSync(
      clean,
      JSON.stringify([{ code: 'E501', filename: 'lukhas/api/bar.py', location: { row: 1 } }]),
    );
    const passing = runCli(
      ['intents', 'check', '--files', 'lukhas/api/bar.py', '--codes', 'F821', '--findings', clean],
      { SETTLD_HOME: home },
    );
    expect(passing.status, passing.stderr).toBe(0);
    expect(passing.stdout).toContain('ok: 1 file(s) checked');

    // The changed files piped in, as from `git diff --name-only`.
    const piped = runCli(
      ['intents', 'check', '--files-from', '-', '--codes', 'F821', '--findings', findings, '--root', root],
      { SETTLD_HOME: home },
      'lukhas/core/foo.py\nlukhas/api/bar.py\n\n',
    );
    expect(piped.status).toBe(1);
    expect(piped.stdout).toContain('1 of 2 file(s) missing an intent');
  });

  it('runs against a remote server with T4_INTENT_API and T4_API_KEY', async () => {
    const key = await createKey({ agent_id: 'ci-agent', tenant_id: 'remote', scopes: 'intents:*' });
    const env = { SETTLD_HOME: tempHome(), T4_INTENT_API: serve.baseUrl, T4_API_KEY: key };
    const args = ['intents', 'check', '--files', 'svc/a.py', '--codes', 'F821', '--reserve', '--json'];
    const first = runCli(args, env);
    expect(first.status, first.stderr).toBe(1);
    expect(JSON.parse(first.stdout).created_reserved).toHaveLength(1);
    expect(JSON.parse(runCli(args, env).stdout).created_reserved).toHaveLength(0);
    const remote = await json(await api(key, 'GET', '/intents/by_file?file=svc/a.py'));
    expect(remote.items).toHaveLength(1);
    expect(remote.items[0].agent_id).toBe('ci-agent');

    const wrongKey = runCli(args, { ...env, T4_API_KEY: 'sk_nope_nope' });
    expect(wrongKey.status).toBe(2);
    expect(wrongKey.stderr).toContain('INVALID_API_KEY');
    expect(wrongKey.stderr).not.toContain('sk_nope_nope');
    const down = runCli(args, { ...env, T4_INTENT_API: 'http://127.0.0.1:9' });
    expect(down.status).toBe(2);
    expect(down.stderr).toContain('INTENT_API_UNREACHABLE');
  });

  it('export and import carry the registry between stores, and a broken file is refused', () => {
    const from = tempHome();
    runCli(['intents', 'check', '--files', 'a.py', 'b.py', '--codes', 'F821', '--reserve'], {
      SETTLD_HOME: from,
    });
    const file = join(from, 'registry.json');
    expect(runCli(['intents', 'export', '--out', file], { SETTLD_HOME: from }).status).toBe(0);

    const to = tempHome();
    const imported = runCli(['intents', 'import', file, '--json'], { SETTLD_HOME: to });
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ inserted: 2, updated: 0 });
    const again = runCli(['intents', 'import', file, '--json'], { SETTLD_HOME: to });
    expect(JSON.parse(again.stdout)).toEqual({ inserted: 0, updated: 2 });
    expect(JSON.parse(runCli(['intents', 'export'], { SETTLD_HOME: to }).stdout).intents).toHaveLength(2);

    const broken = join(from, 'broken.json');
    writeFileSync(broken, JSON.stringify({ format: 'settld-intents', version: 1, intents: [{ id: 'x' }] }));
    const refused = runCli(['intents', 'import', broken], { SETTLD_HOME: to });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('INVALID_REGISTRY');
    const missingFlag = runCli(['intents', 'check', '--codes', 'F821'], { SETTLD_HOME: to });
    expect(missingFlag.status).toBe(2);
  });
});

describe('intent tools over MCP (stdio)', () => {
  it('lists the intent tools with annotations and runs the pre-PR check and the lifecycle', async () => {
    const { client, transport } = await stdioClient({ SETTLD_HOME: tempHome() });
    try {
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      for (const name of [
        'intents_create',
        'intents_get',
        'intents_update',
        'intents_delete',
        'intents_list',
        'intents_stale',
        'intents_pre_pr_check',
        'intents_metrics',
      ]) {
        expect(names).toContain(name);
      }
      const deleteTool = tools.find((tool) => tool.name === 'intents_delete');
      expect(deleteTool?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
      expect(tools.find((tool) => tool.name === 'intents_list')?.annotations?.readOnlyHint).toBe(true);

      const check = await client.callTool({
        name: 'intents_pre_pr_check',
        arguments: { files: ['./lukhas/core/foo.py'], critical_codes: ['F821'], auto_create_reserved: true },
      });
      expect(check.isError).toBeFalsy();
      expect(check.structuredContent).toMatchObject({
        ok: false,
        missing: ['lukhas/core/foo.py'],
        details: [{ why: 'no_intent' }],
      });
      const reserved = (check.structuredContent as { created_reserved: { id: string }[] })
        .created_reserved[0]!;

      const planned = await client.callTool({
        name: 'intents_update',
        arguments: { id: reserved.id, status: 'planned', owner: 'core-team', ticket: 'T4-7' },
      });
      expect(planned.structuredContent).toMatchObject({ status: 'planned', owner: 'core-team' });
      const recheck = await client.callTool({
        name: 'intents_pre_pr_check',
        arguments: { files: ['lukhas/core/foo.py'], critical_codes: ['F821'] },
      });
      expect(recheck.structuredContent).toMatchObject({ ok: true, missing: [] });

      const illegal = await client.callTool({
        name: 'intents_update',
        arguments: { id: reserved.id, status: 'reserved' },
      });
      expect(illegal.isError).toBe(true);
      expect(JSON.stringify(illegal.content)).toContain('INVALID_STATUS_TRANSITION');

      const metrics = await client.callTool({ name: 'intents_metrics', arguments: {} });
      expect(metrics.structuredContent).toMatchObject({ total: 1, by_status: { planned: 1 } });
      const listed = await client.callTool({ name: 'intents_list', arguments: { owner: 'core-team' } });
      expect((listed.structuredContent as { items: unknown[] }).items).toHaveLength(1);
      const deleted = await client.callTool({ name: 'intents_delete', arguments: { id: reserved.id } });
      expect(deleted.structuredContent).toMatchObject({ deleted: true });
      const gone = await client.callTool({ name: 'intents_get', arguments: { id: reserved.id } });
      expect(gone.isError).toBe(true);
      expect(JSON.stringify(gone.content)).toContain('NOT_FOUND');
    } finally {
      await transport.close();
    }
  });
});
