import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, startServe, stdioClient, tempHome } from '../helpers/process.js';

describe('settld-mcp CLI', () => {
  it('keys create | list | revoke, with the options of create_api_key_admin.py', () => {
    const home = tempHome();
    const created = runCli(
      [
        'keys',
        'create',
        '--agent_id',
        'claude-agent-1',
        '--owner',
        'platform',
        '--expires_days',
        '365',
        '--daily_limit',
        '100.0',
      ],
      { SETTLD_HOME: home },
    );
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk_[A-Za-z0-9]{12}_[A-Za-z0-9]{40}$/);
    expect(created.stderr).toContain('shown only now');

    const listed = runCli(['keys', 'list', '--json'], { SETTLD_HOME: home });
    expect(listed.status).toBe(0);
    expect(listed.stdout).not.toContain(key);
    const page = JSON.parse(listed.stdout);
    expect(page.items[0]).toMatchObject({ agent_id: 'claude-agent-1', daily_limit: 100, status: 'active' });

    const table = runCli(['keys', 'list'], { SETTLD_HOME: home });
    expect(table.stdout).toMatch(/^key\s+tenant\s+agent/);

    expect(runCli(['keys', 'revoke', key], { SETTLD_HOME: home }).stdout).toContain('revoked sk_');
    expect(JSON.parse(runCli(['keys', 'list', '--json'], { SETTLD_HOME: home }).stdout).items[0].status).toBe(
      'revoked',
    );

    const bad = runCli(['keys', 'create', '--agent_id', 'x', '--owner', 'y', '--scopes', 'everything'], {
      SETTLD_HOME: home,
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('INVALID_SCOPES');
  });

  it('audit verify passes on an untouched store and names a changed row with exit 1', () => {
    const home = tempHome();
    for (const agent of ['a', 'b', 'c'])
      runCli(['keys', 'create', '--agent_id', agent, '--owner', 'o'], { SETTLD_HOME: home });
    const ok = runCli(['audit', 'verify'], { SETTLD_HOME: home });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('audit chain ok: 3 rows');

    const db = new Database(join(home, 'settld.db'));
    db.prepare(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2`).run();
    db.close();
    const broken = runCli(['audit', 'verify'], { SETTLD_HOME: home });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('BROKEN at row 2');
    expect(JSON.parse(runCli(['audit', 'verify', '--json'], { SETTLD_HOME: home }).stdout)).toMatchObject({
      ok: false,
      badSeq: 2,
    });
  });

  it('honours --db', () => {
    const home = tempHome();
    const dbPath = join(tempHome(), 'elsewhere.db');
    runCli(['--db', dbPath, 'keys', 'create', '--agent_id', 'a', '--owner', 'o'], { SETTLD_HOME: home });
    expect(
      JSON.parse(runCli(['--db', dbPath, 'keys', 'list', '--json'], { SETTLD_HOME: home }).stdout).items,
    ).toHaveLength(1);
    expect(JSON.parse(runCli(['keys', 'list', '--json'], { SETTLD_HOME: home }).stdout).items).toHaveLength(
      0,
    );
  });

  it('has --help on every command', () => {
    for (const args of [
      [],
      ['stdio'],
      ['serve'],
      ['keys'],
      ['keys', 'create'],
      ['keys', 'list'],
      ['keys', 'revoke'],
      ['audit', 'verify'],
    ]) {
      const result = runCli([...args, '--help'], {});
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: settld-mcp');
    }
  });

  it('bridges stdio to a remote serve when SETTLD_BASE_URL is set (the seed’s npx settld-mcp)', async () => {
    const server = await startServe();
    try {
      const created = await fetch(`${server.baseUrl}/admin/api_keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-token': server.adminToken },
        body: JSON.stringify({ tenant_id: 'acme', agent_id: 'runtime', owner: 'o', scopes: 'intents:read' }),
      });
      const { key } = (await created.json()) as { key: string };
      const { client } = await stdioClient({
        SETTLD_HOME: tempHome(),
        SETTLD_BASE_URL: server.baseUrl,
        SETTLD_TENANT_ID: 'acme',
        SETTLD_API_KEY: key,
      });
      const health = await client.callTool({ name: 'health', arguments: {} });
      expect(health.structuredContent).toMatchObject({
        caller: { tenant_id: 'acme', actor: expect.stringMatching(/^key:/) },
      });
      await client.close();

      const wrong = await stdioClient({
        SETTLD_HOME: tempHome(),
        SETTLD_BASE_URL: server.baseUrl,
        SETTLD_API_KEY: 'sk_bad',
      }).catch((error: Error) => error);
      expect(wrong).toBeInstanceOf(Error);
    } finally {
      await server.stop();
    }
  });
});
