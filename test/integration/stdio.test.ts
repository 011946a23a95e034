import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ALL_TOOLS } from '../../mcp/tools/index.js';
import { runCli, stdioClient, tempHome } from '../helpers/process.js';

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

async function connect(env: Record<string, string>, args: string[] = [], version?: string) {
  const handle = await stdioClient(env, args, version);
  open.push(handle.client);
  return handle;
}

function parseErrorText(result: unknown): { code: string; message: string; required?: string } {
  const first = (result as { content: { text: string }[] }).content[0]!;
  return JSON.parse(first.text) as { code: string; message: string; required?: string };
}

function createKey(home: string, tenant: string, scopes: string): string {
  const created = runCli(
    ['keys', 'create', '--agent_id', 'bot', '--owner', 'me', '--tenant', tenant, '--scopes', scopes],
    { SETTLD_HOME: home },
  );
  expect(created.status, created.stderr).toBe(0);
  return created.stdout.trim();
}

const INTENT_READ_TOOLS = [
  'health',
  'intents_pre_pr_check',
  'intents_get',
  'intents_list',
  'intents_by_file',
  'intents_stale',
  'intents_metrics',
];

describe('MCP over stdio (the bin, spawned as a host would)', () => {
  it.each(['2025-11-25', '2025-06-18'])(
    'negotiates protocol %s, lists annotated tools and calls health',
    async (version) => {
      const { client, negotiatedVersion } = await connect({ SETTLD_HOME: tempHome() }, [], version);
      expect(negotiatedVersion()).toBe(version);
      expect(client.getServerVersion()?.name).toBe('settld-mcp');
      expect(client.getServerCapabilities()).toMatchObject({
        tools: {},
        logging: {},
        resources: {},
        prompts: {},
      });
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'health',
          'admin_create_api_key',
          'admin_list_api_keys',
          'admin_revoke_api_key',
          'admin_verify_audit',
        ]),
      );
      for (const tool of tools) {
        expect(tool.name).toMatch(/^[a-z0-9_]{1,40}$/);
        expect(tool.description?.length).toBeGreaterThan(20);
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.inputSchema).not.toHaveProperty('anyOf');
        expect(tool.outputSchema?.type).toBe('object');
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
          expect(typeof tool.annotations?.[hint]).toBe('boolean');
        }
      }
      const health = await client.callTool({ name: 'health', arguments: {} });
      expect(health.isError).toBeFalsy();
      expect(health.structuredContent).toMatchObject({ status: 'ok', caller: { tenant_id: 'default' } });
    },
  );

  it('answers ping', async () => {
    const { client } = await connect({ SETTLD_HOME: tempHome() });
    expect(await client.ping()).toEqual({});
  });

  it('acts as the caller named by SETTLD_TENANT_ID + SETTLD_API_KEY, and a wrong key fails the call', async () => {
    const home = tempHome();
    const created = runCli(
      [
        'keys',
        'create',
        '--agent_id',
        'bot',
        '--owner',
        'me',
        '--tenant',
        'acme',
        '--scopes',
        'intents:read',
      ],
      {
        SETTLD_HOME: home,
      },
    );
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    const good = await connect({ SETTLD_HOME: home, SETTLD_TENANT_ID: 'acme', SETTLD_API_KEY: key });
    const health = await good.client.callTool({ name: 'health', arguments: {} });
    expect(health.structuredContent).toMatchObject({
      caller: { tenant_id: 'acme', scopes: ['intents:read'] },
    });
    const forbidden = await good.client.callTool({ name: 'admin_list_api_keys', arguments: {} });
    expect(forbidden.isError).toBe(true);
    expect(parseErrorText(forbidden).code).toBe('FORBIDDEN');

    const wrong = await connect({
      SETTLD_HOME: home,
      SETTLD_TENANT_ID: 'acme',
      SETTLD_API_KEY: `${key.slice(0, -3)}xyz`,
    });
    const refused = await wrong.client.callTool({ name: 'health', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(parseErrorText(refused).code).toBe('INVALID_API_KEY');
    expect(JSON.stringify(refused)).not.toContain(key.slice(16));
  });

  it('lists the keyless local user every tool, and a key only the tools its scopes let it run', async () => {
    const home = tempHome();
    const local = await connect({ SETTLD_HOME: home });
    expect((await local.client.listTools()).tools.map((tool) => tool.name)).toEqual(
      ALL_TOOLS.map((tool) => tool.name),
    );

    const key = createKey(home, 'acme', 'intents:read');
    const reader = await connect({ SETTLD_HOME: home, SETTLD_TENANT_ID: 'acme', SETTLD_API_KEY: key });
    const names = (await reader.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(INTENT_READ_TOOLS);
    const status = await reader.client.readResource({ uri: 'settld://status' });
    expect(JSON.parse((status.contents[0] as { text: string }).text).tools).toEqual(INTENT_READ_TOOLS);

    // A hidden tool called anyway is refused for its scope, before its (malformed) arguments are read.
    const malformed = { code: 42, file: ['not', 'a', 'path'] };
    const refused = await reader.client.callTool({ name: 'intents_create', arguments: malformed });
    expect(refused.isError).toBe(true);
    expect(parseErrorText(refused)).toMatchObject({ code: 'FORBIDDEN', required: 'intents:write' });
    const judged = await local.client.callTool({ name: 'intents_create', arguments: malformed });
    expect(parseErrorText(judged).code).toBe('INVALID_INPUT');
    const chat = await reader.client.callTool({ name: 'llm_chat', arguments: {} });
    expect(parseErrorText(chat)).toMatchObject({ code: 'FORBIDDEN', required: 'llm:call' });

    // A caller whose key fails is shown only health, which tells it why.
    const wrong = await connect({ SETTLD_HOME: home, SETTLD_API_KEY: `${key.slice(0, -3)}xyz` });
    expect((await wrong.client.listTools()).tools.map((tool) => tool.name)).toEqual(['health']);
  });

  it('answers an unknown tool with a protocol error that says "MCP error -32602" once', async () => {
    const { client } = await connect({ SETTLD_HOME: tempHome() }, ['--toolsets', 'intents']);
    for (const name of ['no_such_tool', 'admin_verify_audit']) {
      const error = await client.callTool({ name, arguments: {} }).then(
        () => undefined,
        (reason: unknown) => reason as { code?: number; message?: string },
      );
      expect(error?.code).toBe(-32602);
      expect(error?.message).toBe(`MCP error -32602: Unknown tool "${name}"`);
    }
  });

  it('verifies the audit chain for the local user, and refuses a tenant’s admin key', async () => {
    const home = tempHome();
    const local = await connect({ SETTLD_HOME: home });
    const key = createKey(home, 'acme', 'admin');
    const verified = await local.client.callTool({ name: 'admin_verify_audit', arguments: {} });
    expect(verified.isError).toBeFalsy();
    expect(verified.structuredContent).toMatchObject({ ok: true, rows: expect.any(Number) });

    const tenantAdmin = await connect({ SETTLD_HOME: home, SETTLD_TENANT_ID: 'acme', SETTLD_API_KEY: key });
    // A tenant admin is not shown the tool at all (the chain spans every tenant); calling it anyway
    // is answered with the reason.
    const listed = (await tenantAdmin.client.listTools()).tools.map((tool) => tool.name);
    expect(listed).toContain('admin_create_api_key');
    expect(listed).not.toContain('admin_verify_audit');
    const refused = await tenantAdmin.client.callTool({ name: 'admin_verify_audit', arguments: {} });
    expect(refused.isError).toBe(true);
    const error = parseErrorText(refused);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('Only the operator verifies the audit chain');
    expect(error).not.toHaveProperty('rows');
  });

  it('answers a user-fixable mistake with isError and a code, not a protocol error', async () => {
    const { client } = await connect({ SETTLD_HOME: tempHome() });
    const result = await client.callTool({ name: 'admin_create_api_key', arguments: { agent_id: 42 } });
    expect(result.isError).toBe(true);
    expect(parseErrorText(result).code).toBe('INVALID_INPUT');
    const notFound = await client.callTool({ name: 'admin_revoke_api_key', arguments: { key: 'sk_nope' } });
    expect(parseErrorText(notFound).code).toBe('NOT_FOUND');
  });

  it('honours --toolsets, --tools and --read-only (read-only wins)', async () => {
    const home = tempHome();
    const readOnly = await connect({ SETTLD_HOME: home }, ['--read-only']);
    const readOnlyNames = (await readOnly.client.listTools()).tools.map((tool) => tool.name).sort();
    expect(readOnlyNames).toEqual([
      'admin_list_api_keys',
      'admin_verify_audit',
      'health',
      'intents_by_file',
      'intents_get',
      'intents_list',
      'intents_metrics',
      'intents_stale',
      'llm_quota_status',
      'llm_usage',
      'onboarding_first_paid_call_history',
      'runner_get_run',
      'runner_list_grants',
      'runner_list_runs',
      'runner_summary',
    ]);

    const named = await connect({ SETTLD_HOME: home }, ['--tools', 'admin_verify_audit']);
    expect((await named.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      'admin_verify_audit',
      'health',
    ]);

    const both = await connect({ SETTLD_HOME: home }, [
      'stdio',
      '--toolsets',
      'admin',
      '--tools',
      'admin_create_api_key',
      '--read-only',
    ]);
    expect((await both.client.listTools()).tools.map((tool) => tool.name)).not.toContain(
      'admin_create_api_key',
    );
  });

  it('serves resources and prompts, and accepts logging/setLevel', async () => {
    const { client } = await connect({ SETTLD_HOME: tempHome() });
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(
      expect.arrayContaining(['settld://openapi.json', 'settld://status']),
    );
    const openapi = await client.readResource({ uri: 'settld://openapi.json' });
    const document = JSON.parse((openapi.contents[0] as { text: string }).text);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/admin/api_keys');
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toContain('pre_pr_workflow');
    const prompt = await client.getPrompt({ name: 'pre_pr_workflow', arguments: { files: 'a.py' } });
    expect(JSON.stringify(prompt.messages)).toContain('intents_pre_pr_check');
    await expect(client.setLoggingLevel('warning')).resolves.toEqual({});
  });

  it('writes nothing but MCP on stdout and refuses an unknown toolset with a clear line', () => {
    const result = runCli(['--toolsets', 'nope'], { SETTLD_HOME: tempHome() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown toolset "nope"');
    expect(result.stdout).toBe('');
  });
});
