import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
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

function parseErrorText(result: unknown): { code: string; message: string } {
  const first = (result as { content: { text: string }[] }).content[0]!;
  return JSON.parse(first.text) as { code: string; message: string };
}

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
